package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.liaison.geo.Shapes.ll;

import org.junit.jupiter.api.Test;
import org.liaison.errors.InvalidFieldException;

class CircleTest {
  private static final String PATH = "extents[0].volume.outline_circle";
  private static final LatLng CENTER = ll(47.0, 8.0);

  @Test
  void a_zero_or_negative_radius_is_refused() {
    for (double r : new double[] {0, -0.0, -1}) {
      assertThatThrownBy(() -> Circle.of(CENTER, r, PATH))
          .isInstanceOf(InvalidFieldException.class)
          .hasMessage(PATH + ".radius.value " + r + " must be greater than 0");
      assertThatThrownBy(() -> new Circle(CENTER, r)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void a_nan_or_infinite_radius_is_refused() {
    for (double r : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> Circle.of(CENTER, r, PATH))
          .isInstanceOf(InvalidFieldException.class)
          .hasMessageContaining(String.valueOf(r));
      assertThatThrownBy(() -> new Circle(CENTER, r))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(String.valueOf(r));
    }
  }

  @Test
  void a_radius_whose_area_exceeds_2500_km2_is_refused() {
    assertThatThrownBy(() -> Circle.of(CENTER, 28_300, PATH))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageStartingWith(PATH + ".radius.value 28300.0 m is too large")
        .hasMessageContaining("largest radius 28209 m");
  }

  @Test
  void the_largest_radius_is_accepted_and_has_the_limit_area() {
    Circle c = Circle.of(CENTER, Circle.MAX_RADIUS_M, PATH);

    assertThat(c.areaKm2()).isCloseTo(Outline.MAX_AREA_KM2, within(1e-6));
  }

  @Test
  void the_anchor_is_the_centre() {
    assertThat(new Circle(CENTER, 10).anchor()).isEqualTo(CENTER);
  }
}
