package org.liaison.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** {@link UtcTime#parse} against the JDK's {@link Instant#parse}, the parser it stands in for. */
class UtcTimeTest {
  private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

  @Property(tries = 5000)
  void any_instant_written_by_toString_reads_back_as_itself(
      @ForAll @LongRange(min = -63_000_000_000L, max = 260_000_000_000L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
      @ForAll @IntRange(min = 0, max = 3) int precision) {
    int unit = new int[] {1_000_000_000, 1_000_000, 1_000, 1}[precision];
    Instant t = Instant.ofEpochSecond(seconds, nanos / unit * unit);
    assertThat(UtcTime.parse(t.toString())).isEqualTo(t);
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
      assertThatThrownBy(() -> UtcTime.parse(mutated)).isInstanceOf(DateTimeParseException.class);
      return;
    }
    assertThat(UtcTime.parse(mutated)).as(mutated).isEqualTo(expected);
  }

  @Property(tries = 2000)
  void a_receipt_accepts_a_time_exactly_when_rfc3339_parsing_does(
      @ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long seconds,
      @ForAll @IntRange(min = 0, max = 40) int at,
      @ForAll @IntRange(min = 0, max = 12) int change) {
    StringBuilder s = new StringBuilder(Instant.ofEpochSecond(seconds, 123_000_000).toString());
    s.setCharAt(at % s.length(), new char[] {'0', '1', '2', '3', '5', '6', '9', ':', '-', '.', 'Z', 'T', 'x'}[change]);
    String time = s.toString();
    boolean rfc3339;
    try {
      java.time.OffsetDateTime.parse(time, java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      rfc3339 = true;
    } catch (DateTimeParseException e) {
      rfc3339 = false;
    }
    String leaf = B64.encode(new byte[32]);
    String signature = B64.encode(new byte[64]);
    if (rfc3339) {
      assertThat(new Receipt(leaf, 1L, time, "liaison/hub", Receipt.FORM_V2, signature).time()).isEqualTo(time);
    } else {
      assertThatThrownBy(() -> new Receipt(leaf, 1L, time, "liaison/hub", Receipt.FORM_V2, signature))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(time);
    }
  }

  @Test
  void invalid_dates_leap_seconds_and_other_shapes_go_to_the_jdk() {
    assertThatThrownBy(() -> UtcTime.parse("2025-02-29T12:00:00Z")).isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> UtcTime.parse("2025-04-31T12:00:00.123Z")).isInstanceOf(DateTimeParseException.class);
    assertThat(UtcTime.parse("2024-02-29T23:59:60Z")).isEqualTo(Instant.parse("2024-02-29T23:59:60Z"));
    assertThat(UtcTime.parse("2025-06-01T12:00:00.5Z")).isEqualTo(Instant.parse("2025-06-01T12:00:00.5Z"));
    assertThat(UtcTime.parse("2025-06-01T12:00:00+02:00")).isEqualTo(Instant.parse("2025-06-01T12:00:00+02:00"));
    assertThat(UtcTime.parse("+10000-01-01T00:00:00Z").getEpochSecond()).isEqualTo(YEAR_10000);
    assertThat(UtcTime.parse("0000-01-01T00:00:00Z").getEpochSecond()).isEqualTo(YEAR_0);
  }
}
