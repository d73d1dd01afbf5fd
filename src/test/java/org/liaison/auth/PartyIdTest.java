package org.liaison.auth;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The party id rule, against a character-by-character model of it. */
class PartyIdTest {

  /** The rule written out the slow way: code point by code point, category by category. */
  static boolean model(String id) {
    if (id == null || id.isBlank()) {
      return false;
    }
    int n = id.codePointCount(0, id.length());
    if (n > 1024) {
      return false;
    }
    return id.codePoints().allMatch(c -> {
      if ("<>\"'&`".indexOf(c) >= 0) {
        return false;
      }
      if (c == ' ') {
        return true;
      }
      return switch (Character.getType(c)) {
        case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
            Character.MODIFIER_LETTER, Character.OTHER_LETTER,
            Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
            Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
            Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
            Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
            Character.OTHER_PUNCTUATION,
            Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
        default -> false;
      };
    });
  }

  @Provide
  Arbitrary<String> ids() {
    // Mostly plausible ids, salted with the characters the rule is about.
    Arbitrary<Character> any = Arbitraries.chars();
    Arbitrary<Character> plausible = Arbitraries.chars().alpha().numeric().with('-', '.', ':', '@', '/', ' ', '_');
    Arbitrary<Character> hostile = Arbitraries.of('<', '>', '"', '\'', '&', '`', '\u0000', '\n', '\t', '\u202E',
        '\u200B', '\u00A0', '\u2028', '\uFEFF', '\uD800', '\uDC00', 'é', 'ж', '空', '\u0301', '€');
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, plausible), net.jqwik.api.Tuple.of(2, hostile), net.jqwik.api.Tuple.of(1, any))
        .list().ofMinSize(0).ofMaxSize(40)
        .map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat));
  }

  @Property(tries = 2000)
  void valid_agrees_with_the_model(@ForAll("ids") String id) {
    assertThat(PartyId.valid(id)).as(PartyId.quote(id)).isEqualTo(model(id));
  }

  @Test
  void ids_in_use_are_valid() {
    for (String id : new String[] {"uss1", "coalition-air", "alice ", "Alice", "alice.example", "ops@example.org",
        "urn:example:uss:" + "x".repeat(300), "https://uss.example/liaison", "Ålesund ATC", "ВВС", "空軍 (第1)",
        "x".repeat(1024)}) {
      assertThat(PartyId.valid(id)).as(id).isTrue();
    }
  }

  @Test
  void markup_controls_format_characters_and_overlong_ids_are_not() {
    for (String id : new String[] {"<img src=x onerror=alert(1)>", "a\"b", "it's", "R&D", "`x`", "a\u0000b",
        "line\nbreak", "tab\there", "alice\u202Egnp.exe", "zero\u200Bwidth", "no\u00A0break", "", " ", "x".repeat(1025),
        "\uD800alone"}) {
      assertThat(PartyId.valid(id)).as(PartyId.quote(id)).isFalse();
    }
    assertThat(PartyId.valid(null)).isFalse();
  }

  @Test
  void quote_shows_what_was_sent_without_carrying_it() {
    assertThat(PartyId.quote("alice\u202Egnp")).isEqualTo("\"alice\\u202Egnp\"");
    assertThat(PartyId.quote("<b>\"x\"")).isEqualTo("\"<b>\\u0022x\\u0022\"");
    assertThat(PartyId.quote("y".repeat(2000))).isEqualTo("\"" + "y".repeat(64) + "\"… (2000 characters)");
  }
}
