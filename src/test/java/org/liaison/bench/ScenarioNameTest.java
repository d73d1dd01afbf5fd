package org.liaison.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.liaison.http.Json;

/** The scenarios' names: {@code congested} still means the hot spot, typed or read from JSON. */
class ScenarioNameTest {
  @Test
  void congested_is_the_hot_spot_on_the_command_line_and_in_json() throws Exception {
    assertThat(Bench.Scenario.parse("congested")).isEqualTo(Bench.Scenario.HOTSPOT);
    assertThat(Bench.Scenario.parse("HotSpot")).isEqualTo(Bench.Scenario.HOTSPOT);
    assertThat(Bench.Scenario.parse("dense")).isEqualTo(Bench.Scenario.DENSE);
    assertThat(Bench.Scenario.parse("notify")).isEqualTo(Bench.Scenario.NOTIFY);
    assertThat(Json.MAPPER.readValue("\"congested\"", Bench.Scenario.class)).isEqualTo(Bench.Scenario.HOTSPOT);
    assertThat(Json.MAPPER.writeValueAsString(Bench.Scenario.HOTSPOT)).isEqualTo("\"hotspot\"");
  }

  @Test
  void an_unknown_scenario_is_refused_by_name() {
    assertThatThrownBy(() -> Bench.Scenario.parse("crowded")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"crowded\"").hasMessageContaining("dense");
  }

  @Test
  void all_runs_the_dense_area_and_the_hot_spot() {
    assertThat(Bench.Scenario.ALL_RUNS).containsExactly(Bench.Scenario.NOOP, Bench.Scenario.QUERY,
        Bench.Scenario.HOTSPOT, Bench.Scenario.DENSE, Bench.Scenario.SPREAD);
  }
}
