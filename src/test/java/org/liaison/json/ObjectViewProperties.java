package org.liaison.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.liaison.errors.ApiException;

/** The reader against brute-force models: the path built by hand, and BigInteger range checks. */
class ObjectViewProperties {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** A step into a nested document: a field name, or an array index (-1 for a field). */
  record Step(String field, int index) {}

  @Provide
  Arbitrary<List<Step>> paths() {
    Arbitrary<Step> field = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6)
        .map(s -> new Step(s, -1));
    Arbitrary<Step> index = Arbitraries.integers().between(0, 3).map(i -> new Step(null, i));
    return Arbitraries.oneOf(field, index).list().ofMinSize(0).ofMaxSize(8);
  }

  /**
   * Builds the document the steps describe with a number at the end where a string is expected,
   * reads it through the views, and compares the reported path with one spelled out by hand.
   */
  @Property
  void the_reported_path_is_the_hand_spelled_path(@ForAll("paths") List<Step> steps) {
    // The model: the path written out, and the document built bottom-up.
    StringBuilder expected = new StringBuilder();
    List<Step> all = new ArrayList<>(steps);
    all.add(0, new Step("root", -1));
    for (Step s : all) {
      if (s.field() != null) {
        expected.append(expected.length() == 0 ? "" : ".").append(s.field());
      } else {
        expected.append('[').append(s.index()).append(']');
      }
    }
    expected.append(".leaf");
    JsonNode doc = leafHolder();
    for (int i = all.size() - 1; i >= 0; i--) {
      Step s = all.get(i);
      // Wrap `doc` so that step i reaches it.
      if (s.field() != null) {
        ObjectNode o = F.objectNode();
        o.set(s.field(), doc);
        doc = o;
      } else {
        var arr = F.arrayNode();
        for (int k = 0; k < s.index(); k++) {
          arr.add(F.nullNode());
        }
        arr.add(doc);
        doc = arr;
      }
    }
    // The reader: walk the same steps through the views.
    ObjectView root = ObjectView.of(doc);
    Object at = root;
    for (Step s : all) {
      if (at instanceof ObjectView o) {
        at = s.field() != null ? asView(o.get(s.field()), o.path(s.field())) : null;
      } else if (at instanceof ArrayView a) {
        at = s.index() >= 0 ? asView(a.get(s.index()), a.path(s.index())) : null;
      }
    }
    ObjectView leafHolder = (ObjectView) at;
    String path = expected.toString();
    assertThatThrownBy(() -> leafHolder.string("leaf"))
        .isInstanceOf(ApiException.class).hasMessage(path + " must be a string, got 42");
    assertThat(leafHolder.path("leaf")).isEqualTo(path);
  }

  private static ObjectNode leafHolder() {
    ObjectNode o = F.objectNode();
    o.put("leaf", 42);
    return o;
  }

  private static Object asView(JsonNode n, String path) {
    return n.isArray() ? ArrayView.of(n, path) : ObjectView.of(n, path);
  }

  /** integer(min, max) agrees with BigInteger comparison for any integer JSON can carry. */
  @Property
  void integer_ranges_agree_with_big_integers(@ForAll @Size(max = 30) List<@net.jqwik.api.constraints.IntRange(min = 0, max = 9) Integer> digits,
      @ForAll boolean negative, @ForAll long a, @ForAll long b) {
    long min = Math.min(a, b);
    long max = Math.max(a, b);
    StringBuilder s = new StringBuilder(negative ? "-" : "");
    digits.forEach(s::append);
    if (digits.isEmpty()) {
      s.append('0');
    }
    BigInteger value = new BigInteger(s.toString());
    ObjectNode o = F.objectNode();
    o.put("n", value);
    ObjectView v = ObjectView.of(o);
    boolean inRange = value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0;
    if (inRange) {
      assertThat(v.integer("n", min, max)).isEqualTo(value.longValueExact());
    } else {
      assertThatThrownBy(() -> v.integer("n", min, max)).isInstanceOf(ApiException.class)
          .hasMessage("n " + value + " is outside [" + min + ", " + max + "]");
    }
  }

  /** Any string value is refused as a number with the value quoted as JSON, never longer than the limit. */
  @Property
  void wrong_type_messages_quote_the_json_value(@ForAll String text) {
    ObjectNode o = F.objectNode();
    o.put("s", text);
    String quoted = F.textNode(text).toString();
    String expected = quoted.length() <= 64 ? quoted : quoted.substring(0, 64) + "…";
    assertThatThrownBy(() -> ObjectView.of(o).number("s")).isInstanceOf(ApiException.class)
        .hasMessage("s must be a number, got " + expected);
  }

  /** number(min, max) accepts exactly the finite doubles inside the closed range, compared as BigDecimals. */
  @Property
  void number_ranges_agree_with_big_decimals(@ForAll double value, @ForAll double a, @ForAll double b) {
    Assume.that(Double.isFinite(a) && Double.isFinite(b));
    double min = Math.min(a, b);
    double max = Math.max(a, b);
    ObjectNode o = F.objectNode();
    o.put("n", value);
    ObjectView v = ObjectView.of(o);
    if (!Double.isFinite(value)) {
      assertThatThrownBy(() -> v.number("n", min, max)).isInstanceOf(ApiException.class)
          .hasMessage("n " + value + " is not a finite number");
      return;
    }
    BigDecimal x = new BigDecimal(value);
    boolean inRange = x.compareTo(new BigDecimal(min)) >= 0 && x.compareTo(new BigDecimal(max)) <= 0;
    if (inRange) {
      assertThat(v.number("n", min, max)).isEqualTo(value);
    } else {
      assertThatThrownBy(() -> v.number("n", min, max)).isInstanceOf(ApiException.class)
          .hasMessageStartingWith("n " + value + " is outside [");
    }
  }
}
