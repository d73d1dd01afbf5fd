package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** USS availability: arbitrated, versioned, case-insensitive on input, shown on references. */
interface AvailabilityContract extends Contract {

  @Test
  default void availability_starts_unknown_with_an_empty_version() {
    Party a = party("a");

    Resp r = a.getAvailability(a.name).expect(200);

    assertThat(r.at("/status/uss").asText()).isEqualTo(a.name);
    assertThat(r.at("/status/availability").asText()).isEqualTo("Unknown");
    assertThat(r.at("/version").isTextual()).isTrue();
    assertThat(r.at("/version").asText()).isEmpty();
  }

  @Test
  default void availability_input_is_case_insensitive_and_each_change_gets_a_new_version() {
    Party a = party("a");
    Party arbiter = arbiter();

    Resp down = arbiter.setAvailability(a.name, "", "down").expect(200);
    assertThat(down.at("/status/availability").asText()).isEqualTo("Down");
    String v1 = down.at("/version").asText();
    assertThat(v1).isNotEmpty();
    Resp normal = arbiter.setAvailability(a.name, v1, "NORMAL").expect(200);
    assertThat(normal.at("/status/availability").asText()).isEqualTo("Normal");
    String v2 = normal.at("/version").asText();
    assertThat(v2).isNotEqualTo(v1);

    assertThat(a.getAvailability(a.name).expect(200).body()).isEqualTo(normal.body());
    Ref x = a.createOi(Req.oi(site().circle(100)));
    assertThat(x.json().path("uss_availability").asText()).isEqualTo("Normal");
    assertThat(arbiter.setAvailability(a.name, v2, "uNkNoWn").expect(200).at("/status/availability").asText())
        .isEqualTo("Unknown");
  }

  @Test
  default void stale_availability_version_is_409() {
    Party a = party("a");
    Party arbiter = arbiter();
    String v1 = arbiter.setAvailability(a.name, "", "Normal").expect(200).at("/version").asText();

    arbiter.setAvailability(a.name, "", "Down").expect(409);
    arbiter.setAvailability(a.name, v1 + "0", "Down").expect(409);

    Resp now = a.getAvailability(a.name).expect(200);
    assertThat(now.at("/status/availability").asText()).isEqualTo("Normal");
    assertThat(now.at("/version").asText()).isEqualTo(v1);
  }

  @Test
  default void unknown_availability_is_400_naming_the_value() {
    Party a = party("a");
    Party arbiter = arbiter();

    Resp r = arbiter.setAvailability(a.name, "", "Sideways").expect(400);

    assertThat(r.message()).contains("availability").contains("Sideways");
    assertThat(a.getAvailability(a.name).at("/status/availability").asText()).isEqualTo("Unknown");
    Resp missing = arbiter.send("PUT", Party.AVAILABILITY + a.name, "{\"old_version\":\"\"}").expect(400);
    assertThat(missing.message()).contains("availability");
  }

  @Test
  default void uss_id_with_a_nul_character_is_refused_before_storage() {
    Party arbiter = arbiter();

    // PostgreSQL cannot store a NUL; the HTTP server refuses the path first (with its own page).
    arbiter.send("PUT", Party.AVAILABILITY + "uss%00one", Req.JSON.objectNode()
        .put("old_version", "").put("availability", "Down")).expect(400);
  }
}
