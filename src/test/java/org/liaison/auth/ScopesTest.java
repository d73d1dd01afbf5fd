package org.liaison.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopesTest {

  private static final String SC = "utm.strategic_coordination";
  private static final String CM = "utm.constraint_management";
  private static final String CP = "utm.constraint_processing";

  private static Principal holding(String... scopes) {
    return new Principal("uss1", Set.of(scopes), Instant.EPOCH);
  }

  @Test
  void one_alternative_fully_held_is_enough() {
    assertThat(holding(CP).hasAnyScopeSet(List.of(Set.of(SC), Set.of(CP)))).isTrue();
    assertThat(holding(SC, CM).hasAnyScopeSet(List.of(Set.of(SC, CM)))).isTrue();
  }

  @Test
  void alternatives_are_not_pooled_across_sets() {
    // SC from one set and CM from another do not add up to either set.
    assertThat(holding(SC, CM).hasAnyScopeSet(List.of(Set.of(SC, CP), Set.of(CM, CP)))).isFalse();
  }

  @Test
  void partly_held_set_is_not_enough() {
    assertThat(holding(SC).hasAnyScopeSet(List.of(Set.of(SC, CM)))).isFalse();
  }

  @Test
  void empty_alternative_is_met_and_empty_list_is_not() {
    assertThat(holding().hasAnyScopeSet(List.of(Set.of()))).isTrue();
    assertThat(holding(SC).hasAnyScopeSet(List.of())).isFalse();
  }

  @Test
  void require_scopes_passes_when_an_alternative_is_held() {
    TokenVerifier.requireScopes(holding(CM, "other"), List.of(Set.of(SC), Set.of(CM)));
  }

  @Test
  void require_scopes_refuses_naming_required_and_granted_scopes() {
    AuthException e =
        catchThrowableOfType(
            AuthException.class,
            () -> TokenVerifier.requireScopes(holding(CP), List.of(Set.of(SC), Set.of(CM, CP))));
    assertThat(e.kind()).isEqualTo(AuthException.Kind.FORBIDDEN);
    assertThat(e.getMessage())
        .isEqualTo(
            "\"uss1\" lacks the required scopes: needs all of [utm.strategic_coordination] or "
                + "[utm.constraint_management, utm.constraint_processing]; "
                + "token grants [utm.constraint_processing]");
  }

  @Test
  void require_scopes_with_no_alternatives_is_a_programming_error() {
    assertThatThrownBy(() -> TokenVerifier.requireScopes(holding(SC), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alternatives is empty");
  }

  @Test
  void principal_is_validated_and_immutable() {
    assertThatThrownBy(() -> new Principal(" ", Set.of(), Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("party");
    assertThatThrownBy(() -> holding(SC).scopes().add(CM))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
