package org.liaison.publication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Outline;
import org.liaison.geo.Polygon;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

/** Seeded days of notices over a small region, so that volumes overlap often. */
final class Days {
  static final Instant MORNING = Instant.parse("2026-12-07T06:00:00Z");
  static final List<String> PARTIES = List.of("coalition-air", "expeditionary-air", "civil-aviation");
  static final byte[] SALT = "test-salt".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private Days() {}

  static List<Notice> day(long seed, int count) {
    Random r = new Random(seed);
    List<Notice> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(notice(r, new UUID(seed, i), 1));
    }
    return out;
  }

  static Notice notice(Random r, UUID id, long version) {
    String party = PARTIES.get(r.nextInt(PARTIES.size()));
    Notice.Kind kind = r.nextInt(3) == 0 ? Notice.Kind.RESTRICTION : Notice.Kind.OPERATION;
    int n = 1 + r.nextInt(3);
    List<Volume4D> vs = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      vs.add(volume(r));
    }
    return new Notice(id, party, kind, version, vs);
  }

  static Volume4D volume(Random r) {
    LatLng c = new LatLng(33.0 + r.nextDouble() * 0.6, 35.0 + r.nextDouble() * 0.8);
    Outline o;
    if (r.nextBoolean()) {
      o = new Circle(c, 1000 + r.nextDouble() * 9000);
    } else {
      int k = 3 + r.nextInt(5);
      double[] angles = new double[k];
      for (int i = 0; i < k; i++) {
        angles[i] = r.nextDouble() * 2 * Math.PI;
      }
      Arrays.sort(angles);
      List<LatLng> pts = new ArrayList<>();
      for (double a : angles) {
        double d = 2000 + r.nextDouble() * 13000;
        pts.add(new LatLng(c.lat() + d * Math.sin(a) / 111_195, c.lng() + d * Math.cos(a) / (111_195 * Math.cos(Math.toRadians(c.lat())))));
      }
      try {
        o = Polygon.of(pts);
      } catch (RuntimeException e) {
        o = new Circle(c, 5000);
      }
    }
    double lower = r.nextInt(4) == 0 ? 0 : r.nextInt(3000) + (r.nextBoolean() ? 0 : r.nextDouble());
    double upper = lower + 100 + r.nextInt(3000);
    // Mostly whole minutes, as planners write them; sometimes seconds.
    Instant start = MORNING.plus(Duration.ofMinutes(r.nextInt(12 * 60)))
        .plusSeconds(r.nextInt(4) == 0 ? r.nextInt(60) : 0);
    Instant end = start.plus(Duration.ofMinutes(15 + r.nextInt(240)));
    return new Volume4D(o, new AltitudeBand(lower, upper), new TimeWindow(start, end));
  }

  /** Settings that publish everything from a day ahead, so a day's notices are all eligible at dawn. */
  static final PartySettings ALL = new PartySettings(true, true, 24 * 60);

  static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }
}
