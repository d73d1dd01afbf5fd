package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.common.geometry.S2Cap;
import com.google.common.geometry.S2CellId;
import com.google.common.geometry.S2LatLng;
import com.google.common.geometry.S2Point;
import com.google.common.geometry.S2Polygon;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.liaison.geo.GeoArbitraries.Shape;

/** The covering must never lose a point: the index relies on it to find every candidate. */
class CoveringProperties {

  @Provide
  Arbitrary<Shape> shapes() {
    return GeoArbitraries.shapes();
  }

  @Provide
  Arbitrary<Shape[]> pairs() {
    return GeoArbitraries.nearbyPairs();
  }

  private static boolean contains(Outline outline, S2Point p) {
    return outline instanceof Circle c
        ? ((S2Cap) c.region()).contains(p)
        : ((S2Polygon) outline.region()).contains(p);
  }

  /**
   * A random point of the shape, biased towards its boundary where a covering is most likely to
   * fall short. A star polygon is the union of the triangles (centre, v[i], v[i+1]), and a
   * normalized convex combination of three points lies in their spherical triangle.
   */
  private static S2Point samplePoint(Shape shape, Random random) {
    double towardsEdge = 1 - Math.pow(random.nextDouble(), 3);
    if (shape.outline() instanceof Polygon polygon) {
      List<LatLng> vs = polygon.vertices();
      int i = random.nextInt(vs.size());
      S2Point a = vs.get(i).toPoint();
      S2Point b = vs.get((i + 1) % vs.size()).toPoint();
      double t = random.nextDouble();
      return shape
          .center()
          .toPoint()
          .mul(1 - towardsEdge)
          .add(a.mul(towardsEdge * t))
          .add(b.mul(towardsEdge * (1 - t)))
          .normalize();
    }
    double bearing = random.nextDouble() * 2 * Math.PI;
    return Shapes.offset(shape.center(), bearing, shape.extentM() * towardsEdge).toPoint();
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void every_point_inside_an_outline_lies_in_a_cell_of_its_covering(
      @ForAll("shapes") Shape shape, @ForAll Random random) {
    long[] covering = Cells.cover(shape.outline());
    int inside = 0;
    for (int i = 0; i < 200; i++) {
      S2Point p = samplePoint(shape, random);
      if (contains(shape.outline(), p)) {
        inside++;
        long cell = S2CellId.fromPoint(p).parent(Cells.LEVEL).id();
        assertThat(Arrays.binarySearch(covering, cell))
            .as("cell of %s inside %s", new S2LatLng(p), shape.outline())
            .isNotNegative();
      }
    }
    assertThat(inside).as("sampled points inside %s", shape.outline()).isGreaterThan(100);
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void outlines_that_intersect_share_a_covering_cell(@ForAll("pairs") Shape[] pair) {
    Outline a = pair[0].outline();
    Outline b = pair[1].outline();
    boolean intersects = a.intersects(b);
    Statistics.label("intersects").collect(intersects);
    Statistics.label("kinds")
        .collect(a.getClass().getSimpleName() + "-" + b.getClass().getSimpleName());

    assertThat(b.intersects(a)).as("symmetric").isEqualTo(intersects);
    if (intersects) {
      assertThat(Cells.cover(a)).as("covering of %s and of %s", a, b).containsAnyOf(Cells.cover(b));
    }
  }

  @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
  void distance_is_symmetric_and_zero_exactly_when_intersecting(@ForAll("pairs") Shape[] pair) {
    Outline a = pair[0].outline();
    Outline b = pair[1].outline();
    double ab = a.distanceMeters(b);

    assertThat(b.distanceMeters(a)).isCloseTo(ab, within(1e-6));
    assertThat(ab).isNotNegative();
    assertThat(a.intersects(b)).isEqualTo(ab <= Outline.TOUCH_TOLERANCE_M);
  }
}
