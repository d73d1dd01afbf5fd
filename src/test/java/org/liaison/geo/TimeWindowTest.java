package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeWindowTest {
  private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
  private static final TimeWindow TEN_TO_ELEVEN = window(0, 60);

  private static TimeWindow window(int fromMinute, int toMinute) {
    return new TimeWindow(T0.plusSeconds(60L * fromMinute), T0.plusSeconds(60L * toMinute));
  }

  @Test
  void touching_time_windows_do_not_overlap() {
    TimeWindow next = window(60, 120);

    assertThat(TEN_TO_ELEVEN.overlaps(next)).isFalse();
    assertThat(next.overlaps(TEN_TO_ELEVEN)).isFalse();
    assertThat(TEN_TO_ELEVEN.gapSeconds(next)).isZero();
  }

  @Test
  void time_windows_sharing_any_instant_overlap() {
    TimeWindow oneNanoLate =
        new TimeWindow(T0.plusSeconds(3600).minusNanos(1), T0.plusSeconds(7200));

    assertThat(TEN_TO_ELEVEN.overlaps(oneNanoLate)).isTrue();
    assertThat(TEN_TO_ELEVEN.overlaps(window(10, 20))).as("contained").isTrue();
    assertThat(window(10, 20).overlaps(TEN_TO_ELEVEN)).as("containing").isTrue();
    assertThat(TEN_TO_ELEVEN.overlaps(TEN_TO_ELEVEN)).isTrue();
  }

  @Test
  void time_windows_with_a_gap_do_not_overlap_and_report_the_gap() {
    TimeWindow later = window(90, 120);

    assertThat(TEN_TO_ELEVEN.overlaps(later)).isFalse();
    assertThat(later.overlaps(TEN_TO_ELEVEN)).isFalse();
    assertThat(TEN_TO_ELEVEN.gapSeconds(later)).isEqualTo(1800);
    assertThat(later.gapSeconds(TEN_TO_ELEVEN)).isEqualTo(1800);
  }

  @Test
  void always_overlaps_every_window() {
    assertThat(TimeWindow.ALWAYS.overlaps(TEN_TO_ELEVEN)).isTrue();
    assertThat(TEN_TO_ELEVEN.overlaps(TimeWindow.ALWAYS)).isTrue();
  }

  @Test
  void shift_and_union_keep_the_half_open_bounds() {
    assertThat(TEN_TO_ELEVEN.shift(Duration.ofHours(1))).isEqualTo(window(60, 120));
    assertThat(TEN_TO_ELEVEN.union(window(90, 120))).isEqualTo(window(0, 120));
  }

  @Test
  void a_window_ending_before_it_starts_is_refused_naming_both_ends() {
    assertThatThrownBy(() -> new TimeWindow(T0.plusSeconds(1), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2030-01-01T10:00:01Z")
        .hasMessageContaining("2030-01-01T10:00:00Z");
    assertThatThrownBy(() -> new TimeWindow(null, T0)).isInstanceOf(IllegalArgumentException.class);
  }
}
