package org.liaison.geo;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Random places and small outlines anywhere on the sphere, poles and antimeridian included.
 *
 * <p>Shapes are drawn as place-free {@link ShapeSpec}s and only then put at a place: building
 * arbitraries inside {@code flatMap} makes jqwik compare them for memoization, which cost more than
 * the tests themselves.
 */
final class GeoArbitraries {
  private GeoArbitraries() {}

  /** An outline with the centre it was drawn around and the radius that contains it. */
  record Shape(LatLng center, double extentM, Outline outline) {}

  /**
   * A circle of radius {@code radii[0]}, or a star polygon with vertex i at distance radii[i] and
   * bearing 2π(i + jitter[i])/n; see {@link Shapes#star}.
   */
  record ShapeSpec(boolean circle, double[] radii, double[] jitter) {
    Shape at(LatLng center) {
      double extent = Arrays.stream(radii).max().orElseThrow();
      if (circle) {
        return new Shape(center, radii[0], new Circle(center, radii[0]));
      }
      return new Shape(
          center, extent, Shapes.star(center, radii, Arrays.copyOf(jitter, radii.length)));
    }

    @Override
    public String toString() {
      return (circle ? "circle " + radii[0] : "star " + Arrays.toString(radii))
          + (circle ? "" : " jitter " + Arrays.toString(Arrays.copyOf(jitter, radii.length)));
    }
  }

  static Arbitrary<Double> uniform(double min, double max) {
    return Arbitraries.doubles().between(min, max).withDistribution(RandomDistribution.uniform());
  }

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

  /** A circle or a star polygon of 3 to 8 vertices, {@code minM} to {@code maxM} in radius. */
  static Arbitrary<ShapeSpec> shapeSpecs(double minM, double maxM) {
    return Combinators.combine(
            Arbitraries.of(true, false),
            uniform(minM, maxM).array(double[].class).ofMinSize(3).ofMaxSize(8),
            uniform(0, 0.4).array(double[].class).ofSize(8))
        .as(ShapeSpec::new);
  }

  /** A shape of 30 m to 3 km anywhere. */
  static Arbitrary<Shape> shapes() {
    return Combinators.combine(anywhere(), shapeSpecs(30, 3_000)).as((c, s) -> s.at(c));
  }

  /** Two shapes whose centres are at most 8 km apart, so about half of them intersect. */
  static Arbitrary<Shape[]> nearbyPairs() {
    return Combinators.combine(
            anywhere(),
            degrees(0, 360),
            uniform(0, 8_000),
            shapeSpecs(30, 3_000),
            shapeSpecs(30, 3_000))
        .as(
            (a, bearing, d, x, y) ->
                new Shape[] {x.at(a), y.at(Shapes.offset(a, Math.toRadians(bearing), d))});
  }
}
