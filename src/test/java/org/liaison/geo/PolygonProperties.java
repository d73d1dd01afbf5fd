package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.common.geometry.S1Angle;
import com.google.common.geometry.S2Cap;
import com.google.common.geometry.S2CellId;
import com.google.common.geometry.S2EdgeUtil;
import com.google.common.geometry.S2LatLng;
import com.google.common.geometry.S2Point;
import com.google.common.geometry.S2Polygon;
import com.google.common.geometry.S2Region;
import com.google.common.geometry.S2RegionCoverer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.liaison.geo.GeoArbitraries.Shape;

/**
 * The compact {@link Polygon} and the covering walk of {@link Cells} against what S2's own classes
 * compute: {@link S2Polygon} with its edge index, and {@link S2RegionCoverer} at one level.
 */
class PolygonProperties {
  private static final S2RegionCoverer COVERER =
      S2RegionCoverer.builder()
          .setMinLevel(Cells.LEVEL)
          .setMaxLevel(Cells.LEVEL)
          .setMaxCells(1 << 20)
          .build();

  @Provide
  Arbitrary<Shape> shapes() {
    return GeoArbitraries.shapes();
  }

  @Provide
  Arbitrary<Shape[]> pairs() {
    return GeoArbitraries.nearbyPairs();
  }

  /**
   * Great-circle metres between two points by the haversine formula on their degrees: an oracle
   * that shares no code with {@link Circle} (which measures the angle between unit vectors).
   */
  static double haversineM(LatLng a, LatLng b) {
    double p1 = Math.toRadians(a.lat());
    double p2 = Math.toRadians(b.lat());
    double dp = p2 - p1;
    double dl = Math.toRadians(b.lng() - a.lng());
    double h = Math.sin(dp / 2) * Math.sin(dp / 2)
        + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * Outline.EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /**
   * The distance as Polygon computed it when it kept an S2Polygon; between two circles, the
   * haversine distance of the centres less both radii.
   */
  private static double s2Distance(Outline a, Outline b) {
    if (a instanceof Circle ca && b instanceof Circle cb) {
      return Math.max(0, haversineM(ca.center(), cb.center()) - ca.radiusM() - cb.radiusM());
    }
    if (a instanceof Circle) {
      return s2Distance(b, a);
    }
    S2Polygon pa = (S2Polygon) a.region();
    if (b instanceof Circle c) {
      double d = pa.getDistance(c.center().toPoint()).radians() * Outline.EARTH_RADIUS_M;
      return Math.max(0, d - c.radiusM());
    }
    S2Polygon pb = (S2Polygon) b.region();
    if (pa.intersects(pb)) {
      return 0;
    }
    return Math.min(vertexToEdges(pa, pb), vertexToEdges(pb, pa)) * Outline.EARTH_RADIUS_M;
  }

  private static double vertexToEdges(S2Polygon vs, S2Polygon ring) {
    double best = Double.POSITIVE_INFINITY;
    List<S2Point> r = ring.loop(0).vertices();
    for (S2Point v : vs.loop(0).vertices()) {
      for (int i = 0; i < r.size(); i++) {
        S2Point a = r.get(i);
        S2Point b = r.get((i + 1) % r.size());
        best = Math.min(best, S2EdgeUtil.getDistance(v, a, b).radians());
      }
    }
    return best;
  }

  @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
  void distance_is_what_s2_polygon_gives(@ForAll("pairs") Shape[] pair) {
    Outline a = pair[0].outline();
    Outline b = pair[1].outline();
    double expected = s2Distance(a, b);
    Statistics.label("kinds")
        .collect(a.getClass().getSimpleName() + "-" + b.getClass().getSimpleName());
    Statistics.label("intersect").collect(expected == 0);

    assertThat(a.distanceMeters(b)).as("%s to %s", a, b).isCloseTo(expected, within(1e-6));
    assertThat(a.intersects(b))
        .as("%s and %s", a, b)
        .isEqualTo(expected <= Outline.TOUCH_TOLERANCE_M);
  }

  /**
   * Containment against an oracle for both kinds: a point in a polygon as {@link S2Polygon} says;
   * a small circle in a circle when the haversine distance of the centres plus the small radius is
   * within the radius (and its tolerance). Points within a millimetre of that bound are left out:
   * two correct computations may round them either way.
   */
  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void containment_is_what_the_oracle_gives(@ForAll("shapes") Shape shape, @ForAll Random random) {
    Statistics.label("kind").collect(shape.outline().getClass().getSimpleName());
    for (int i = 0; i < 100; i++) {
      double bearing = random.nextDouble() * 2 * Math.PI;
      LatLng at = Shapes.offset(shape.center(), bearing, 1.2 * shape.extentM() * random.nextDouble());
      if (shape.outline() instanceof Polygon polygon) {
        S2Point p = at.toPoint();
        assertThat(polygon.containsPoint(p))
            .as("%s in %s", new S2LatLng(p), polygon)
            .isEqualTo(((S2Polygon) polygon.region()).contains(p));
      } else {
        Circle circle = (Circle) shape.outline();
        Circle small = new Circle(at, 0.1 + random.nextDouble() * 0.2 * circle.radiusM());
        double reach = haversineM(circle.center(), at) + small.radiusM();
        double bound = circle.radiusM() + Outline.CONTAINS_TOLERANCE_M;
        if (Math.abs(reach - bound) < 1e-3) {
          continue;
        }
        assertThat(circle.contains(small)).as("%s in %s", small, circle).isEqualTo(reach <= bound);
      }
    }
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void the_bounding_cap_holds_the_outline(@ForAll("shapes") Shape shape, @ForAll Random random) {
    Outline o = shape.outline();
    BoundingCap cap = BoundingCap.of(o);
    for (int i = 0; i < 100; i++) {
      double bearing = random.nextDouble() * 2 * Math.PI;
      // Points on the rim of a circle, and anywhere within reach of a polygon.
      double distance = shape.extentM() * (o instanceof Circle ? 1 : random.nextDouble());
      S2Point p = Shapes.offset(shape.center(), bearing, distance).toPoint();
      if (o instanceof Circle || ((Polygon) o).containsPoint(p)) {
        BoundingCap point = new BoundingCap(p.getX(), p.getY(), p.getZ(), 0);
        assertThat(cap.apart(point)).as("%s holds %s", cap, new S2LatLng(p)).isFalse();
      }
    }
  }

  /** Sorted level-13 cells of S2RegionCoverer for a region. */
  private static long[] covererCells(S2Region region) {
    ArrayList<S2CellId> ids = new ArrayList<>();
    COVERER.getCovering(region, ids);
    return ids.stream().mapToLong(S2CellId::id).sorted().toArray();
  }

  private static S2Cap cap(Circle c, double extraM) {
    double angle = (c.radiusM() + extraM) / Outline.EARTH_RADIUS_M;
    return S2Cap.fromAxisAngle(c.center().toPoint(), S1Angle.radians(angle));
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void a_polygon_covering_is_what_the_region_coverer_gives(@ForAll("shapes") Shape shape) {
    Assume.that(shape.outline() instanceof Polygon);
    Polygon p = (Polygon) shape.outline();

    assertThat(Cells.cover(p)).as("covering of %s", p).containsExactly(covererCells(p.loop()));
  }

  /**
   * Circles are covered by arithmetic on the face grid, padded for rounding: the covering holds
   * every cell the region coverer finds for the circle grown by the touch tolerance, and none it
   * would not find for the circle grown by a metre.
   */
  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void a_circle_covering_lies_between_the_region_coverer_s_for_slightly_larger_circles(
      @ForAll("shapes") Shape shape) {
    Assume.that(shape.outline() instanceof Circle);
    Circle c = (Circle) shape.outline();
    long[] covering = Cells.cover(c);

    assertThat(covering)
        .as("covering of %s", c)
        .contains(covererCells(cap(c, Outline.TOUCH_TOLERANCE_M)));
    assertThat(covererCells(cap(c, 1))).as("covering of %s", c).contains(covering);
  }

  /** Circles across cube face edges and round a cube corner, where the face grid ends. */
  @Example
  void a_circle_across_faces_is_covered_like_any_other() {
    double corner = Math.toDegrees(Math.atan(1 / Math.sqrt(2)));
    for (LatLng centre :
        List.of(Shapes.ll(0, 45), Shapes.ll(0, -135), Shapes.ll(45, 0), Shapes.ll(corner, 45))) {
      Circle c = new Circle(centre, 2_000);
      long[] covering = Cells.cover(c);

      assertThat(covering).contains(covererCells(cap(c, Outline.TOUCH_TOLERANCE_M)));
      assertThat(covererCells(cap(c, 1))).contains(covering);
    }
  }
}
