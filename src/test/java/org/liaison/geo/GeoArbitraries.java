package org.liaison.geo;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/** Random places and small outlines anywhere on the sphere, poles and antimeridian included. */
final class GeoArbitraries {
  private GeoArbitraries() {}

  /** An outline with the centre it was drawn around and the radius that contains it. */
  record Shape(LatLng center, double extentM, Outline outline) {}

  private static Arbitrary<Double> degrees(double min, double max) {
    return Arbitraries.doubles()
        .between(min, max)
        .ofScale(7)
        .withDistribution(RandomDistribution.uniform());
  }

  /** Mostly uniform in latitude and longitude, with extra weight within ~10 km of the seams. */
  static Arbitrary<LatLng> anywhere() {
    Arbitrary<LatLng> uniform =
        Combinators.combine(degrees(-90, 90), degrees(-180, 180)).as(LatLng::new);
    Arbitrary<LatLng> nearAntimeridian =
        Combinators.combine(degrees(-70, 70), degrees(179.9, 180), Arbitraries.of(1, -1))
            .as((lat, lng, sign) -> new LatLng(lat, sign * lng));
    Arbitrary<LatLng> nearPole =
        Combinators.combine(degrees(89.9, 90), degrees(-180, 180), Arbitraries.of(1, -1))
            .as((lat, lng, sign) -> new LatLng(sign * lat, lng));
    return Arbitraries.frequencyOf(
        Tuple.of(6, uniform), Tuple.of(1, nearAntimeridian), Tuple.of(1, nearPole));
  }

  /** A circle or a star-shaped polygon of 3 to 8 vertices around {@code center}. */
  static Arbitrary<Shape> shapeAround(LatLng center, double minM, double maxM) {
    Arbitrary<Double> size =
        Arbitraries.doubles().between(minM, maxM).withDistribution(RandomDistribution.uniform());
    Arbitrary<Shape> circle = size.map(r -> new Shape(center, r, new Circle(center, r)));
    Arbitrary<Shape> polygon =
        Arbitraries.integers()
            .between(3, 8)
            .flatMap(
                n ->
                    Combinators.combine(
                            size.array(double[].class).ofSize(n),
                            Arbitraries.doubles().between(0, 0.4).array(double[].class).ofSize(n))
                        .as(
                            (radii, jitter) ->
                                new Shape(
                                    center,
                                    java.util.Arrays.stream(radii).max().orElseThrow(),
                                    Shapes.star(center, radii, jitter))));
    return Arbitraries.oneOf(circle, polygon);
  }

  /** A shape of 30 m to 3 km anywhere. */
  static Arbitrary<Shape> shapes() {
    return anywhere().flatMap(c -> shapeAround(c, 30, 3_000));
  }

  /** Two shapes whose centres are at most 8 km apart, so about half of them intersect. */
  static Arbitrary<Shape[]> nearbyPairs() {
    return anywhere()
        .flatMap(
            a ->
                Combinators.combine(
                        degrees(0, 360),
                        Arbitraries.doubles()
                            .between(0, 8_000)
                            .withDistribution(RandomDistribution.uniform()))
                    .flatAs(
                        (bearing, d) -> {
                          LatLng b = Shapes.offset(a, Math.toRadians(bearing), d);
                          return Combinators.combine(
                                  shapeAround(a, 30, 3_000), shapeAround(b, 30, 3_000))
                              .as((x, y) -> new Shape[] {x, y});
                        }));
  }
}
