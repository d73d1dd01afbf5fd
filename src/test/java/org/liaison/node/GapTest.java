package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

class GapTest {
  static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
  static final Buffers NONE = new Buffers(0, 0, 0);

  static Volume4D v(double lng, double r, double lo, double hi, long s, long e) {
    return new Volume4D(new Circle(new LatLng(0, lng), r), new AltitudeBand(lo, hi), new TimeWindow(T.plusSeconds(s), T.plusSeconds(e)));
  }

  @Test
  void with_no_buffers_a_conflict_is_the_astm_overlap() {
    assertThat(Gap.between(v(0, 100, 0, 10, 0, 60), v(0, 100, 5, 15, 30, 90)).conflicts(NONE)).isTrue();
    assertThat(Gap.between(v(0, 100, 0, 10, 0, 60), v(0, 100, 10, 20, 0, 60)).conflicts(NONE)).as("touching bands").isFalse();
    assertThat(Gap.between(v(0, 100, 0, 10, 0, 60), v(0, 100, 0, 10, 60, 90)).conflicts(NONE)).as("touching windows").isFalse();
  }

  @Test
  void touching_outlines_are_horizontally_close_even_without_a_buffer() {
    // Two 100 m circles whose centres are 200 m apart on the equator.
    double lng = 200 / (Math.PI * org.liaison.geo.Outline.EARTH_RADIUS_M / 180);
    Gap g = Gap.between(v(0, 100, 0, 10, 0, 60), v(lng, 100, 0, 10, 0, 60));
    assertThat(g.horizontalM()).isLessThan(1e-6);
    assertThat(g.conflicts(NONE)).isTrue();
  }

  @Test
  void a_separation_equal_to_the_buffer_is_clear() {
    Buffers b = new Buffers(0, 50, 300);
    assertThat(Gap.between(v(0, 100, 0, 10, 0, 60), v(0, 100, 60, 70, 0, 60)).conflicts(b)).isFalse();
    assertThat(Gap.between(v(0, 100, 0, 10, 0, 60), v(0, 100, 59.9, 70, 0, 60)).conflicts(b)).isTrue();
    assertThat(Gap.between(v(0, 100, 0, 10, 0, 60), v(0, 100, 0, 10, 360, 400)).conflicts(b)).isFalse();
    assertThat(Gap.between(v(0, 100, 0, 10, 0, 60), v(0, 100, 0, 10, 359, 400)).conflicts(b)).isTrue();
  }

  @Test
  void overlaps_are_negative_separations() {
    Gap g = Gap.between(v(0, 100, 0, 100, 0, 600), v(0, 100, 50, 200, 300, 900));
    assertThat(g.verticalM()).isEqualTo(-50);
    assertThat(g.timeNanos()).isEqualTo(-300_000_000_000L);
  }

  @Test
  void an_unbounded_band_overlaps_a_bounded_one_by_all_of_it_and_another_unbounded_one_without_limit() {
    Volume4D open = new Volume4D(new Circle(new LatLng(0, 0), 100), AltitudeBand.ANY, new TimeWindow(T, T.plusSeconds(60)));
    assertThat(Gap.between(open, v(0, 100, 0, 10, 0, 60)).verticalM()).isEqualTo(-10);
    Volume4D below = new Volume4D(new Circle(new LatLng(0, 0), 100), new AltitudeBand(Double.NEGATIVE_INFINITY, 10),
        new TimeWindow(T, T.plusSeconds(60)));
    assertThat(Gap.between(open, below).verticalM()).isEqualTo(Double.NEGATIVE_INFINITY);
  }
}
