package org.liaison.channels;

import org.liaison.errors.ApiException;
import org.liaison.errors.Values;

/** How urgent a message is. Safety-of-flight messages get an acknowledgement deadline by default. */
enum Priority {
  ROUTINE("routine"),
  URGENT("urgent"),
  SAFETY_OF_FLIGHT("safety-of-flight");

  final String wire;

  Priority(String wire) {
    this.wire = wire;
  }

  static Priority parse(String s, String path) {
    for (Priority p : values()) {
      if (p.wire.equals(s)) {
        return p;
      }
    }
    throw ApiException.badRequest(
        "%s \"%s\" is not one of routine, urgent, safety-of-flight", path, Values.truncate(s));
  }
}
