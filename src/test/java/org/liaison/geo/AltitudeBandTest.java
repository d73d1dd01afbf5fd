package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AltitudeBandTest {
  private static final AltitudeBand LOW = new AltitudeBand(0, 100);

  @Test
  void touching_altitude_bands_do_not_overlap() {
    AltitudeBand above = new AltitudeBand(100, 200);

    assertThat(LOW.overlaps(above)).isFalse();
    assertThat(above.overlaps(LOW)).isFalse();
    assertThat(LOW.gap(above)).isZero();
  }

  @Test
  void altitude_bands_sharing_any_height_overlap() {
    assertThat(LOW.overlaps(new AltitudeBand(99.9, 200))).isTrue();
    assertThat(new AltitudeBand(-50, 0.1).overlaps(LOW)).isTrue();
    assertThat(LOW.overlaps(new AltitudeBand(20, 30))).as("contained").isTrue();
    assertThat(new AltitudeBand(20, 30).overlaps(LOW)).as("containing").isTrue();
    assertThat(LOW.overlaps(LOW)).isTrue();
  }

  @Test
  void altitude_bands_with_a_gap_do_not_overlap_and_report_the_gap() {
    AltitudeBand high = new AltitudeBand(130, 200);

    assertThat(LOW.overlaps(high)).isFalse();
    assertThat(high.overlaps(LOW)).isFalse();
    assertThat(LOW.gap(high)).isEqualTo(30);
    assertThat(high.gap(LOW)).isEqualTo(30);
  }

  @Test
  void within_a_buffer_counts_touching_and_the_buffer_edge() {
    AltitudeBand high = new AltitudeBand(130, 200);

    assertThat(LOW.within(high, 30)).isTrue();
    assertThat(LOW.within(high, 29.9)).isFalse();
    assertThat(LOW.within(new AltitudeBand(100, 200), 0)).isTrue();
  }

  @Test
  void the_unbounded_band_overlaps_every_band() {
    assertThat(AltitudeBand.ANY.overlaps(LOW)).isTrue();
    assertThat(new AltitudeBand(Double.NEGATIVE_INFINITY, 0).overlaps(LOW)).isFalse();
    assertThat(new AltitudeBand(50, Double.POSITIVE_INFINITY).overlaps(LOW)).isTrue();
  }

  @Test
  void inverted_or_nan_bands_are_refused_naming_the_bounds() {
    assertThatThrownBy(() -> new AltitudeBand(200, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[200.0, 100.0]");
    assertThatThrownBy(() -> new AltitudeBand(Double.NaN, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }
}
