package org.liaison.errors;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request that cannot be served: what kind of refusal it is, and a message that names the
 * offending field and value. Thrown by domain code, which knows nothing of HTTP; the HTTP server
 * ({@code http.HubServer}) is the one place that turns a {@link Kind} into a status.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The kinds of refusal. */
  public enum Kind {
    /** A field is missing, of the wrong type or out of range. */
    INVALID,
    /** No credentials, or credentials that are not valid. */
    UNAUTHENTICATED,
    /** The caller may not do this. */
    FORBIDDEN,
    /** No such entity. */
    NOT_FOUND,
    /** The entity is not in the state the request assumes: a version mismatch, missing OVNs, a duplicate. */
    CONFLICT,
    /** A field is larger than its limit. */
    TOO_LARGE,
    /** The caller's own state forbids the request (a USS marked Down declaring, say). */
    PRECONDITION_FAILED,
    /** The request asks for an answer in a form this endpoint does not give. */
    NOT_ACCEPTABLE,
    /** The server cannot serve this now; retrying later may work. */
    UNAVAILABLE,
    /** The caller is over its rate limit; it may retry after the time the answer gives. */
    TOO_MANY_REQUESTS
  }

  private final Kind kind;
  /** Fields the answer carries besides its message (the references a key missed, say), or null. */
  private final transient ObjectNode details;

  public ApiException(Kind kind, String message) {
    this(kind, message, null);
  }

  private ApiException(Kind kind, String message, ObjectNode details) {
    super(message, null, false, false);
    this.kind = kind;
    this.details = details;
  }

  public Kind kind() {
    return kind;
  }

  /** Fields the answer carries besides {@code message}, or null. */
  public ObjectNode details() {
    return details;
  }

  /** This refusal with {@code details} added to its answer. */
  public ApiException withDetails(ObjectNode details) {
    return new ApiException(kind, getMessage(), details);
  }

  public static ApiException badRequest(String format, Object... args) {
    return new ApiException(Kind.INVALID, String.format(format, args));
  }

  public static ApiException forbidden(String format, Object... args) {
    return new ApiException(Kind.FORBIDDEN, String.format(format, args));
  }

  public static ApiException notFound(String format, Object... args) {
    return new ApiException(Kind.NOT_FOUND, String.format(format, args));
  }

  /** The caller's state forbids the request, e.g. a USS marked Down declaring an operation. */
  public static ApiException preconditionFailed(String format, Object... args) {
    return new ApiException(Kind.PRECONDITION_FAILED, String.format(format, args));
  }

  public static ApiException conflict(String format, Object... args) {
    return new ApiException(Kind.CONFLICT, String.format(format, args));
  }

  public static ApiException tooLarge(String format, Object... args) {
    return new ApiException(Kind.TOO_LARGE, String.format(format, args));
  }

  public static ApiException unauthenticated(String format, Object... args) {
    return new ApiException(Kind.UNAUTHENTICATED, String.format(format, args));
  }
}
