package org.liaison.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String canonical(Object value) {
    return new String(Canonical.canonicalize(value), StandardCharsets.UTF_8);
  }

  private static String canonicalJson(String json) throws IOException {
    return canonical(JSON.readTree(json));
  }

  @Test
  void rfc8785_section_3_2_2_sample() throws IOException {
    String input = "{\n"
        + "  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
        + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
        + "  \"literals\": [null, true, false]\n"
        + "}";
    String expected = "{\"literals\":[null,true,false],"
        + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    assertThat(canonicalJson(input)).isEqualTo(expected);
  }

  @Test
  void rfc8785_section_3_2_2_sample_is_utf8_on_the_wire() throws IOException {
    byte[] bytes = Canonical.canonicalize(JSON.readTree("{\"s\":\"\\u20ac\"}"));
    assertThat(bytes).containsExactly('{', '"', 's', '"', ':', '"', 0xE2, 0x82, 0xAC, '"', '}');
  }

  @Test
  void rfc8785_section_3_2_3_sorts_by_utf16_code_units() throws IOException {
    String input = "{\n"
        + "  \"\\u20ac\": \"Euro Sign\",\n"
        + "  \"\\r\": \"Carriage Return\",\n"
        + "  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n"
        + "  \"1\": \"One\",\n"
        + "  \"\\ud83d\\ude00\": \"Emoji: Grinning Face\",\n"
        + "  \"\\u0080\": \"Control\",\n"
        + "  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"\n"
        + "}";
    JsonNode sorted = JSON.readTree(canonicalJson(input));
    List<String> values = new ArrayList<>();
    sorted.properties().forEach(e -> values.add(e.getValue().textValue()));
    assertThat(values).containsExactly("Carriage Return", "One", "Control",
        "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face",
        "Hebrew Letter Dalet With Dagesh");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2",
  })
  void rfc8785_appendix_b_numbers(String ieeeHex, String expected) {
    double d = Double.longBitsToDouble(Long.parseUnsignedLong(ieeeHex, 16));
    assertThat(canonical(d)).isEqualTo(expected);
    assertThat(canonical(JsonNodeFactory.instance.numberNode(d))).isEqualTo(expected);
  }

  @Test
  void ten_thousand_doubles_print_as_an_ecmascript_engine_prints_them() throws IOException {
    // Bit patterns and Number.prototype.toString output recorded from an ECMAScript engine.
    int checked = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        CanonicalTest.class.getResourceAsStream("ecmascript-numbers.csv"), StandardCharsets.US_ASCII))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] cols = line.split(",");
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(cols[0], 16));
        assertThat(EcmaNumber.toString(d)).as("bits %s", cols[0]).isEqualTo(cols[1]);
        if (d != 0) {
          assertThat(EcmaNumber.exact(d)).as("exact path, bits %s", cols[0]).isEqualTo(cols[1]);
          String schubfach = EcmaNumber.schubfach(d);
          if (schubfach != null) {
            assertThat(schubfach).as("Schubfach path, bits %s", cols[0]).isEqualTo(cols[1]);
          }
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(10_000);
  }

  @Property(tries = 2000)
  void every_finite_double_round_trips_through_its_canonical_text(@ForAll double d) {
    String text = EcmaNumber.toString(d);
    assertThat(Double.parseDouble(text)).isEqualTo(d == 0 ? 0.0 : d);
  }

  @Property(tries = 5000)
  void the_fast_path_for_short_decimals_agrees_with_the_exact_path(
      @ForAll @LongRange(min = 1, max = 999_999_999_999L) long mantissa,
      @ForAll @IntRange(min = 0, max = 20) int fractionDigits,
      @ForAll double any) {
    double shortDecimal = mantissa / Math.pow(10, fractionDigits);
    String fast = EcmaNumber.shortDecimal(shortDecimal);
    if (mantissa < 1_000_000_000L && fractionDigits <= 6) {
      assertThat(fast).as("fast path applies to %s", shortDecimal).isNotNull();
    }
    if (fast != null) {
      assertThat(fast).isEqualTo(EcmaNumber.exact(shortDecimal));
    }
    String fastAny = any == 0 || Double.isNaN(any) || Double.isInfinite(any) ? null : EcmaNumber.shortDecimal(any);
    if (fastAny != null) {
      assertThat(fastAny).isEqualTo(EcmaNumber.exact(any));
    }
  }

  @Property(tries = 20_000)
  void the_schubfach_path_agrees_with_the_exact_path_on_any_bit_pattern(@ForAll long bits) {
    double d = Double.longBitsToDouble(bits);
    Assume.that(!Double.isNaN(d) && !Double.isInfinite(d) && d != 0);
    String exact = EcmaNumber.exact(d);
    String schubfach = EcmaNumber.schubfach(d);
    if (schubfach != null) {
      assertThat(schubfach).as("bits %016x", bits).isEqualTo(exact);
    } else {
      // Declined only where the shortest decimal has one or two digits.
      assertThat(new BigDecimal(exact).stripTrailingZeros().precision()).as("bits %016x", bits).isLessThanOrEqualTo(2);
    }
    assertThat(EcmaNumber.toString(d)).as("bits %016x", bits).isEqualTo(EcmaNumber.exact(d));
  }

  @Property(tries = 20_000)
  void coordinates_and_altitudes_print_as_the_exact_path_prints_them(
      @ForAll @DoubleRange(min = -180, max = 180) double degrees,
      @ForAll @DoubleRange(min = -1000, max = 100_000) double metres,
      @ForAll @IntRange(min = 0, max = 17) int digits) {
    for (double d : new double[] {degrees, metres, Math.round(degrees * Math.pow(10, digits)) / Math.pow(10, digits)}) {
      if (d != 0) {
        assertThat(EcmaNumber.toString(d)).as("%s", d).isEqualTo(EcmaNumber.exact(d));
      }
    }
  }

  @Property(tries = 5000)
  void a_long_canonicalises_as_the_same_biginteger_does(
      @ForAll long any, @ForAll @LongRange(min = -(1L << 53) - 2, max = (1L << 53) + 2) long near) {
    for (long v : new long[] {any, near}) {
      String viaBig;
      try {
        viaBig = canonical(BigInteger.valueOf(v));
      } catch (IllegalArgumentException e) {
        assertThatThrownBy(() -> canonical(v)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(Long.toString(v));
        continue;
      }
      assertThat(canonical(v)).isEqualTo(viaBig);
    }
  }

  @Test
  void nan_and_infinity_are_rejected_naming_the_value_and_path() {
    Map<String, Object> map = Map.of("points", List.of(1, Map.of("alt", Double.NaN)));
    assertThatThrownBy(() -> Canonical.canonicalize(map)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.points[1].alt").hasMessageContaining("NaN");
    assertThatThrownBy(() -> Canonical.canonicalize(JsonNodeFactory.instance.numberNode(Double.POSITIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
    assertThatThrownBy(() -> Canonical.canonicalize(List.of(Float.NEGATIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$[0]").hasMessageContaining("-Infinity");
  }

  @Test
  void integers_beyond_double_precision_are_rejected_not_rounded() {
    assertThat(canonical(1L << 53)).isEqualTo("9007199254740992");
    assertThat(canonical(1L << 60)).isEqualTo("1152921504606847000"); // exact double, ES digits
    assertThatThrownBy(() -> canonical((1L << 53) + 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9007199254740993");
    assertThatThrownBy(() -> canonical(Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(Long.MAX_VALUE));
    assertThatThrownBy(() -> canonical(BigInteger.TEN.pow(400))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decimals_round_to_the_nearest_double_like_a_json_parser() {
    assertThat(canonical(new BigDecimal("333333333.33333329"))).isEqualTo("333333333.3333333");
    assertThat(canonical(new BigDecimal("4.50"))).isEqualTo("4.5");
    assertThat(canonical(0.1f)).isEqualTo("0.10000000149011612");
    assertThatThrownBy(() -> canonical(new BigDecimal("1e400"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1E+400");
  }

  @Test
  void strings_escape_exactly_as_json_stringify() {
    assertThat(canonical("\u0000\u001f\u007f\b\f\n\r\t\"\\/\u2028"))
        .isEqualTo("\"\\u0000\\u001f\u007f\\b\\f\\n\\r\\t\\\"\\\\/\u2028\"");
  }

  @Test
  void unpaired_surrogates_are_rejected_with_their_position() {
    assertThatThrownBy(() -> canonical(Map.of("k", "ab\ud800"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.k").hasMessageContaining("U+D800");
    assertThatThrownBy(() -> canonical(Map.of("\udc00", 1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+DC00");
    assertThat(canonical("\ud83d\ude00")).isEqualTo("\"\ud83d\ude00\"");
  }

  @Test
  void maps_and_trees_of_the_same_value_give_the_same_bytes() throws IOException {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", null);
    inner.put("a", List.of(true, 1.5, "x"));
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("party", "blue");
    map.put("n", 3);
    map.put("inner", inner);
    map.put("arr", new Object[] {1, 2});
    String json = "{\"party\":\"blue\",\"n\":3,\"inner\":{\"z\":null,\"a\":[true,1.5,\"x\"]},\"arr\":[1,2]}";
    assertThat(Canonical.canonicalize(map)).isEqualTo(Canonical.canonicalize(JSON.readTree(json)));
    assertThat(canonical(map)).isEqualTo("{\"arr\":[1,2],\"inner\":{\"a\":[true,1.5,\"x\"],\"z\":null},\"n\":3,\"party\":\"blue\"}");
  }

  @Test
  void canonical_output_is_a_fixed_point() throws IOException {
    String once = canonicalJson("{ \"b\" : [ 1.0 , -0.0, 1e2 ], \"a\" : { \"y\":\"\\u00e9\", \"x\" : 10E-1 } }");
    assertThat(once).isEqualTo("{\"a\":{\"x\":1,\"y\":\"\u00e9\"},\"b\":[1,0,100]}");
    assertThat(canonicalJson(once)).isEqualTo(once);
  }

  @Test
  void unsupported_values_are_rejected_naming_type_and_path() {
    Map<Object, Object> nonStringKey = Map.of(1, "x");
    assertThatThrownBy(() -> canonical(nonStringKey)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key must be a String");
    assertThatThrownBy(() -> canonical(Map.of("when", new java.util.Date(0)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.when").hasMessageContaining("java.util.Date");
    assertThatThrownBy(() -> canonical(JsonNodeFactory.instance.binaryNode(new byte[] {1})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BINARY");
    assertThatThrownBy(() -> canonical(Map.of("a b", List.of(Double.NaN)))).hasMessageContaining("$[\"a b\"][0]");
  }
}
