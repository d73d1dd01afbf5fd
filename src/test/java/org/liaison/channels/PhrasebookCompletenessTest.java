package org.liaison.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.liaison.http.Json;

/**
 * The shipped phrasebook, read as a file: every phrase in every required language, the same
 * placeholders (and the same optional parts) as the English original, a review status for each,
 * and no rendering with the largest parameters the hub accepts that exceeds the message limit.
 */
class PhrasebookCompletenessTest {
  static final List<String> REQUIRED = List.of("en", "fr", "es", "ru", "ar", "zh-Hans", "fa", "tr");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
  private static final Pattern OPTIONAL = Pattern.compile("\\[([^\\]]*)]");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final JsonNode file = read();
  private final Phrasebook book = Phrasebook.load();

  private static JsonNode read() {
    try (InputStream in = Phrasebook.class.getClassLoader().getResourceAsStream(Phrasebook.RESOURCE)) {
      return Json.MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TreeSet<String> placeholders(String s) {
    TreeSet<String> out = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(s);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The placeholders of each optional part, in order: parts may not be merged, split or dropped. */
  private static List<TreeSet<String>> optionalParts(String s) {
    List<TreeSet<String>> out = new ArrayList<>();
    Matcher m = OPTIONAL.matcher(s);
    while (m.find()) {
      out.add(placeholders(m.group(1)));
    }
    out.sort((a, b) -> a.toString().compareTo(b.toString()));
    return out;
  }

  @Test
  void every_phrase_is_in_every_language_with_the_english_placeholders() {
    List<String> problems = new ArrayList<>();
    assertThat(file.get("languages")).extracting(JsonNode::asText).containsAll(REQUIRED);
    file.get("types").properties().forEach(e -> {
      JsonNode text = e.getValue().get("text");
      String en = text.get("en").asText();
      for (String lang : REQUIRED) {
        JsonNode t = text.get(lang);
        if (t == null || t.asText().isBlank()) {
          problems.add(e.getKey() + " has no " + lang + " text");
          continue;
        }
        if (!placeholders(t.asText()).equals(placeholders(en))) {
          problems.add(e.getKey() + "." + lang + " has placeholders " + placeholders(t.asText()) + ", en has "
              + placeholders(en));
        }
        if (!optionalParts(t.asText()).equals(optionalParts(en))) {
          problems.add(e.getKey() + "." + lang + " has optional parts " + optionalParts(t.asText()) + ", en has "
              + optionalParts(en));
        }
        if (!e.getValue().path("review").path(lang).has("status")) {
          problems.add(e.getKey() + " has no review status in " + lang);
        }
      }
    });
    file.get("words").properties().forEach(e -> {
      String enCircle = file.at("/words/en/circle").asText();
      if (!placeholders(e.getValue().get("circle").asText()).equals(placeholders(enCircle))) {
        problems.add("words." + e.getKey() + ".circle has other placeholders than en");
      }
      if (!placeholders(e.getValue().get("polygon").asText()).equals(Set.of("vertices"))) {
        problems.add("words." + e.getKey() + ".polygon must show {vertices}");
      }
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void english_is_the_original_and_no_translation_claims_a_review_it_has_not_had() {
    for (Phrasebook.Type t : book.types().values()) {
      assertThat(book.review(t, "en")).isEqualTo(Phrasebook.Review.ORIGINAL);
      for (String lang : REQUIRED.subList(1, REQUIRED.size())) {
        Phrasebook.Review r = book.review(t, lang);
        assertThat(r.status()).as(t.name() + " " + lang).isIn("unreviewed", "reviewed");
        if (r.status().equals("reviewed")) {
          assertThat(r.reviewer()).as(t.name() + " " + lang).isNotBlank();
          assertThat(r.date()).as(t.name() + " " + lang).isNotNull();
        }
      }
    }
  }

  @Test
  void a_review_without_reviewer_or_a_second_original_is_refused() {
    String good = file.toString();
    ObjectNode noReviewer = (ObjectNode) file.deepCopy();
    ((ObjectNode) noReviewer.at("/types/confirm-notice/review")).putObject("fr").put("status", "reviewed")
        .put("date", "2026-12-01");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Phrasebook.parse(noReviewer.toString()))
        .hasMessageContaining("confirm-notice.review.fr").hasMessageContaining("no reviewer");
    ObjectNode twoOriginals = (ObjectNode) file.deepCopy();
    ((ObjectNode) twoOriginals.at("/words_review")).putObject("ar").put("status", "original");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Phrasebook.parse(twoOriginals.toString()))
        .hasMessageContaining("words_review.ar");
    ObjectNode reviewed = (ObjectNode) file.deepCopy();
    ((ObjectNode) reviewed.at("/types/confirm-notice/review")).putObject("fr").put("status", "reviewed")
        .put("reviewer", "A. Translator").put("date", "2026-12-01");
    ((ObjectNode) reviewed.at("/words_review")).putObject("fr").put("status", "reviewed")
        .put("reviewer", "A. Translator").put("date", "2026-12-01");
    Phrasebook p = Phrasebook.parse(reviewed.toString());
    assertThat(p.review(p.type("confirm-notice", "t"), "fr").reviewer()).isEqualTo("A. Translator");
    // the words are reviewed but vacate-area's French text is not: the rendering is not either
    assertThat(p.review(p.type("vacate-area", "t"), "fr").status()).isEqualTo("unreviewed");
    assertThat(Phrasebook.parse(good).languages()).isEqualTo(book.languages());
  }

  /** The largest parameters the hub accepts, in the widest script, for every type. */
  private ObjectNode largest(Phrasebook.Type type) {
    ObjectNode p = JSON.objectNode();
    for (Phrasebook.Param param : type.params().values()) {
      switch (param.type()) {
        case "text" -> p.put(param.name(), "中".repeat(param.maxLength()));
        case "notice" -> p.put(param.name(), "2f1c7b3e-9a57-4c55-8f0e-0f3e9d4c1a11");
        case "time" -> p.put(param.name(), "2015-09-30T05:30:59.123456789Z");
        case "position" -> p.putObject(param.name()).put("lat", -89.999999).put("lng", -179.999999);
        case "altitude" -> p.putObject(param.name()).put("value", -1999.123456).put("units", "FT")
            .put("reference", "AMSL");
        case "flight_level" -> p.put(param.name(), Phrasebook.MAX_FLIGHT_LEVEL);
        case "heading" -> p.put(param.name(), 359.999999);
        case "area" -> {
          ArrayNode vs = p.putObject(param.name()).putObject("outline_polygon").putArray("vertices");
          for (int i = 0; i < 1000; i++) {
            double a = 2 * Math.PI * i / 1000;
            vs.addObject().put("lat", -45.123456 + 0.2 * Math.sin(a)).put("lng", -170.123456 + 0.2 * Math.cos(a));
          }
        }
        default -> throw new IllegalStateException("no sample for parameter type " + param.type());
      }
    }
    return p;
  }

  @Test
  void no_rendering_with_the_largest_parameters_exceeds_the_message_limit() {
    for (Phrasebook.Type t : book.types().values()) {
      ObjectNode params = book.validate(t, largest(t), "phrase.params");
      Map<String, String> r = book.render(t, params);
      assertThat(r.keySet()).containsExactlyElementsOf(book.languages());
      r.forEach((lang, text) -> {
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).as(t.name() + " in " + lang)
            .isLessThanOrEqualTo(PostRequest.MAX_TEXT_BYTES);
        assertThat(text).as(t.name() + " in " + lang).doesNotContain("{").doesNotContain("[");
      });
    }
  }
}
