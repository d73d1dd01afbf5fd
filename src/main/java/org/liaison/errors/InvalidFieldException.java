package org.liaison.errors;

/**
 * A value that cannot be what it claims to be, with the path of the field it came from (such as
 * {@code extents[0].volume.outline_circle.center}). Plain: it carries no HTTP status, so a library
 * such as {@code geo} can throw it; the HTTP server answers it 400 with its message.
 */
public class InvalidFieldException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The path of the offending field. */
  public String field() {
    return field;
  }
}
