package org.liaison.geo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic notices for benchmarks: small circles and polygons (0.5 to 1 km across)
 * spread uniformly over a 1000 km × 1000 km region, each with a 1 to 4 h window in the next 24 h
 * and a random altitude band.
 */
final class Notices {
  static final LatLng REGION_CENTER = new LatLng(47.0, 10.0);
  static final double REGION_SIDE_M = 1_000_000;
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private final SplittableRandom random;

  Notices(long seed) {
    random = new SplittableRandom(seed);
  }

  /** A uniformly random place in the region. */
  LatLng place() {
    double half = REGION_SIDE_M / 2;
    return Shapes.shift(
        REGION_CENTER, random.nextDouble(-half, half), random.nextDouble(-half, half));
  }

  /** A circle or a 4- to 6-vertex polygon, 0.5 to 1 km across. */
  Outline smallOutline() {
    LatLng center = place();
    if (random.nextBoolean()) {
      return new Circle(center, random.nextDouble(250, 500));
    }
    int n = 4 + random.nextInt(3);
    double[] radii = new double[n];
    double[] jitter = new double[n];
    for (int i = 0; i < n; i++) {
      radii[i] = random.nextDouble(250, 500);
      jitter[i] = random.nextDouble(0, 0.4);
    }
    return Shapes.star(center, radii, jitter);
  }

  /** A band starting between 0 and 400 m, 30 to 150 m thick, on a 10 m grid. */
  AltitudeBand band() {
    int lower = 10 * random.nextInt(41);
    return new AltitudeBand(lower, lower + 10 * (3 + random.nextInt(13)));
  }

  /** A window of the given length starting at a random minute such that it ends within 24 h. */
  TimeWindow window(Duration length) {
    long latestStart = Duration.ofHours(24).minus(length).toMinutes();
    Instant start = NOW.plus(Duration.ofMinutes(random.nextLong(latestStart + 1)));
    return new TimeWindow(start, start.plus(length));
  }

  /** One notice: one volume, 1 to 4 h long. */
  List<Volume4D> notice() {
    Duration length = Duration.ofMinutes(random.nextLong(60, 241));
    return List.of(new Volume4D(smallOutline(), band(), window(length)));
  }

  List<List<Volume4D>> notices(int count) {
    List<List<Volume4D>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(notice());
    }
    return out;
  }

  /** A query: a circle of 2 km radius, a 1 h window and a random band. */
  List<Volume4D> query() {
    return List.of(new Volume4D(new Circle(place(), 2_000), band(), window(Duration.ofHours(1))));
  }

  /** A square of 1 km² at a random place. */
  Polygon squareKm() {
    return Shapes.square(place(), 1_000);
  }
}
