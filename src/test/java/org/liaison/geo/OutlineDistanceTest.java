package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.liaison.geo.Shapes.haversineMeters;
import static org.liaison.geo.Shapes.ll;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Distances and intersection between outlines, against distances known without S2. */
class OutlineDistanceTest {
  /** One degree of arc on the sphere of radius {@link Outline#EARTH_RADIUS_M}. */
  private static final double DEGREE_M = Math.toRadians(1) * Outline.EARTH_RADIUS_M;

  /** The box between two latitudes and two longitudes; its east and west edges are meridians. */
  private static Polygon box(double south, double west, double north, double east) {
    return Polygon.of(List.of(ll(south, west), ll(south, east), ll(north, east), ll(north, west)));
  }

  private static final Polygon EQUATOR_BOX = box(-0.05, -0.05, 0.05, 0.05);

  private static void assertDistance(Outline a, Outline b, double expectedM) {
    assertThat(a.distanceMeters(b)).isCloseTo(expectedM, withinPercentage(0.5));
    assertThat(b.distanceMeters(a)).isCloseTo(expectedM, withinPercentage(0.5));
    assertThat(a.intersects(b)).isFalse();
    assertThat(b.intersects(a)).isFalse();
  }

  private static void assertIntersect(Outline a, Outline b) {
    assertThat(a.distanceMeters(b)).isZero();
    assertThat(b.distanceMeters(a)).isZero();
    assertThat(a.intersects(b)).isTrue();
    assertThat(b.intersects(a)).isTrue();
  }

  @Test
  void two_circles_10_km_apart_at_the_equator() {
    // Centres 0.1° apart: 11 119.5 m; radii add up to 1 119.5 m.
    assertDistance(new Circle(ll(0, 0), 500), new Circle(ll(0, 0.1), 619.5), 10_000);
  }

  @Test
  void two_circles_between_paris_and_london() {
    LatLng paris = ll(48.8566, 2.3522);
    LatLng london = ll(51.5074, -0.1278);

    assertThat(haversineMeters(paris, london)).isCloseTo(343_500, withinPercentage(0.5));
    assertDistance(
        new Circle(paris, 5_000),
        new Circle(london, 3_000),
        haversineMeters(paris, london) - 8_000);
  }

  @Test
  void circle_east_of_a_polygon_at_the_equator() {
    // The box's east edge is the meridian 0.05°; the centre is 0.15° east of it.
    assertDistance(EQUATOR_BOX, new Circle(ll(0, 0.2), 1_000), 0.15 * DEGREE_M - 1_000);
  }

  @Test
  void circle_beyond_a_polygon_corner_measures_to_the_corner() {
    LatLng corner = ll(0.05, 0.05);
    LatLng centre = ll(0.1, 0.1);

    assertDistance(EQUATOR_BOX, new Circle(centre, 500), haversineMeters(corner, centre) - 500);
  }

  @Test
  void polygons_side_by_side_at_the_equator() {
    assertDistance(EQUATOR_BOX, box(-0.05, 0.15, 0.05, 0.25), 0.1 * DEGREE_M);
  }

  @Test
  void polygons_corner_to_corner_at_mid_latitude() {
    Polygon a = box(47.0, 8.0, 47.01, 8.01);
    Polygon b = box(47.03, 8.03, 47.04, 8.04);

    assertDistance(a, b, haversineMeters(ll(47.01, 8.01), ll(47.03, 8.03)));
  }

  @Test
  void a_small_polygon_inside_a_big_one_intersects_it() {
    assertIntersect(EQUATOR_BOX, box(-0.01, -0.01, 0.01, 0.01));
  }

  @Test
  void a_circle_inside_a_polygon_intersects_it() {
    assertIntersect(EQUATOR_BOX, new Circle(ll(0.01, -0.01), 100));
  }

  @Test
  void a_polygon_inside_a_circle_intersects_it() {
    assertIntersect(box(-0.001, -0.001, 0.001, 0.001), new Circle(ll(0.01, 0.01), 5_000));
  }

  @Test
  void a_circle_inside_a_circle_intersects_it() {
    assertIntersect(new Circle(ll(0, 0), 5_000), new Circle(ll(0.01, 0.01), 100));
  }

  @Test
  void crossing_polygons_intersect() {
    assertIntersect(EQUATOR_BOX, box(-0.01, 0.04, 0.01, 0.2));
  }

  @Test
  void polygons_sharing_a_whole_edge_intersect() {
    assertIntersect(EQUATOR_BOX, box(-0.05, 0.05, 0.05, 0.15));
  }

  @Test
  void polygons_sharing_a_corner_intersect() {
    assertIntersect(EQUATOR_BOX, box(0.05, 0.05, 0.15, 0.15));
  }
}
