package org.liaison.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The preloaded notices and the queries of the {@code query} scenario, generated from a seed so
 * that the hub and the PostGIS baseline get exactly the same data and the same query mix.
 *
 * <p>Notices are circles of 100 to 500 m radius, 0 m to 60–150 m high, lasting 30 to 90 minutes,
 * spread uniformly over a 1000 km × 1000 km region and the six hours after {@code t0}. A query is
 * a circle of {@value #QUERY_RADIUS_M} m radius at a uniform place, 0 to 3000 m, over one hour at
 * a uniform time in the same span.
 */
record World(long seed, Instant t0) {
  static final double LAT = 30.0;
  static final double LNG = 0.0;
  static final double SIDE_M = 1_000_000;
  static final double QUERY_RADIUS_M = 2_000;
  static final Duration SPAN = Duration.ofHours(6);

  /**
   * Starts a day from now: every notice must still end in the future when it is created, and a
   * large preload (or one resumed from a kept data directory) can take hours.
   */
  static World startingTomorrow(long seed) {
    return new World(seed, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(Duration.ofDays(1)));
  }

  Payloads.Volume notice(long i) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    double lat = LAT + Payloads.dLat(r.nextDouble(SIDE_M));
    double lng = LNG + Payloads.dLng(r.nextDouble(SIDE_M), LAT + Payloads.dLat(SIDE_M / 2));
    double radius = 100 + r.nextInt(401);
    Instant start = t0.plusSeconds(r.nextLong(SPAN.toSeconds()));
    Instant end = start.plusSeconds(60L * (30 + r.nextInt(61)));
    double upper = 60 + r.nextInt(91);
    return new Payloads.Volume(lat, lng, radius, 0, upper, start, end);
  }

  Payloads.Volume query(SplittableRandom r) {
    double lat = LAT + Payloads.dLat(r.nextDouble(SIDE_M));
    double lng = LNG + Payloads.dLng(r.nextDouble(SIDE_M), LAT + Payloads.dLat(SIDE_M / 2));
    Instant start = t0.plusSeconds(r.nextLong(SPAN.toSeconds()));
    return new Payloads.Volume(lat, lng, QUERY_RADIUS_M, 0, 3000, start, start.plus(Duration.ofHours(1)));
  }
}
