package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;

class SeparationPolicyTest {
  static SeparationPolicy parse(String json) throws Exception {
    return SeparationPolicy.parse(Json.MAPPER.readTree(json));
  }

  @Test
  void the_default_is_the_faa_figure_with_five_minutes() {
    SeparationPolicy p = SeparationPolicy.defaults();
    assertThat(p.against("anyone")).isEqualTo(new Buffers(5556, 152.4, 300));
  }

  @Test
  void a_party_entry_wins_then_the_largest_of_its_groups_then_the_default() throws Exception {
    SeparationPolicy p = parse("""
        {"default": {"horizontal_m": 1000, "vertical_m": 100, "time_s": 60},
         "groups": [{"name": "coalition", "members": ["A", "B"], "horizontal_m": 500},
                    {"name": "northern", "members": ["B", "C"], "vertical_m": 30, "time_s": 600}],
         "parties": {"B": {"horizontal_m": 9000}}}
        """);
    assertThat(p.against("B")).isEqualTo(new Buffers(9000, 100, 60));
    assertThat(p.against("A")).isEqualTo(new Buffers(500, 100, 60));
    assertThat(p.against("C")).isEqualTo(new Buffers(1000, 30, 600));
    assertThat(p.against("D")).isEqualTo(new Buffers(1000, 100, 60));
    assertThat(p.largest()).isEqualTo(new Buffers(9000, 100, 600));
    assertThat(parse(p.toJson().toString()).against("C")).isEqualTo(p.against("C"));
  }

  @Test
  void a_party_in_two_groups_keeps_the_larger_buffer_of_each_dimension() throws Exception {
    SeparationPolicy p = parse("""
        {"groups": [{"name": "g1", "members": ["X"], "horizontal_m": 10, "vertical_m": 500, "time_s": 1},
                    {"name": "g2", "members": ["X"], "horizontal_m": 20, "vertical_m": 5, "time_s": 2}]}
        """);
    assertThat(p.against("X")).isEqualTo(new Buffers(20, 500, 2));
  }

  @Test
  void mistakes_name_the_field() {
    assertThatThrownBy(() -> parse("{\"parties\": {\"B\": {\"horizontal\": 5}}}"))
        .isInstanceOf(ApiException.class).hasMessageContaining("parties.B.horizontal is not a buffer");
    assertThatThrownBy(() -> parse("{\"default\": {\"time_s\": -1}}"))
        .isInstanceOf(ApiException.class).hasMessageContaining("time_s -1.0 must be");
    assertThatThrownBy(() -> parse("{\"groups\": [{\"name\": \"g\"}]}"))
        .isInstanceOf(ApiException.class).hasMessageContaining("groups[0].members is missing");
  }
}
