package org.liaison.publication;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.geometry.S2EdgeUtil;
import com.google.common.geometry.S2LatLng;
import com.google.common.geometry.S2Loop;
import com.google.common.geometry.S2Point;
import com.google.common.geometry.S2Polygon;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Polygon;
import org.liaison.geo.Volume4D;

/**
 * Publication against simple models: privacy (no published value equals a party's), coverage
 * (every published volume lies inside an area), opting out, and incremental == from scratch.
 */
class AggregationProperties {

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  static Publication publication(List<Notice> notices, Clock clock, PublicationConfig config, Map<String, PartySettings> s) {
    Publication p = Publication.inMemory(() -> List.copyOf(notices), config, clock, Days.SALT);
    s.forEach(p::setSettings);
    return p;
  }

  static Map<String, PartySettings> everyone() {
    Map<String, PartySettings> m = new HashMap<>();
    Days.PARTIES.forEach(p -> m.put(p, Days.ALL));
    return m;
  }

  @Property(tries = 60)
  void no_published_value_equals_a_party_value_and_every_volume_lies_inside_an_area(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 25) int count, @ForAll @IntRange(min = 4, max = 16) int vertices) {
    List<Notice> day = Days.day(seed, count);
    PublicationConfig config = new PublicationConfig("LLLL", "D", 1000 + new Random(seed).nextInt(9000), 500, vertices, 15);
    Publication.Snapshot s = publication(day, Days.at(Days.MORNING), config, everyone()).refresh();
    assertThat(s.areas()).isNotEmpty();
    for (Notice n : day) {
      for (Volume4D v : n.volumes()) {
        List<DangerArea> holding = s.areas().stream().filter(a -> holds(a, v)).toList();
        assertThat(holding).as("an area holds %s of %s", v, n.id()).isNotEmpty();
        holding.forEach(a -> assertThat(a.outline()).hasSizeLessThanOrEqualTo(vertices));
        // The area made of this volume publishes none of its values: every limit and time lies
        // strictly outside. (Another area that happens to hold it may share a grid value by chance;
        // that value comes from other volumes and says nothing about this one.)
        assertThat(holding).as("an area holds %s strictly inside its rounded values", v).anyMatch(a ->
            a.start().isBefore(v.time().start()) && a.end().isAfter(v.time().end())
                && a.start().getEpochSecond() % 60 == 0
                && (a.fromSurface() || a.lowerFt() * 0.3048 < v.altitude().lower())
                && (a.unlimited() || a.upperFt() * 0.3048 > v.altitude().upper()));
      }
    }
    for (DangerArea a : s.areas()) {
      for (LatLng p : a.outline()) {
        for (Notice n : day) {
          for (Volume4D v : n.volumes()) {
            if (v.outline() instanceof Polygon poly) {
              assertThat(poly.vertices()).doesNotContain(p);
            } else {
              assertThat(((Circle) v.outline()).center()).isNotEqualTo(p);
            }
          }
        }
      }
    }
  }

  @Property(tries = 40)
  void a_party_that_opts_out_disappears_as_if_it_had_never_declared(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 25) int count, @ForAll @IntRange(min = 0, max = 2) int who) {
    List<Notice> day = Days.day(seed, count);
    String party = Days.PARTIES.get(who);
    Map<String, PartySettings> settings = everyone();
    Publication p = publication(day, Days.at(Days.MORNING), PublicationConfig.DEFAULTS, settings);
    p.refresh();
    p.setSettings(party, new PartySettings(false, false, 60));
    List<DangerArea> after = p.refresh().areas();

    List<Notice> others = day.stream().filter(n -> !n.party().equals(party)).toList();
    List<DangerArea> model = publication(others, Days.at(Days.MORNING), PublicationConfig.DEFAULTS, settings)
        .refresh().areas();
    assertThat(after).isEqualTo(model);
  }

  @Property(tries = 40)
  void operations_are_off_and_restrictions_on_by_default(@ForAll long seed) {
    List<Notice> day = Days.day(seed, 15);
    List<DangerArea> byDefault = publication(day, Days.at(Days.MORNING), PublicationConfig.DEFAULTS, Map.of())
        .refresh().areas();
    List<Notice> restrictions = day.stream().filter(n -> n.kind() == Notice.Kind.RESTRICTION).toList();
    List<DangerArea> model = publication(restrictions, Days.at(Days.MORNING), PublicationConfig.DEFAULTS, everyone())
        .refresh().areas();
    assertThat(byDefault).isEqualTo(model);
  }

  /**
   * Random edits, clock moves and setting changes, refreshed after each: the areas always equal
   * those of a fresh publication built once from the same state.
   */
  @Property(tries = 40)
  void incremental_aggregation_equals_aggregation_from_scratch(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int steps) {
    Random r = new Random(seed);
    List<Notice> notices = new ArrayList<>(Days.day(seed, 1 + r.nextInt(12)));
    MutableClock clock = new MutableClock(Days.MORNING);
    Map<String, PartySettings> settings = everyone();
    Publication live = publication(notices, clock, PublicationConfig.DEFAULTS, settings);
    live.refresh();
    long next = 1000;
    for (int step = 0; step < steps; step++) {
      switch (r.nextInt(5)) {
        case 0 -> notices.add(Days.notice(r, new UUID(seed, next++), 1));
        case 1 -> {
          if (!notices.isEmpty()) {
            int i = r.nextInt(notices.size());
            Notice old = notices.get(i);
            Notice moved = Days.notice(r, old.id(), old.version() + 1);
            notices.set(i, new Notice(old.id(), old.party(), old.kind(), moved.version(), moved.volumes()));
          }
        }
        case 2 -> {
          if (!notices.isEmpty()) {
            notices.remove(r.nextInt(notices.size()));
          }
        }
        case 3 -> clock.now = clock.now.plus(Duration.ofMinutes(r.nextInt(240)));
        default -> {
          String party = Days.PARTIES.get(r.nextInt(Days.PARTIES.size()));
          PartySettings s = new PartySettings(r.nextBoolean(), r.nextBoolean(), r.nextInt(24 * 60));
          settings.put(party, s);
          live.setSettings(party, s);
        }
      }
      List<DangerArea> incremental = live.refresh().areas();
      List<DangerArea> scratch = publication(notices, Days.at(clock.now), PublicationConfig.DEFAULTS, settings)
          .refresh().areas();
      assertThat(incremental).as("step %d", step).isEqualTo(scratch);
    }
  }

  /** Whether the area holds the volume: outline (exactly, on the sphere), band and window. */
  static boolean holds(DangerArea a, Volume4D v) {
    if (a.start().isAfter(v.time().start()) || a.end().isBefore(v.time().end())) {
      return false;
    }
    if (!a.fromSurface() && a.lowerFt() * 0.3048 > v.altitude().lower()) {
      return false;
    }
    if (!a.unlimited() && a.upperFt() * 0.3048 < v.altitude().upper()) {
      return false;
    }
    List<S2Point> pts = new ArrayList<>();
    for (LatLng p : a.outline()) {
      pts.add(S2LatLng.fromDegrees(p.lat(), p.lng()).toPoint());
    }
    S2Loop loop = new S2Loop(pts);
    loop.normalize();
    if (v.outline() instanceof Polygon poly) {
      List<S2Point> vp = new ArrayList<>();
      for (LatLng p : poly.vertices()) {
        vp.add(S2LatLng.fromDegrees(p.lat(), p.lng()).toPoint());
      }
      S2Loop inner = new S2Loop(vp);
      inner.normalize();
      return new S2Polygon(loop).contains(new S2Polygon(inner));
    }
    Circle c = (Circle) v.outline();
    S2Point centre = S2LatLng.fromDegrees(c.center().lat(), c.center().lng()).toPoint();
    if (!loop.contains(centre)) {
      return false;
    }
    for (int i = 0; i < loop.numVertices(); i++) {
      double d = S2EdgeUtil.getDistance(centre, loop.vertex(i), loop.vertex(i + 1)).radians() * 6_371_010.0;
      if (d < c.radiusM()) {
        return false;
      }
    }
    return true;
  }
}
