package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.liaison.geo.Shapes.ll;
import static org.liaison.geo.Shapes.shift;

import com.google.common.geometry.S2Polygon;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.liaison.errors.InvalidFieldException;

class PolygonTest {
  private static final String PATH = "extents[0].volume.outline_polygon";
  private static final LatLng A = ll(47.0, 8.0);
  private static final LatLng B = ll(47.0, 8.01);
  private static final LatLng C = ll(47.01, 8.01);
  private static final LatLng D = ll(47.01, 8.0);

  private static AbstractThrowableAssert<?, ? extends Throwable> refused(List<LatLng> vertices) {
    return assertThatThrownBy(() -> Polygon.of(vertices, PATH))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).startsWith(PATH))
        .hasMessageStartingWith(PATH);
  }

  @Test
  void fewer_than_three_distinct_vertices_are_refused() {
    refused(List.of(A, B)).hasMessageContaining("has 2 distinct vertices");
    refused(List.of()).hasMessageContaining("has 0 distinct vertices");
  }

  @Test
  void two_vertices_closed_back_on_the_first_are_refused() {
    refused(List.of(A, B, A)).hasMessageContaining("vertices[2]");
  }

  @Test
  void a_duplicate_vertex_is_refused_naming_both_indices() {
    refused(List.of(A, B, C, B, D))
        .hasMessageContaining("vertices[3] (47.0, 8.01) duplicates vertices[1]");
  }

  @Test
  void a_vertex_within_a_millimetre_of_another_counts_as_a_duplicate() {
    LatLng nearlyB = ll(B.lat() + 1e-9, B.lng());

    refused(List.of(A, B, nearlyB, C))
        .hasMessageContaining("vertices[2]")
        .hasMessageContaining("vertices[1]");
  }

  @Test
  void a_long_thin_sliver_under_the_area_limit_is_refused_for_its_span() {
    // 900 km long and 100 m wide: only 90 km², but a covering of thousands of cells.
    refused(List.of(ll(0, 0), ll(0, 8.1), ll(0.0009, 8.1), ll(0.0009, 0)))
        .hasMessageContaining("vertices[1] is 901 km from vertices[0]")
        .hasMessageContaining("at most 500 km");
  }

  @Test
  void a_self_crossing_bow_tie_is_refused() {
    refused(List.of(A, C, B, D)).hasMessageContaining("do not form a simple polygon");
  }

  @Test
  void collinear_vertices_on_a_great_circle_enclose_zero_area() {
    refused(List.of(ll(10, 8), ll(10.01, 8), ll(10.02, 8)))
        .hasMessageContaining("enclose zero area");
    refused(List.of(ll(0, 8), ll(0, 8.01), ll(0, 8.02))).hasMessageContaining("enclose zero area");
  }

  @Test
  void an_area_over_2500_km2_is_refused_with_the_area() {
    // 51 km × 51 km ≈ 2601 km².
    refused(squareVertices(A, 51_000))
        .hasMessageMatching(".*area 2\\d{3}\\.\\d km² exceeds the limit of 2500 km².*");
  }

  @Test
  void an_area_just_under_2500_km2_is_accepted() {
    assertThat(Polygon.of(squareVertices(A, 49_900), PATH).areaKm2()).isBetween(2480.0, 2500.0);
  }

  @Test
  void a_closing_vertex_equal_to_the_first_is_accepted_and_dropped() {
    Polygon closed = Polygon.of(List.of(A, B, C, D, A), PATH);

    assertThat(closed.vertices()).containsExactly(A, B, C, D);
    assertThat(closed).isEqualTo(Polygon.of(List.of(A, B, C, D), PATH));
  }

  @Test
  void either_winding_order_gives_the_same_small_area() {
    List<LatLng> ccw = squareVertices(A, 1000);
    List<LatLng> cw = new ArrayList<>(ccw);
    Collections.reverse(cw);

    double ccwArea = Polygon.of(ccw, PATH).areaKm2();
    double cwArea = Polygon.of(cw, PATH).areaKm2();

    assertThat(ccwArea).isCloseTo(1.0, within(0.01));
    assertThat(cwArea).isCloseTo(ccwArea, within(1e-9));
  }

  @Test
  void the_clockwise_polygon_contains_its_inside_not_the_rest_of_the_earth() {
    List<LatLng> cw = new ArrayList<>(squareVertices(A, 1000));
    Collections.reverse(cw);
    Polygon p = Polygon.of(cw, PATH);

    assertThat(p.intersects(new Circle(A, 1))).isTrue();
    assertThat(p.intersects(new Circle(shift(A, 5000, 0), 1))).isFalse();
  }

  @Test
  void the_anchor_of_a_convex_polygon_lies_inside_it() {
    Polygon p = Polygon.of(squareVertices(A, 1000), PATH);

    assertThat(contains(p, p.anchor())).isTrue();
    assertThat(Shapes.haversineMeters(p.anchor(), A)).isLessThan(1);
  }

  @Test
  void the_anchor_of_a_concave_polygon_lies_inside_it() {
    // A C open to the east: its centroid falls in the mouth, outside the polygon.
    Polygon c =
        Polygon.of(
            List.of(
                ll(0, 0),
                ll(0, 0.03),
                ll(0.01, 0.03),
                ll(0.01, 0.01),
                ll(0.02, 0.01),
                ll(0.02, 0.03),
                ll(0.03, 0.03),
                ll(0.03, 0)),
            PATH);

    assertThat(contains(c, c.anchor())).isTrue();
  }

  private static boolean contains(Polygon polygon, LatLng p) {
    return ((S2Polygon) polygon.region()).contains(p.toPoint());
  }

  private static List<LatLng> squareVertices(LatLng center, double side) {
    double h = side / 2;
    return List.of(
        shift(center, -h, -h), shift(center, h, -h), shift(center, h, h), shift(center, -h, h));
  }
}
