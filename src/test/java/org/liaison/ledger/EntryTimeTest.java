package org.liaison.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** {@link Ledger#parseTime} against the JDK's {@link Instant#parse}, the parser it stands in for. */
class EntryTimeTest {
  private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

  @Property(tries = 5000)
  void any_instant_written_by_toString_reads_back_as_itself(
      @ForAll @LongRange(min = -63_000_000_000L, max = 260_000_000_000L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
      @ForAll @IntRange(min = 0, max = 3) int precision) {
    int unit = new int[] {1_000_000_000, 1_000_000, 1_000, 1}[precision];
    Instant t = Instant.ofEpochSecond(seconds, nanos / unit * unit);
    assertThat(Ledger.parseTime(t.toString())).isEqualTo(t);
  }

  @Property(tries = 5000)
  void a_near_miss_text_gets_the_jdks_verdict(
      @ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
      @ForAll @IntRange(min = 0, max = 40) int at,
      @ForAll @IntRange(min = 0, max = 12) int change) {
    String text = Instant.ofEpochSecond(seconds, nanos).toString();
    StringBuilder s = new StringBuilder(text);
    int i = at % s.length();
    char[] replacements = {'0', '1', '2', '3', '5', '6', '9', ':', '-', '.', 'Z', 'T', 'x'};
    s.setCharAt(i, replacements[change]);
    String mutated = s.toString();
    Instant expected;
    try {
      expected = Instant.parse(mutated);
    } catch (DateTimeParseException e) {
      assertThatThrownBy(() -> Ledger.parseTime(mutated)).isInstanceOf(DateTimeParseException.class);
      return;
    }
    assertThat(Ledger.parseTime(mutated)).as(mutated).isEqualTo(expected);
  }

  @Test
  void invalid_dates_leap_seconds_and_other_shapes_go_to_the_jdk() {
    assertThatThrownBy(() -> Ledger.parseTime("2025-02-29T12:00:00Z")).isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> Ledger.parseTime("2025-04-31T12:00:00.123Z")).isInstanceOf(DateTimeParseException.class);
    assertThat(Ledger.parseTime("2024-02-29T23:59:60Z")).isEqualTo(Instant.parse("2024-02-29T23:59:60Z"));
    assertThat(Ledger.parseTime("2025-06-01T12:00:00.5Z")).isEqualTo(Instant.parse("2025-06-01T12:00:00.5Z"));
    assertThat(Ledger.parseTime("2025-06-01T12:00:00+02:00")).isEqualTo(Instant.parse("2025-06-01T12:00:00+02:00"));
    assertThat(Ledger.parseTime("+10000-01-01T00:00:00Z").getEpochSecond()).isEqualTo(YEAR_10000);
    assertThat(Ledger.parseTime("0000-01-01T00:00:00Z").getEpochSecond()).isEqualTo(YEAR_0);
  }
}
