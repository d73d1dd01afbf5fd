package org.liaison.auth;

import java.util.List;
import java.util.Set;

/** Authenticates a request's Authorization header and checks it holds one of the scope sets. */
@FunctionalInterface
public interface Guard {
  /**
   * @throws AuthException UNAUTHENTICATED (401) for a missing or bad token, FORBIDDEN (403) when
   *     the token lacks every one of {@code anyOf}
   */
  Principal check(String authorizationHeader, List<Set<String>> anyOf);

  static Guard of(TokenVerifier verifier) {
    return (header, anyOf) -> {
      Principal p = verifier.verify(header);
      TokenVerifier.requireScopes(p, anyOf);
      return p;
    };
  }
}
