package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The index's two-byte summary of a record may only reject pairs that cannot overlap: whenever
 * the windows and the bands overlap, the summaries share an hour bit and an altitude-bin bit.
 */
class CoarseSummaryProperties {
  private static final Circle HERE = new Circle(new LatLng(47, 10), 100);
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @Provide
  Arbitrary<Instant> instants() {
    // Near one time at nanosecond steps (hour boundaries included), far in the past and future
    // (clamped by the record), and the extremes.
    Arbitrary<Instant> near =
        Arbitraries.longs()
            .between(-30 * 3_600_000_000_000L, 30 * 3_600_000_000_000L)
            .map(n -> NOW.plusNanos(n));
    Arbitrary<Instant> onHours =
        Arbitraries.integers().between(-30, 30).map(h -> NOW.plus(Duration.ofHours(h)));
    Arbitrary<Instant> far =
        Arbitraries.of(
            Instant.MIN, Instant.MAX, Instant.parse("1600-01-01T00:00:00Z"),
            Instant.parse("2300-01-01T00:00:00Z"), Instant.EPOCH.minusNanos(1));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, near), net.jqwik.api.Tuple.of(3, onHours),
        net.jqwik.api.Tuple.of(1, far));
  }

  @Provide
  Arbitrary<Double> metres() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(-2, 8).map(k -> 50.0 * k),
        Arbitraries.doubles().between(-200, 1000),
        Arbitraries.of(
            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Math.nextDown(100.0),
            Math.nextUp(300.0), -0.0));
  }

  @Provide
  Arbitrary<Volume4D> volumes() {
    Arbitrary<TimeWindow> windows =
        Combinators.combine(instants(), instants())
            .as((a, b) -> a.isBefore(b) ? new TimeWindow(a, b) : new TimeWindow(b, a));
    Arbitrary<AltitudeBand> bands =
        Combinators.combine(metres(), metres())
            .as((a, b) -> new AltitudeBand(Math.min(a, b), Math.max(a, b)));
    return Combinators.combine(windows, bands).as((w, b) -> new Volume4D(HERE, b, w));
  }

  @Property(tries = 3000)
  void overlapping_records_share_an_hour_and_a_bin(
      @ForAll("volumes") Volume4D a, @ForAll("volumes") Volume4D b) {
    boolean overlap = a.time().overlaps(b.time()) && a.altitude().overlaps(b.altitude());
    int both = SpaceTimeIndex.coarse(a) & SpaceTimeIndex.coarse(b) & 0xFFFF;
    boolean mayOverlap = (both & 0xFFF) != 0 && (both & 0xF000) != 0;
    Statistics.collect(overlap ? "overlap" : mayOverlap ? "kept, apart" : "rejected");
    if (overlap) {
      assertThat(mayOverlap).as("%s and %s", a, b).isTrue();
    }
  }

  @Example
  void windows_hours_apart_and_bands_bins_apart_are_rejected() {
    Volume4D a = new Volume4D(HERE, new AltitudeBand(0, 50), new TimeWindow(NOW, NOW.plusSeconds(3600)));
    Volume4D later =
        new Volume4D(
            HERE, new AltitudeBand(0, 50), new TimeWindow(NOW.plusSeconds(3 * 3600), NOW.plusSeconds(4 * 3600)));
    Volume4D higher =
        new Volume4D(HERE, new AltitudeBand(250, 300), new TimeWindow(NOW, NOW.plusSeconds(3600)));
    assertThat(SpaceTimeIndex.coarse(a) & SpaceTimeIndex.coarse(later) & 0xFFF).isZero();
    assertThat(SpaceTimeIndex.coarse(a) & SpaceTimeIndex.coarse(higher) & 0xF000).isZero();
    // A window that ends on the hour does not reach into the next one.
    assertThat(Integer.bitCount(SpaceTimeIndex.coarse(a) & 0xFFF)).isEqualTo(1);
  }
}
