package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.geometry.S2EdgeUtil;
import com.google.common.geometry.S2Point;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.liaison.geo.GeoArbitraries.Shape;

/**
 * The chord comparisons ({@link Reach}) against the angles they stand for: angles measured with
 * S2 ({@link S2Point#angle}, which uses atan2, and {@link S2EdgeUtil#getDistance}), on random
 * pairs anywhere, near the poles and the antimeridian, nearly antipodal, and within a hair of the
 * threshold. Only pairs closer to the threshold than the rounding of the angle itself are left
 * out: there two correct computations may differ.
 */
class ReachProperties {
  private static final double R = Outline.EARTH_RADIUS_M;

  /** How close to the threshold (radians) an angle measured with atan2 or asin may round. */
  private static double rounding(double radians) {
    // asin loses precision towards π/2 and 2·asin(chord/2) towards π; atan2 does not.
    return radians > 1 ? 1e-7 : 1e-12;
  }

  /** Uniform, with the scale fine enough for bearings in radians and micrometre gaps. */
  private static Arbitrary<Double> u(double min, double max) {
    return Arbitraries.doubles()
        .between(min, max)
        .ofScale(15)
        .withDistribution(RandomDistribution.uniform());
  }

  /** A unit vector from a place. */
  private static S2Point point(LatLng p) {
    return p.toPoint();
  }

  /** Places anywhere, with the seams and poles weighted, and their antipodes, slightly moved. */
  @Provide
  Arbitrary<LatLng[]> pointPairs() {
    Arbitrary<LatLng> anywhere = GeoArbitraries.anywhere();
    Arbitrary<LatLng[]> near =
        Combinators.combine(
                anywhere, u(0, 2 * Math.PI), u(0, 50_000))
            .as((a, bearing, d) -> new LatLng[] {a, Shapes.offset(a, bearing, d)});
    Arbitrary<LatLng[]> antipodal =
        Combinators.combine(
                anywhere, u(0, 2 * Math.PI), u(0, 50_000))
            .as(
                (a, bearing, d) ->
                    new LatLng[] {
                      a, Shapes.offset(a, bearing, Math.PI * R - d)
                    });
    Arbitrary<LatLng[]> any = Combinators.combine(anywhere, anywhere).as((a, b) -> new LatLng[] {a, b});
    return Arbitraries.frequencyOf(Tuple.of(3, near), Tuple.of(1, antipodal), Tuple.of(2, any));
  }

  @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
  void chord_between_points_decides_as_the_angle_does(
      @ForAll("pointPairs") LatLng[] pair, @ForAll("offsets") double offset) {
    S2Point a = point(pair[0]);
    S2Point b = point(pair[1]);
    double angle = a.angle(b);
    // The threshold: at the angle itself give or take a hair, or anywhere up to beyond π.
    double threshold = Math.max(0, offset < 4 ? angle + offset * 1e-9 : offset - 4);
    Assume.that(Math.abs(angle - threshold) > rounding(angle));
    Statistics.label("within").collect(angle <= threshold);
    Statistics.label("far").collect(angle > 3);

    assertThat(Reach.of(threshold).points(a.getX(), a.getY(), a.getZ(), b.getX(), b.getY(), b.getZ()))
        .as("%s and %s, %s rad apart, threshold %s", pair[0], pair[1], angle, threshold)
        .isEqualTo(angle <= threshold);
  }

  /** Below 4: a threshold within {@code offset} nanoradians of the angle; from 4: 0 to 3.3 rad. */
  @Provide
  Arbitrary<Double> offsets() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, u(-3, 3)), Tuple.of(1, u(4, 7.3)));
  }

  @Provide
  Arbitrary<LatLng[]> edgeTriples() {
    Arbitrary<LatLng> anywhere = GeoArbitraries.anywhere();
    // An edge of 1 m to 1000 km, and a point near it or anywhere.
    Arbitrary<LatLng[]> nearEdge =
        Combinators.combine(
                anywhere,
                u(0, 2 * Math.PI),
                u(1, 1_000_000),
                u(0, 2 * Math.PI),
                u(0, 100_000))
            .as(
                (a, bearing, length, side, d) -> {
                  LatLng b = Shapes.offset(a, bearing, length);
                  LatLng mid = Shapes.offset(a, bearing, length / 2);
                  return new LatLng[] {Shapes.offset(mid, side, d), a, b};
                });
    Arbitrary<LatLng[]> anyPoint =
        Combinators.combine(
                anywhere,
                u(0, 2 * Math.PI),
                u(1, 1_000_000),
                anywhere)
            .as((a, bearing, length, x) -> new LatLng[] {x, a, Shapes.offset(a, bearing, length)});
    return Arbitraries.frequencyOf(Tuple.of(3, nearEdge), Tuple.of(1, anyPoint));
  }

  @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
  void chord_and_sine_to_an_edge_decide_as_the_distance_does(
      @ForAll("edgeTriples") LatLng[] t, @ForAll("offsets") double offset) {
    S2Point x = point(t[0]);
    S2Point a = point(t[1]);
    S2Point b = point(t[2]);
    Assume.that(!a.equalsPoint(b));
    double distance = S2EdgeUtil.getDistance(x, a, b).radians();
    double threshold = Math.max(0, offset < 4 ? distance + offset * 1e-9 : offset - 4);
    Assume.that(Math.abs(distance - threshold) > rounding(distance));
    Statistics.label("within").collect(distance <= threshold);

    double[] xs = {x.getX(), x.getY(), x.getZ()};
    double[] ring = {a.getX(), a.getY(), a.getZ(), b.getX(), b.getY(), b.getZ()};
    assertThat(Reach.of(threshold).edge(xs, 0, ring, 0, 3))
        .as("%s to %s–%s, %s rad, threshold %s", t[0], t[1], t[2], distance, threshold)
        .isEqualTo(distance <= threshold);
  }

  /** Shape pairs about half of which intersect, and circle pairs a hair from tangent. */
  @Provide
  Arbitrary<Outline[]> outlinePairs() {
    Arbitrary<Outline[]> nearby =
        GeoArbitraries.nearbyPairs().map(p -> new Outline[] {p[0].outline(), p[1].outline()});
    Arbitrary<Outline[]> tangent =
        Combinators.combine(
                GeoArbitraries.anywhere(),
                u(0, 2 * Math.PI),
                u(1, 3_000),
                u(1, 3_000),
                u(-2e-6, 4e-6))
            .as(
                (c, bearing, r1, r2, gap) ->
                    new Outline[] {
                      new Circle(c, r1), new Circle(Shapes.offset(c, bearing, r1 + r2 + gap), r2)
                    });
    Arbitrary<Outline[]> tangentToEdge =
        Combinators.combine(
                GeoArbitraries.shapes(),
                u(0, 2 * Math.PI),
                u(1, 3_000),
                u(-2e-6, 4e-6))
            .as(
                (Shape s, Double bearing, Double r, Double gap) -> {
                  // A circle around a point beyond the shape, grown to the distance, give or take.
                  LatLng far = Shapes.offset(s.center(), bearing, s.extentM() + r);
                  Circle probe = new Circle(far, 1);
                  double d = s.outline().distanceMeters(probe) + 1;
                  return new Outline[] {s.outline(), new Circle(far, Math.max(1e-3, d + gap))};
                });
    return Arbitraries.frequencyOf(
        Tuple.of(2, nearby), Tuple.of(1, tangent), Tuple.of(1, tangentToEdge));
  }

  @Property(tries = 1500, edgeCases = EdgeCasesMode.NONE)
  void intersects_is_the_distance_within_the_touch_tolerance(@ForAll("outlinePairs") Outline[] p) {
    double distance = p[0].distanceMeters(p[1]);
    Assume.that(Math.abs(distance - Outline.TOUCH_TOLERANCE_M) > 1e-8);
    Statistics.label("kinds")
        .collect(p[0].getClass().getSimpleName() + "-" + p[1].getClass().getSimpleName());
    Statistics.label("intersect").collect(distance <= Outline.TOUCH_TOLERANCE_M);

    boolean expected = distance <= Outline.TOUCH_TOLERANCE_M;
    assertThat(p[0].intersects(p[1])).as("%s and %s, %s m", p[0], p[1], distance).isEqualTo(expected);
    assertThat(p[1].intersects(p[0])).as("%s and %s, %s m", p[1], p[0], distance).isEqualTo(expected);
  }

  /**
   * The index decides circles from its own records (centre and chord), not from the outlines:
   * it must still find exactly the volumes the distance says touch.
   */
  @Property(tries = 800, edgeCases = EdgeCasesMode.NONE)
  void the_index_finds_what_the_distance_says_touches(@ForAll("outlinePairs") Outline[] p) {
    double distance = p[0].distanceMeters(p[1]);
    Assume.that(Math.abs(distance - Outline.TOUCH_TOLERANCE_M) > 1e-8);
    Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
    TimeWindow time = new TimeWindow(t0, t0.plus(Duration.ofHours(1)));
    AltitudeBand band = new AltitudeBand(0, 100);
    SpaceTimeIndex<Integer> index = new SpaceTimeIndex<>();
    index.put(1, List.of(new Volume4D(p[0], band, time)));

    List<Integer> found = index.query(List.of(new Volume4D(p[1], band, time)));

    assertThat(found)
        .as("%s and %s, %s m", p[0], p[1], distance)
        .isEqualTo(distance <= Outline.TOUCH_TOLERANCE_M ? List.of(1) : List.of());
  }
}
