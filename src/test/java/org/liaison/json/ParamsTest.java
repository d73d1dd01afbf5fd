package org.liaison.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.liaison.errors.ApiException;

class ParamsTest {
  @Test
  void path_parameters_are_refused_in_the_body_wording() {
    assertThatThrownBy(() -> Params.uuid4("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "entityid"))
        .isInstanceOf(ApiException.class)
        .hasMessage("entityid \"6ba7b810-9dad-11d1-80b4-00c04fd430c8\" is not a version-4 UUID");
    assertThatThrownBy(() -> Params.uuid("x".repeat(500), "id")).hasMessageStartingWith("id \"xxx")
        .hasMessageEndingWith("…\" is not a UUID");
    assertThatThrownBy(() -> Params.uuid(null, "id")).hasMessage("id \"\" is not a UUID");
    assertThatThrownBy(() -> Params.instant("2030-01-01", "since")).hasMessage("since \"2030-01-01\" is not an RFC 3339 date-time");
  }

  @Test
  void good_values_are_read() {
    UUID v4 = UUID.randomUUID();
    assertThat(Params.uuid4(v4.toString().toUpperCase(), "id")).isEqualTo(v4);
    assertThat(Params.uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "id").version()).isEqualTo(1);
    assertThat(Params.instant("2030-01-01T00:00:00-02:00", "t")).isEqualTo(Instant.parse("2030-01-01T02:00:00Z"));
  }
}
