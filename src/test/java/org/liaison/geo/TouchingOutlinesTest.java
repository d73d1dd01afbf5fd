package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.geo.Shapes.haversineMeters;
import static org.liaison.geo.Shapes.ll;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Outline#intersects} promises that touching edges count as intersecting. Touching outlines
 * meet only on their boundary, where rounding can leave a gap of a fraction of a nanometre.
 */
class TouchingOutlinesTest {
  private static final double DEGREE_M = Math.toRadians(1) * Outline.EARTH_RADIUS_M;

  /**
   * East and west edges are meridians, so a vertex placed on them lies exactly on a great circle.
   */
  private static Polygon box(double south, double west, double north, double east) {
    return Polygon.of(List.of(ll(south, west), ll(south, east), ll(north, east), ll(north, west)));
  }

  private static final Polygon BOX = box(-0.05, -0.05, 0.05, 0.05);

  @Test
  void polygons_sharing_part_of_an_edge_intersect() {
    Polygon neighbour = box(-0.02, 0.05, 0.02, 0.15);

    assertThat(BOX.intersects(neighbour)).isTrue();
    assertThat(neighbour.intersects(BOX)).isTrue();
  }

  @Test
  void a_polygon_with_a_vertex_on_another_polygons_edge_intersects_it() {
    Polygon arrow = Polygon.of(List.of(ll(0, 0.05), ll(-0.02, 0.1), ll(0.02, 0.1)));

    assertThat(BOX.intersects(arrow)).isTrue();
    assertThat(arrow.intersects(BOX)).isTrue();
  }

  @Test
  void a_circle_tangent_to_a_polygon_edge_intersects_it() {
    double radius = 0.1 * DEGREE_M;
    Circle tangent = new Circle(ll(0, 0.15), radius);

    assertThat(BOX.intersects(tangent)).isTrue();
    assertThat(tangent.intersects(BOX)).isTrue();
  }

  @Test
  void circles_touching_from_outside_intersect() {
    LatLng a = ll(47.0, 8.0);
    LatLng b = ll(47.1, 8.1);
    Circle left = new Circle(a, 3_000);
    Circle right = new Circle(b, haversineMeters(a, b) - 3_000);

    assertThat(left.intersects(right)).isTrue();
    assertThat(right.intersects(left)).isTrue();
  }

  @Test
  void the_index_finds_a_neighbour_that_shares_part_of_an_edge() {
    TimeWindow hour =
        new TimeWindow(
            java.time.Instant.parse("2030-01-01T10:00:00Z"),
            java.time.Instant.parse("2030-01-01T11:00:00Z"));
    AltitudeBand band = new AltitudeBand(0, 120);
    SpaceTimeIndex<String> index = new SpaceTimeIndex<>();
    index.put("neighbour", List.of(new Volume4D(box(-0.02, 0.05, 0.02, 0.15), band, hour)));

    assertThat(index.query(List.of(new Volume4D(BOX, band, hour)))).containsExactly("neighbour");
  }

  @Test
  void outlines_touching_along_a_cell_boundary_share_a_covering_cell() {
    // The equator is a boundary between S2 cells at every level.
    Polygon north = box(0, 0.01, 0.05, 0.05);
    Polygon south = box(-0.05, 0.02, 0, 0.03);

    assertThat(north.intersects(south)).isTrue();
    assertThat(Cells.cover(north)).containsAnyOf(Cells.cover(south));
  }

  @Test
  void outlines_a_millimetre_apart_do_not_intersect() {
    Circle c = new Circle(ll(0, 0.15), 0.1 * DEGREE_M - 0.001);

    assertThat(BOX.intersects(c)).isFalse();
    assertThat(BOX.distanceMeters(c)).isBetween(0.0005, 0.0015);
  }
}
