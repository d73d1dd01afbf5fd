package org.liaison.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Canonical} is kept over the RFC 8785 reference implementation (java-json-canonicalization)
 * because it is faster on the ledger's write path (see {@link CanonicalBenchmark}). These checks
 * hold it to the reference: the RFC's own examples, ten thousand doubles, and random documents.
 * Where the two differ (some subnormal numbers), ours is the one that prints what ECMAScript does.
 */
class CanonicalReferenceProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static String ours(JsonNode tree) {
    return new String(Canonical.canonicalize(tree), StandardCharsets.UTF_8);
  }

  /** The reference takes text, so the tree goes in as Jackson writes it, as it would on the write path. */
  private static String reference(JsonNode tree) throws IOException {
    return new JsonCanonicalizer(JSON.writeValueAsString(tree)).getEncodedString();
  }

  private static String reference(String json) throws IOException {
    return new JsonCanonicalizer(json).getEncodedString();
  }

  @Test
  void both_give_the_rfc8785_section_3_2_2_sample() throws IOException {
    String input = "{\n"
        + "  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
        + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
        + "  \"literals\": [null, true, false]\n"
        + "}";
    String expected = "{\"literals\":[null,true,false],"
        + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    assertThat(reference(input)).isEqualTo(expected);
    assertThat(ours(JSON.readTree(input))).isEqualTo(expected);
  }

  @Test
  void both_sort_the_rfc8785_section_3_2_3_sample_by_utf16_code_units() throws IOException {
    String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
        + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
        + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
    String expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
        + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
    assertThat(reference(input)).isEqualTo(expected);
    assertThat(ours(JSON.readTree(input))).isEqualTo(expected);
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
  void both_print_the_rfc8785_appendix_b_numbers(String ieeeHex, String expected) throws IOException {
    JsonNode n = NODES.arrayNode().add(Double.longBitsToDouble(Long.parseUnsignedLong(ieeeHex, 16)));
    assertThat(reference(n)).isEqualTo("[" + expected + "]");
    assertThat(ours(n)).isEqualTo("[" + expected + "]");
  }

  /**
   * Ten thousand doubles as an ECMAScript engine prints them: ours prints every one as the engine
   * does (also checked in {@link CanonicalTest}), and so does the reference, for all but the
   * subnormal ones. Those are left out of its side: on some (1e-315, bits 0c1069cd) the
   * reference's dtoa spends minutes in BigInteger arithmetic and then throws.
   */
  @Test
  void both_print_ten_thousand_doubles_as_an_ecmascript_engine_does() throws IOException {
    int checked = 0;
    int subnormal = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        CanonicalReferenceProperties.class.getResourceAsStream("ecmascript-numbers.csv"), StandardCharsets.US_ASCII))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] cols = line.split(",");
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(cols[0], 16));
        JsonNode n = NODES.arrayNode().add(d);
        assertThat(ours(n)).as("ours, bits %s", cols[0]).isEqualTo("[" + cols[1] + "]");
        if (d != 0 && Math.abs(d) < Double.MIN_NORMAL) {
          subnormal++;
        } else {
          assertThat(reference(n)).as("reference, bits %s", cols[0]).isEqualTo("[" + cols[1] + "]");
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(9_000);
    assertThat(subnormal).isPositive();
  }

  /** Why the agreement is not total: the reference misprints 1e-320 (bits 0x7e8). */
  @Test
  void reference_misprints_the_subnormal_1e_minus_320_which_ours_prints_as_ecmascript_does() throws IOException {
    JsonNode n = NODES.arrayNode().add(Double.longBitsToDouble(0x7e8));
    assertThat(ours(n)).isEqualTo("[1e-320]");
    assertThat(reference(n)).isNotEqualTo("[1e-320]").endsWith("1e-178]");
  }

  /** The reference reads only an object or an array at the top, so each document is put in one. */
  @Property(tries = 3000)
  void random_documents_canonicalise_alike(@ForAll("documents") JsonNode member) throws IOException {
    JsonNode doc = NODES.arrayNode().add(member);
    String ours = ours(doc);
    assertThat(ours).isEqualTo(reference(doc));
    // And the canonical form is a fixed point of both.
    assertThat(reference(ours)).isEqualTo(ours);
    assertThat(ours(JSON.readTree(ours))).isEqualTo(ours);
  }

  @Provide
  Arbitrary<JsonNode> documents() {
    return Arbitraries.recursive(CanonicalReferenceProperties::leaf,
        inner -> Arbitraries.oneOf(List.of(inner, array(inner), object(inner))), 0, 4);
  }

  private static Arbitrary<JsonNode> array(Arbitrary<JsonNode> items) {
    return items.list().ofMaxSize(5).map(list -> {
      ArrayNode a = NODES.arrayNode();
      list.forEach(a::add);
      return a;
    });
  }

  private static Arbitrary<JsonNode> object(Arbitrary<JsonNode> values) {
    return Arbitraries.maps(text(), values).ofMaxSize(5).map(members -> {
      ObjectNode o = NODES.objectNode();
      members.forEach(o::set);
      return o;
    });
  }

  private static Arbitrary<JsonNode> leaf() {
    return Arbitraries.oneOf(List.of(
        Arbitraries.just(NODES.nullNode()),
        Arbitraries.of(true, false).map(NODES::booleanNode),
        text().map(NODES::textNode),
        // Integers within double precision, as I-JSON allows.
        Arbitraries.longs().between(-(1L << 53), 1L << 53).map(NODES::numberNode),
        // Any finite double, by its bits, so huge and tiny exponents come up; not subnormals, which
        // the reference misprints (see above).
        Arbitraries.longs().map(Double::longBitsToDouble)
            .filter(d -> Double.isFinite(d) && (d == 0 || Math.abs(d) >= Double.MIN_NORMAL)).map(NODES::numberNode),
        // Short decimals, as coordinates and altitudes are.
        Combinators.combine(Arbitraries.longs().between(-999_999_999L, 999_999_999L), Arbitraries.integers().between(0, 9))
            .as((m, e) -> m / Math.pow(10, e)).map(NODES::numberNode)));
  }

  /** Well-formed UTF-16: any code point but a lone surrogate, weighted towards the awkward ones. */
  private static Arbitrary<String> text() {
    Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(0x20, 0x7e)),
        Tuple.of(2, Arbitraries.integers().between(0, 0x1f)),
        Tuple.of(2, Arbitraries.of((int) '"', (int) '\\', (int) '/', 0x7f, 0x2028, 0x2029, 0xfeff)),
        Tuple.of(2, Arbitraries.integers().between(0x80, 0xd7ff)),
        Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
        Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)));
    return codePoint.list().ofMaxSize(8).map(cps -> {
      StringBuilder b = new StringBuilder();
      cps.forEach(b::appendCodePoint);
      return b.toString();
    });
  }

  @Test
  void both_treat_negative_zero_and_integral_doubles_as_ecmascript_does() throws IOException {
    JsonNode doc = JSON.valueToTree(Map.of("a", -0.0, "b", 1.0, "c", 1e21, "d", 1e-7, "e", 123456789012345680000.0));
    assertThat(ours(doc)).isEqualTo(reference(doc)).isEqualTo("{\"a\":0,\"b\":1,\"c\":1e+21,\"d\":1e-7,\"e\":123456789012345680000}");
  }

  /** Found by the property above: big integral doubles print as padded digits, which Jackson reads back as integers. */
  @Test
  void canonical_text_of_big_integral_doubles_read_back_canonicalises_to_itself() throws IOException {
    for (double d : new double[] {Math.pow(2, 60), Math.pow(2, 68), 1e20 + Math.pow(2, 20), -999999999999999900000.0}) {
      String once = ours(NODES.arrayNode().add(d));
      JsonNode readBack = JSON.readTree(once);
      assertThat(readBack.get(0).isIntegralNumber()).as("%s read back", once).isTrue();
      assertThat(ours(readBack)).isEqualTo(once).isEqualTo(reference(readBack));
    }
  }
}
