package org.liaison.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HistogramTest {
  @Test
  void small_values_are_exact() {
    Histogram h = new Histogram();
    for (int v = 1; v <= 10; v++) {
      h.record(v);
    }
    assertThat(h.percentile(50)).isEqualTo(5);
    assertThat(h.percentile(90)).isEqualTo(9);
    assertThat(h.percentile(100)).isEqualTo(10);
    assertThat(h.percentile(0)).isEqualTo(1);
    assertThat(h.max()).isEqualTo(10);
    assertThat(h.mean()).isEqualTo(5.5);
    assertThat(h.count()).isEqualTo(10);
  }

  @Test
  void every_value_is_reported_at_most_one_sixty_fourth_above_itself() {
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 20_000; i++) {
      long v = r.nextLong(1L << r.nextInt(1, 41));
      Histogram h = new Histogram();
      h.record(v);
      h.record(Long.MAX_VALUE); // so the cap at max does not hide the bucket's edge
      long reported = h.percentile(50);
      assertThat(reported).as("p50 of %d", v).isGreaterThanOrEqualTo(v);
      assertThat((double) (reported - v)).as("p50 of %d", v).isLessThanOrEqualTo(v / 64.0);
    }
  }

  @Test
  void percentiles_match_the_sorted_values_within_bucket_precision() {
    SplittableRandom r = new SplittableRandom(7);
    long[] values = new long[100_000];
    Histogram h = new Histogram();
    for (int i = 0; i < values.length; i++) {
      // Log-normal-ish latencies from 50 µs to about a second.
      values[i] = (long) (50_000 * Math.exp(r.nextDouble() * 10));
      h.record(values[i]);
    }
    Arrays.sort(values);
    for (double p : new double[] {50, 90, 95, 99, 99.9}) {
      long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
      assertThat(h.percentile(p)).as("p%s", p).isBetween(exact, exact + exact / 64);
    }
    assertThat(h.percentile(100)).isEqualTo(values[values.length - 1]);
    assertThat(h.max()).isEqualTo(values[values.length - 1]);
  }

  @Test
  void adding_histograms_is_the_same_as_recording_into_one() {
    Histogram a = new Histogram();
    Histogram b = new Histogram();
    Histogram both = new Histogram();
    for (long v = 1; v < 5000; v += 3) {
      (v % 2 == 0 ? a : b).record(v * 1000);
      both.record(v * 1000);
    }
    a.add(b);
    assertThat(a.count()).isEqualTo(both.count());
    assertThat(a.max()).isEqualTo(both.max());
    assertThat(a.mean()).isEqualTo(both.mean());
    for (double p : new double[] {1, 50, 99}) {
      assertThat(a.percentile(p)).isEqualTo(both.percentile(p));
    }
  }

  @Test
  void empty_histogram_reports_zero_and_bad_percentiles_are_refused() {
    Histogram h = new Histogram();
    assertThat(h.percentile(99)).isZero();
    assertThat(h.mean()).isZero();
    assertThatThrownBy(() -> h.percentile(101)).hasMessageContaining("101");
    assertThatThrownBy(() -> h.percentile(-1)).hasMessageContaining("-1");
  }

  @Test
  void huge_and_negative_values_are_clamped_not_lost() {
    Histogram h = new Histogram();
    h.record(-5);
    h.record(Long.MAX_VALUE);
    assertThat(h.count()).isEqualTo(2);
    assertThat(h.percentile(50)).isZero();
    assertThat(h.percentile(100)).isEqualTo(Long.MAX_VALUE);
  }
}
