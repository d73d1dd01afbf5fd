package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Outline;
import org.liaison.geo.Polygon;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

/**
 * The slot finder against the dumb thing: a scan of every shift on the grid, checking each pair
 * of volumes directly. Horizontal distances do not change with a time or altitude shift, so the
 * scan computes them once per pair; everything else it recomputes at every step.
 */
class SlotFinderProperties {
  private static final Instant BASE = Instant.parse("2030-01-01T00:00:00Z");
  private static final long SECOND = 1_000_000_000L;

  record Scene(List<Volume4D> plan, List<SlotFinder.Obstacle> obstacles) {}

  @Property(tries = 300)
  void earliest_later_start_matches_a_scan_of_every_second(@ForAll("scenes") Scene s) {
    long limit = 2 * 3600 * SECOND;
    OptionalLong fast = SlotFinder.earliestTime(SlotFinder.timeIntervals(s.plan(), s.obstacles()), limit, SECOND);
    OptionalLong slow = scanTime(s, 0, limit, SECOND);
    Statistics.label("later start").collect(fast.isEmpty() ? "none within 2 h" : fast.getAsLong() == 0 ? "0 (clear)" : "> 0");
    assertThat(fast).isEqualTo(slow);
  }

  @Property(tries = 300)
  void latest_earlier_start_matches_a_scan_of_every_second(@ForAll("scenes") Scene s) {
    long limit = 2 * 3600 * SECOND;
    OptionalLong fast = SlotFinder.latestTime(SlotFinder.timeIntervals(s.plan(), s.obstacles()), limit, SECOND);
    OptionalLong slow = scanTime(s, 0, limit, -SECOND);
    assertThat(fast).isEqualTo(slow);
  }

  @Property(tries = 300)
  void exact_shift_is_clear_and_one_nanosecond_less_is_not(@ForAll("scenes") Scene s) {
    long limit = 2 * 3600 * SECOND;
    List<SlotFinder.TimeInterval> ivs = SlotFinder.timeIntervals(s.plan(), s.obstacles());
    OptionalLong exact = SlotFinder.earliestTime(ivs, limit, 1);
    OptionalLong grid = SlotFinder.earliestTime(ivs, limit, SECOND);
    if (exact.isEmpty()) {
      assertThat(grid).isEmpty();
      return;
    }
    long x = exact.getAsLong();
    assertThat(conflictsAtTime(s, x)).isFalse();
    if (x > 0) {
      assertThat(conflictsAtTime(s, x - 1)).isTrue();
    }
    if (grid.isPresent()) {
      assertThat(grid.getAsLong()).isBetween(x, Long.MAX_VALUE);
    }
  }

  @Property(tries = 300)
  void nearest_altitude_up_and_down_match_a_scan_of_every_metre(@ForAll("scenes") Scene s) {
    List<SlotFinder.AltitudeInterval> ivs = SlotFinder.altitudeIntervals(s.plan(), s.obstacles());
    OptionalDouble up = SlotFinder.earliestAltitude(ivs, 1000, 1);
    Statistics.label("climb").collect(up.isEmpty() ? "none within 1000 m" : up.getAsDouble() == 0 ? "0 (clear)" : "> 0");
    assertThat(up).isEqualTo(scanAltitude(s, 1000, 1));
    assertThat(SlotFinder.latestAltitude(ivs, 1000, 1)).isEqualTo(scanAltitude(s, 1000, -1));
  }

  @Property(tries = 200)
  void suggested_slots_are_clear_of_every_blocking_neighbour(@ForAll("scenes") Scene s) {
    List<Neighbour> ns = new ArrayList<>();
    int i = 0;
    for (SlotFinder.Obstacle o : s.obstacles()) {
      ns.add(new Neighbour(Neighbour.Kind.operational_intent, new java.util.UUID(0, i), "P" + i, 0L, "Accepted", "ovn" + i,
          o.volumes(), "http://p" + i, Footprint.span(o.volumes()), null));
      i++;
    }
    // One policy per scene: every party gets the buffers of its obstacle.
    java.util.Map<String, Buffers> parties = new java.util.HashMap<>();
    for (int k = 0; k < s.obstacles().size(); k++) {
      parties.put("P" + k, s.obstacles().get(k).buffers());
    }
    SeparationPolicy policy = new SeparationPolicy(SeparationPolicy.DEFAULT, List.of(), parties);
    Suggestions sug = Suggestions.find(s.plan(), 0, ns, policy, "me", PlanRequest.Limits.DEFAULT, BASE.minusSeconds(86_400));
    for (Suggestions.Slot slot : new Suggestions.Slot[] {sug.time, sug.altitude}) {
      if (slot != null) {
        assertThat(Conflict.of(slot.volumes(), 0, ns, policy, "me")).noneMatch(Conflict::blocking);
      }
    }
  }

  // ---------------------------------------------------------------- the dumb thing

  private static OptionalLong scanTime(Scene s, long from, long limit, long step) {
    double[][] horizontal = horizontal(s);
    for (long k = from; Math.abs(k) <= limit; k += step) {
      if (!conflictsAtTime(s, k, horizontal)) {
        return OptionalLong.of(k);
      }
    }
    return OptionalLong.empty();
  }

  private static boolean conflictsAtTime(Scene s, long shift) {
    return conflictsAtTime(s, shift, horizontal(s));
  }

  private static boolean conflictsAtTime(Scene s, long shift, double[][] horizontal) {
    for (int i = 0; i < s.plan().size(); i++) {
      Volume4D p = s.plan().get(i);
      TimeWindow w = new TimeWindow(p.time().start().plusNanos(shift), p.time().end().plusNanos(shift));
      int j = 0;
      for (SlotFinder.Obstacle o : s.obstacles()) {
        for (Volume4D v : o.volumes()) {
          Buffers b = o.buffers();
          if (Gap.horizontallyClose(horizontal[i][j], b) && Gap.verticallyClose(Gap.vertical(p.altitude(), v.altitude()), b)
              && Gap.timeClose(Gap.time(w, v.time()), b)) {
            return true;
          }
          j++;
        }
      }
    }
    return false;
  }

  private static OptionalDouble scanAltitude(Scene s, int limit, int step) {
    double[][] horizontal = horizontal(s);
    for (int k = 0; Math.abs(k) <= limit; k += step) {
      boolean clear = true;
      for (int i = 0; i < s.plan().size() && clear; i++) {
        Volume4D p = s.plan().get(i);
        AltitudeBand band = new AltitudeBand(p.altitude().lower() + k, p.altitude().upper() + k);
        int j = 0;
        for (SlotFinder.Obstacle o : s.obstacles()) {
          for (Volume4D v : o.volumes()) {
            Buffers b = o.buffers();
            if (Gap.horizontallyClose(horizontal[i][j], b) && Gap.timeClose(Gap.time(p.time(), v.time()), b)
                && Gap.verticallyClose(Gap.vertical(band, v.altitude()), b)) {
              clear = false;
            }
            j++;
          }
        }
      }
      if (clear) {
        return OptionalDouble.of(k == 0 ? 0.0 : k);
      }
    }
    return OptionalDouble.empty();
  }

  private static double[][] horizontal(Scene s) {
    int n = s.obstacles().stream().mapToInt(o -> o.volumes().size()).sum();
    double[][] d = new double[s.plan().size()][n];
    for (int i = 0; i < s.plan().size(); i++) {
      int j = 0;
      for (SlotFinder.Obstacle o : s.obstacles()) {
        for (Volume4D v : o.volumes()) {
          d[i][j++] = s.plan().get(i).outline().distanceMeters(v.outline());
        }
      }
    }
    return d;
  }

  // ---------------------------------------------------------------- scenes

  @Provide
  Arbitrary<Scene> scenes() {
    Arbitrary<Buffers> buffers = Combinators.combine(
        Arbitraries.integers().between(0, 3000), Arbitraries.integers().between(0, 200), Arbitraries.integers().between(0, 900))
        .as((h, v, t) -> new Buffers(h, v, t));
    Arbitrary<List<Volume4D>> volumes = volume().list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<SlotFinder.Obstacle> obstacle = Combinators.combine(volumes, buffers).as(SlotFinder.Obstacle::new);
    return Combinators.combine(volumes, obstacle.list().ofMinSize(0).ofMaxSize(6)).as(Scene::new);
  }

  private static Arbitrary<Volume4D> volume() {
    Arbitrary<Outline> outline = Combinators.combine(
        Arbitraries.integers().between(0, 4000), Arbitraries.integers().between(0, 4000),
        Arbitraries.integers().between(50, 2500), Arbitraries.of(true, false))
        .as((x, y, r, circle) -> circle ? (Outline) new Circle(at(x, y), r) : square(x, y, r));
    Arbitrary<AltitudeBand> band = Combinators.combine(
        Arbitraries.integers().between(0, 600), Arbitraries.integers().between(0, 300))
        .as((lo, th) -> new AltitudeBand(lo, lo + th));
    // Milliseconds, so boundaries fall between the grid's seconds too; lengths may be zero.
    Arbitrary<TimeWindow> window = Combinators.combine(
        Arbitraries.longs().between(0, 3 * 3600_000L), Arbitraries.longs().between(0, 3600_000L))
        .as((start, len) -> new TimeWindow(BASE.plusMillis(start), BASE.plusMillis(start + len)));
    return Combinators.combine(outline, band, window).as(Volume4D::new);
  }

  private static LatLng at(int xM, int yM) {
    return new LatLng(45 + yM / 111_195.0, 7 + xM / (111_195.0 * Math.cos(Math.toRadians(45))));
  }

  private static Polygon square(int x, int y, int half) {
    return Polygon.of(List.of(at(x - half, y - half), at(x + half, y - half), at(x + half, y + half), at(x - half, y + half)));
  }

}
