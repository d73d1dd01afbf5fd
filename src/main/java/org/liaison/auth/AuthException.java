package org.liaison.auth;

import java.util.Objects;

/**
 * A request's credentials were refused. The message says why and never contains the token itself;
 * for {@code UNAUTHENTICATED} and {@code FORBIDDEN} it is meant for the caller, for {@code
 * KEYS_UNAVAILABLE} it names the key server and is meant for the operator's log.
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
