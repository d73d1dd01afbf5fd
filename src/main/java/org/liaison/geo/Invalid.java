package org.liaison.geo;

import org.liaison.errors.InvalidFieldException;

/** The plain exception geo throws for a bad field of a request: its path and a message naming the value. */
final class Invalid {
  private Invalid() {}

  static InvalidFieldException field(String path, String format, Object... args) {
    return new InvalidFieldException(path, String.format(format, args));
  }
}
