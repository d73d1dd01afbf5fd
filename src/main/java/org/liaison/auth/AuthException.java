package org.liaison.auth;

import java.util.Objects;

/**
 * A request's credentials were refused. The message says why in terms safe to return to the
 * caller: it never contains the token itself.
 */
public final class AuthException extends RuntimeException {

  /** Why the request was refused; the HTTP layer maps each kind to one status code. */
  public enum Kind {
    /** No usable credentials: missing, malformed, forged or expired token (HTTP 401). */
    UNAUTHENTICATED,
    /** Valid token without the scopes the operation needs (HTTP 403). */
    FORBIDDEN,
    /**
     * The token could not be checked because the key set at the configured JWKS URL could not be
     * fetched; the caller is not at fault (HTTP 503).
     */
    KEYS_UNAVAILABLE
  }

  private final Kind kind;

  AuthException(Kind kind, String message) {
    this(kind, message, null);
  }

  AuthException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
