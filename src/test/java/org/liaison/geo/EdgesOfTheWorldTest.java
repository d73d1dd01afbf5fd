package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.liaison.geo.Shapes.ll;

import com.google.common.geometry.S2CellId;
import com.google.common.geometry.S2LatLng;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Outlines across the antimeridian and around a pole. What happens: nothing special. Edges are
 * great-circle arcs on the S2 sphere, so a polygon from 179.95° to -179.95° is the 11 km box across
 * 180°, not a band round the Earth; a polygon around a pole contains the pole; coverings there have
 * as many cells as the same shape at the equator, and intersection and distance work across both
 * seams.
 */
class EdgesOfTheWorldTest {
  private static final double DEGREE_M = Math.toRadians(1) * Outline.EARTH_RADIUS_M;
  private static final Polygon AT_ZERO =
      Polygon.of(List.of(ll(-0.05, -0.05), ll(-0.05, 0.05), ll(0.05, 0.05), ll(0.05, -0.05)));
  private static final Polygon ACROSS_180 =
      Polygon.of(
          List.of(ll(-0.05, 179.95), ll(-0.05, -179.95), ll(0.05, -179.95), ll(0.05, 179.95)));

  /** A square with its corners 0.1° from the North Pole. */
  private static final Polygon AROUND_POLE =
      Polygon.of(List.of(ll(89.9, 0), ll(89.9, 90), ll(89.9, 180), ll(89.9, -90)));

  private static boolean covers(long[] covering, LatLng p) {
    long cell =
        S2CellId.fromPoint(S2LatLng.fromDegrees(p.lat(), p.lng()).toPoint())
            .parent(Cells.LEVEL)
            .id();
    return Arrays.binarySearch(covering, cell) >= 0;
  }

  @Test
  void a_polygon_across_the_antimeridian_is_the_small_box_not_a_band_round_the_earth() {
    assertThat(ACROSS_180.areaKm2()).isCloseTo(AT_ZERO.areaKm2(), withinPercentage(0.01));
    assertThat(Cells.cover(ACROSS_180).length).isEqualTo(Cells.cover(AT_ZERO).length);
  }

  @Test
  void the_covering_of_a_polygon_across_the_antimeridian_has_cells_on_both_sides() {
    long[] covering = Cells.cover(ACROSS_180);

    assertThat(covers(covering, ll(0.01, 179.99))).isTrue();
    assertThat(covers(covering, ll(0.01, -179.99))).isTrue();
    assertThat(covers(covering, ll(0.01, 180))).isTrue();
    assertThat(covers(covering, ll(0.01, 179.8))).isFalse();
  }

  @Test
  void intersection_and_distance_work_across_the_antimeridian() {
    assertThat(ACROSS_180.intersects(new Circle(ll(0, -179.99), 10))).isTrue();
    assertThat(ACROSS_180.intersects(new Circle(ll(0, 179.99), 10))).isTrue();
    assertThat(ACROSS_180.distanceMeters(new Circle(ll(0, 179.8), 1_000)))
        .isCloseTo(0.15 * DEGREE_M - 1_000, withinPercentage(0.5));
    assertThat(new Circle(ll(0, 179.95), 500).distanceMeters(new Circle(ll(0, -179.95), 500)))
        .isCloseTo(0.1 * DEGREE_M - 1_000, withinPercentage(0.5));
  }

  @Test
  void the_index_finds_a_notice_on_the_other_side_of_the_antimeridian() {
    TimeWindow hour =
        new TimeWindow(
            Instant.parse("2030-01-01T10:00:00Z"), Instant.parse("2030-01-01T11:00:00Z"));
    SpaceTimeIndex<String> index = new SpaceTimeIndex<>();
    index.put("across", List.of(new Volume4D(ACROSS_180, AltitudeBand.ANY, hour)));

    assertThat(
            index.query(
                List.of(new Volume4D(new Circle(ll(0, -179.96), 200), AltitudeBand.ANY, hour))))
        .containsExactly("across");
  }

  @Test
  void a_polygon_around_a_pole_contains_the_pole() {
    double r = 0.1 * DEGREE_M;

    assertThat(AROUND_POLE.areaKm2()).isCloseTo(2 * r * r / 1e6, withinPercentage(0.1));
    assertThat(AROUND_POLE.intersects(new Circle(ll(90, 0), 10))).isTrue();
    assertThat(covers(Cells.cover(AROUND_POLE), ll(90, 0))).isTrue();
  }

  @Test
  void the_covering_around_a_pole_is_no_bigger_than_at_the_equator() {
    // The pole and (0°, 0°) are both at the centre of a cube face, so cells there are alike.
    double cellsPerKm2AtPole = Cells.cover(AROUND_POLE).length / AROUND_POLE.areaKm2();
    double cellsPerKm2AtZero = Cells.cover(AT_ZERO).length / AT_ZERO.areaKm2();

    assertThat(cellsPerKm2AtPole).isCloseTo(cellsPerKm2AtZero, withinPercentage(20));
  }

  @Test
  void distance_to_a_polygon_around_a_pole_follows_its_great_circle_edges() {
    // The edge from (89.9, 0) to (89.9, 90) passes 0.0707° (0.1° × cos 45°) from the pole at 45°E,
    // closer than the 0.1° its vertices are: great circles bulge poleward.
    double edgeFromPole =
        Math.toDegrees(Math.atan(Math.tan(Math.toRadians(0.1)) * Math.cos(Math.PI / 4)));

    assertThat(AROUND_POLE.distanceMeters(new Circle(ll(89.8, 45), 1_000)))
        .isCloseTo((0.2 - edgeFromPole) * DEGREE_M - 1_000, withinPercentage(0.5));
    assertThat(AROUND_POLE.intersects(new Circle(ll(89.95, -135), 10))).isTrue();
  }

  @Test
  void a_circle_centred_on_a_pole_reaches_every_longitude() {
    Circle polar = new Circle(ll(90, 0), 2_000);
    long[] covering = Cells.cover(polar);

    for (double lng = -180; lng <= 180; lng += 15) {
      assertThat(polar.intersects(new Circle(ll(89.99, lng), 1))).as("at %s°", lng).isTrue();
      assertThat(covers(covering, ll(89.99, lng))).as("covering at %s°", lng).isTrue();
    }
    assertThat(covering.length).isLessThan(30);
  }
}
