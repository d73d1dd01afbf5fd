package org.liaison.astm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.liaison.errors.ApiException;

/**
 * The hand-written parser of plain UTC times against the dumb thing, the JDK's RFC 3339 parser:
 * on every text it accepts it must give the JDK's instant, and it must accept nothing the JDK
 * refuses. Texts are near misses of the plain form: out-of-range fields, odd separators, fraction
 * lengths from 0 to 10, offsets instead of Z.
 */
class TimesProperties {
  private static Instant jdk(String s) {
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Property(tries = 3000, edgeCases = EdgeCasesMode.NONE)
  void plain_utc_agrees_with_the_jdk(@ForAll("nearlyPlain") String s) {
    Instant fast = Times.plainUtc(s);
    Instant slow = jdk(s);
    Statistics.label("case").collect(fast != null ? "plain" : slow != null ? "JDK only" : "invalid");
    if (fast != null) {
      assertThat(fast).as(s).isEqualTo(slow);
    }
    if (slow == null) {
      assertThat(fast).as(s).isNull();
    }
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void parse_answers_as_the_jdk_does(@ForAll("nearlyPlain") String s) {
    Instant slow = jdk(s.trim().toUpperCase(Locale.ROOT));
    if (slow == null) {
      assertThatThrownBy(() -> Times.parse(s, "t")).isInstanceOf(ApiException.class).hasMessageContaining("RFC 3339");
    } else {
      assertThat(Times.parse(s, "t").instant()).as(s).isEqualTo(slow);
    }
  }

  @Example
  void plain_forms_keep_their_text_and_precision() {
    assertThat(Times.parse("2026-11-28T14:54:40Z", "t")).isEqualTo(
        new Times.Stamp(Instant.parse("2026-11-28T14:54:40Z"), "2026-11-28T14:54:40Z"));
    assertThat(Times.parse(" 2024-02-29t23:59:59.123456789z ", "t")).isEqualTo(
        new Times.Stamp(Instant.parse("2024-02-29T23:59:59.123456789Z"), "2024-02-29T23:59:59.123456789Z"));
    assertThat(Times.plainUtc("2023-02-29T00:00:00Z")).isNull();
    assertThat(Times.plainUtc("2026-11-28T24:00:00Z")).isNull();
  }

  @Provide
  Arbitrary<String> nearlyPlain() {
    Arbitrary<String> year = Arbitraries.integers().between(0, 9999).map(y -> String.format("%04d", y));
    Arbitrary<String> month = Arbitraries.integers().between(0, 13).map(m -> String.format("%02d", m));
    Arbitrary<String> day = Arbitraries.integers().between(0, 32).map(d -> String.format("%02d", d));
    Arbitrary<String> hour = Arbitraries.integers().between(0, 25).map(h -> String.format("%02d", h));
    Arbitrary<String> minSec = Arbitraries.integers().between(0, 61).map(m -> String.format("%02d", m));
    Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(10)
        .map(f -> f.isEmpty() ? "" : "." + f).injectDuplicates(0.1).edgeCases(c -> c.add("."));
    Arbitrary<String> zone = Arbitraries.of("Z", "Z", "Z", "Z", "+00:00", "-01:30", "", "ZZ");
    Arbitrary<String> plain = Combinators.combine(year, month, day, hour, minSec, minSec, fraction, zone)
        .as((y, mo, d, h, mi, se, f, z) -> y + "-" + mo + "-" + d + "T" + h + ":" + mi + ":" + se + f + z);
    // One character replaced, dropped or doubled: separators, signs and non-ASCII digits.
    Arbitrary<String> mutated = Combinators.combine(plain, Arbitraries.integers().between(0, 29),
            Arbitraries.of('-', ':', 'T', ' ', '+', '.', 'Z', '\u0661', '1', 'x'), Arbitraries.integers().between(0, 2))
        .as((p, at, c, how) -> {
          int i = Math.min(at, p.length() - 1);
          return switch (how) {
            case 0 -> p.substring(0, i) + c + p.substring(i + 1);
            case 1 -> p.substring(0, i) + p.substring(i + 1);
            default -> p.substring(0, i) + p.charAt(i) + p.substring(i);
          };
        });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, plain), net.jqwik.api.Tuple.of(1, mutated));
  }
}
