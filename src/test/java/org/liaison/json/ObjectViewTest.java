package org.liaison.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.liaison.errors.ApiException;

class ObjectViewTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ObjectView body(String json) throws Exception {
    return ObjectView.of(JSON.readTree(json));
  }

  static AbstractThrowableAssert<?, ?> refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
    return assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.kind()).isEqualTo(ApiException.Kind.INVALID)).hasMessage(message);
  }

  @Test
  void the_path_follows_nested_objects_and_arrays() throws Exception {
    ObjectView b = body("""
        {"extents": [{"time_start": {"value": 5}}, {"volume": {"vertices": [{"lat": 1}, {"lat": "x"}]}}]}""");
    refused(() -> b.array("extents").obj(0).obj("time_start").string("value"),
        "extents[0].time_start.value must be a string, got 5");
    refused(() -> b.array("extents").obj(1).obj("volume").array("vertices").obj(1).number("lat"),
        "extents[1].volume.vertices[1].lat must be a number, got \"x\"");
    refused(() -> b.array("extents").obj(1).obj("volume").array("vertices").obj(0).number("lng"),
        "extents[1].volume.vertices[0].lng is missing");
    assertThat(b.array("extents").obj(1).obj("volume").array("vertices").obj(0).number("lat")).isEqualTo(1.0);
    assertThat(b.array("extents").obj(1).obj("volume").path("vertices")).isEqualTo("extents[1].volume.vertices");
  }

  @Test
  void a_view_may_start_below_the_body() throws Exception {
    ObjectView p = ObjectView.of(JSON.readTree("{\"level\": true}"), "phrase.params");
    refused(() -> p.integer("level"), "phrase.params.level must be a whole number, got true");
    refused(() -> ObjectView.of(null, "phrase.params"), "phrase.params is missing");
    refused(() -> ObjectView.of(JSON.readTree("[]"), "phrase.params"), "phrase.params must be a JSON object, got []");
  }

  @Test
  void the_body_itself_is_called_body() throws Exception {
    refused(() -> ObjectView.of(JSON.readTree("[1, 2]")), "body must be a JSON object, got [1,2]");
    refused(() -> ObjectView.of(null), "body must be a JSON object, got null");
    refused(() -> body("{\"a\": 1}").onlyKnown(Set.of("b", "c")), "body has unknown field \"a\"; known fields are b, c");
  }

  @Test
  void missing_means_absent_or_null() throws Exception {
    ObjectView b = body("{\"a\": null}");
    for (String f : List.of("a", "b")) {
      refused(() -> b.string(f), f + " is missing");
      refused(() -> b.number(f), f + " is missing");
      refused(() -> b.integer(f), f + " is missing");
      refused(() -> b.bool(f), f + " is missing");
      refused(() -> b.obj(f), f + " is missing");
      refused(() -> b.array(f), f + " is missing");
      refused(() -> b.uuid(f), f + " is missing");
      refused(() -> b.instant(f), f + " is missing");
      assertThat(b.has(f)).isFalse();
      assertThat(b.get(f)).isNull();
      assertThat(b.string(f, "dflt")).isEqualTo("dflt");
      assertThat(b.number(f, 2.5)).isEqualTo(2.5);
      assertThat(b.integer(f, 7)).isEqualTo(7);
      assertThat(b.integerOrNull(f, 0, 1)).isNull();
      assertThat(b.bool(f, true)).isTrue();
      assertThat(b.objOrNull(f)).isNull();
      assertThat(b.arrayOrEmpty(f).isEmpty()).isTrue();
      assertThat(b.strings(f, 3)).isEmpty();
      assertThat(b.instant(f, null)).isNull();
    }
  }

  @Test
  void each_wrong_type_names_the_type_and_quotes_the_value() throws Exception {
    ObjectView b = body("{\"s\": \"text\", \"n\": 1.5, \"t\": true, \"o\": {\"k\": 1}, \"a\": [1]}");
    refused(() -> b.string("n"), "n must be a string, got 1.5");
    refused(() -> b.number("s"), "s must be a number, got \"text\"");
    refused(() -> b.integer("n"), "n must be a whole number, got 1.5");
    refused(() -> b.bool("s"), "s must be true or false, got \"text\"");
    refused(() -> b.obj("a"), "a must be a JSON object, got [1]");
    refused(() -> b.array("o"), "o must be an array, got {\"k\":1}");
    refused(() -> b.array("a").string(0), "a[0] must be a string, got 1");
    refused(() -> b.array("a").obj(0), "a[0] must be a JSON object, got 1");
    // An optional read refuses a present value of the wrong type just the same.
    refused(() -> b.string("n", null), "n must be a string, got 1.5");
    refused(() -> b.bool("s", false), "s must be true or false, got \"text\"");
  }

  @Test
  void invalid_values_are_quoted_after_the_path() throws Exception {
    ObjectView b = body("{\"id\": \"nope\", \"v3\": \"6ba7b810-9dad-11d1-80b4-00c04fd430c8\", \"at\": \"yesterday\","
        + " \"state\": \"Flying\", \"n\": 91}");
    refused(() -> b.uuid("id"), "id \"nope\" is not a UUID");
    refused(() -> b.uuid4("v3"), "v3 \"6ba7b810-9dad-11d1-80b4-00c04fd430c8\" is not a version-4 UUID");
    assertThat(b.uuid("v3")).isEqualTo(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"));
    refused(() -> b.instant("at"), "at \"yesterday\" is not an RFC 3339 date-time");
    refused(() -> b.oneOf("state", Map.of("Accepted", 1, "Ended", 2)), "state \"Flying\" is not one of Accepted, Ended");
    refused(() -> b.enumOf("state", Thread.State.class),
        "state \"Flying\" is not one of BLOCKED, NEW, RUNNABLE, TERMINATED, TIMED_WAITING, WAITING");
    refused(() -> b.number("n", -90, 90), "n 91.0 is outside [-90, 90]");
    refused(() -> b.integer("n", 0, 90), "n 91 is outside [0, 90]");
    refused(() -> b.integerOrNull("n", 100, 200), "n 91 is outside [100, 200]");
    assertThat(b.number("n", 0, 91)).isEqualTo(91.0);
    assertThat(b.integer("n", 91, 91)).isEqualTo(91);
    refused(() -> { throw b.invalid("id", "nope", "is not a party name"); }, "id \"nope\" is not a party name");
    refused(() -> { throw b.refuse("id", "must name a party"); }, "id must name a party");
  }

  @Test
  void huge_numbers_are_refused_by_value_not_wrapped() throws Exception {
    ObjectView b = body("{\"big\": 123456789012345678901234567890, \"inf\": 1e999, \"neg\": -1e999, \"max\": 9223372036854775807}");
    refused(() -> b.integer("big"),
        "big 123456789012345678901234567890 is outside [-9223372036854775808, 9223372036854775807]");
    refused(() -> b.number("inf"), "inf Infinity is not a finite number");
    refused(() -> b.number("neg"), "neg -Infinity is not a finite number");
    assertThat(b.integer("max")).isEqualTo(Long.MAX_VALUE);
    assertThat(b.number("big")).isEqualTo(1.2345678901234568E29);
    refused(() -> b.number("big", -90, 90), "big 1.2345678901234568E29 is outside [-90, 90]");
  }

  @Test
  void long_values_are_truncated_in_messages() throws Exception {
    String longText = "x".repeat(10_000);
    ObjectView b = body("{\"s\": \"" + longText + "\"}");
    assertThatThrownBy(() -> b.number("s")).hasMessageStartingWith("s must be a number, got \"xxx")
        .hasMessageEndingWith("…").message().hasSizeLessThan(200);
    assertThatThrownBy(() -> b.uuid("s")).hasMessageStartingWith("s \"xxx").message().hasSizeLessThan(200);
  }

  @Test
  void arrays_read_items_and_refuse_too_many() throws Exception {
    ObjectView b = body("{\"to\": [\"a\", \"b\", \"c\"], \"mixed\": [\"a\", 2]}");
    assertThat(b.strings("to", 3)).containsExactly("a", "b", "c");
    refused(() -> b.strings("to", 2), "to has 3 items; at most 2 are accepted");
    refused(() -> b.strings("mixed", 5), "mixed[1] must be a string, got 2");
    refused(() -> b.array("to").atMost(1, "parties"), "to has 3 parties; at most 1 are accepted");
    assertThat(b.array("to").atMost(3, "parties").size()).isEqualTo(3);
    refused(() -> ObjectView.of(JSON.readTree("{\"v\": []}")).array("v").notEmpty("volume"), "v must hold at least one volume");
    assertThat(b.array("to").path(2)).isEqualTo("to[2]");
    JsonNode n = b.array("to").get(0);
    assertThat(n.textValue()).isEqualTo("a");
  }

  @Test
  void times_read_as_instants() throws Exception {
    ObjectView b = body("{\"at\": \"2030-01-02T03:04:05.5+01:00\"}");
    assertThat(b.instant("at")).isEqualTo(Instant.parse("2030-01-02T02:04:05.5Z"));
  }
}
