package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Polygon;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

class FootprintTest {
  static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

  static LatLng at(double xM, double yM) {
    return new LatLng(50 + yM / 111_195.0, 4 + xM / (111_195.0 * Math.cos(Math.toRadians(50))));
  }

  @Test
  void query_areas_contain_every_point_within_reach_of_a_long_polygon() {
    // 60 km by 10 km: its bounding circle is far larger than one query may be.
    Polygon p = Polygon.of(List.of(at(-30_000, -5_000), at(30_000, -5_000), at(30_000, 5_000), at(-30_000, 5_000)));
    Volume4D v = new Volume4D(p, new AltitudeBand(0, 100), new TimeWindow(T, T.plusSeconds(600)));
    Footprint.Reach reach = new Footprint.Reach(5556, 152.4, 152.4, Duration.ofMinutes(5), Duration.ofMinutes(5));
    List<Volume4D> areas = Footprint.queryAreas(List.of(v), reach);
    assertThat(areas).hasSizeGreaterThan(1);
    for (Volume4D a : areas) {
      assertThat(((Circle) a.outline()).radiusM()).isLessThanOrEqualTo(Circle.MAX_RADIUS_M);
      assertThat(a.altitude()).isEqualTo(new AltitudeBand(-152.4, 252.4));
      assertThat(a.time()).isEqualTo(new TimeWindow(T.minusSeconds(300), T.plusSeconds(900)));
    }
    Random r = new Random(7);
    for (int i = 0; i < 2000; i++) {
      Circle probe = new Circle(at(-36_000 + r.nextDouble() * 72_000, -11_000 + r.nextDouble() * 22_000), 1);
      if (p.distanceMeters(probe) + 1 < 5556) {
        assertThat(areas).as("point %s", probe.center()).anyMatch(a -> a.outline().intersects(probe));
      }
    }
  }

  @Test
  void a_small_plan_is_one_query() {
    Volume4D v = new Volume4D(new Circle(at(0, 0), 800), new AltitudeBand(0, 100), new TimeWindow(T, T.plusSeconds(600)));
    assertThat(Footprint.queryAreas(List.of(v), new Footprint.Reach(5556, 0, 0, Duration.ZERO, Duration.ZERO))).hasSize(1);
  }

  @Test
  void the_watch_contains_the_plan_and_lasts_at_most_a_day() {
    List<Volume4D> plan = new ArrayList<>();
    plan.add(new Volume4D(new Circle(at(0, 0), 800), new AltitudeBand(0, 100), new TimeWindow(T, T.plusSeconds(3600))));
    plan.add(new Volume4D(new Circle(at(3000, 0), 500), new AltitudeBand(50, 300), new TimeWindow(T.plusSeconds(3600), T.plus(Duration.ofHours(23)))));
    // The plan spans 23 h: the hour of margin asked for is cut to half an hour each side.
    Volume4D w = Footprint.watch(plan, new Buffers(11_112, 304.8, 3600));
    assertThat(Duration.between(w.time().start(), w.time().end())).isEqualTo(Duration.ofHours(24));
    assertThat(w.time().start()).isBefore(T);
    assertThat(w.altitude()).isEqualTo(new AltitudeBand(-304.8, 604.8));
    for (Volume4D v : plan) {
      Circle c = (Circle) v.outline();
      double d = Footprint.distanceM(((Circle) w.outline()).center(), c.center());
      assertThat(d + c.radiusM()).isLessThan(((Circle) w.outline()).radiusM());
    }
    plan.add(new Volume4D(new Circle(at(0, 0), 100), new AltitudeBand(0, 1), new TimeWindow(T, T.plus(Duration.ofHours(25)))));
    assertThat(Footprint.watch(plan, new Buffers(0, 0, 0))).as("longer than a subscription may be").isNull();
  }
}
