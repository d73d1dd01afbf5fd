package org.liaison.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The authenticated caller of one request, as read from a verified bearer token.
 *
 * @param party the token's {@code sub}: the client (USS, operator) the token was issued to; never
 *     blank
 * @param scopes the scopes granted to the token; immutable, possibly empty
 * @param expires when the token stops being accepted
 */
public record Principal(String party, Set<String> scopes, Instant expires) {

  public Principal {
    Objects.requireNonNull(party, "party");
    if (party.isBlank()) {
      throw new IllegalArgumentException("party is blank");
    }
    scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
    Objects.requireNonNull(expires, "expires");
  }

  /**
   * Whether this principal satisfies an endpoint's security requirement, written the way an
   * OpenAPI {@code security} section lists it: a list of alternatives, each a set of scopes that
   * must all be held. The requirement is met when every scope of at least one alternative is held.
   * An empty alternative is met by anyone; an empty list is met by no one.
   */
  public boolean hasAnyScopeSet(List<Set<String>> alternatives) {
    for (Set<String> alternative : alternatives) {
      if (scopes.containsAll(alternative)) {
        return true;
      }
    }
    return false;
  }
}
