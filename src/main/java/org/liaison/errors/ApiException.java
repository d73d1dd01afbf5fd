package org.liaison.errors;

/**
 * A request that cannot be served, with the HTTP status it maps to and a message that names the
 * offending field and value. Thrown by domain code; turned into a response in exactly one place.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiException badRequest(String format, Object... args) {
    return new ApiException(400, String.format(format, args));
  }

  public static ApiException forbidden(String format, Object... args) {
    return new ApiException(403, String.format(format, args));
  }

  public static ApiException notFound(String format, Object... args) {
    return new ApiException(404, String.format(format, args));
  }

  /** 412: the caller's state forbids the request, e.g. a USS marked Down declaring an operation. */
  public static ApiException preconditionFailed(String format, Object... args) {
    return new ApiException(412, String.format(format, args));
  }

  public static ApiException conflict(String format, Object... args) {
    return new ApiException(409, String.format(format, args));
  }
}
