package org.liaison.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Outline;
import org.liaison.geo.Polygon;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

/** The operations of a scenario's day, drawn from its seed: the same seed gives the same day. */
final class Day {
  /** One planned operation, declared {@code planAt} by its party. */
  record Op(UUID id, String party, String kind, String area, int priority, Instant planAt, Volume4D volume) {}

  private Day() {}

  static List<Op> operations(Scenario s, Instant dayStart, Random rnd) {
    Scenario.Operations ops = s.operations();
    double total = ops.kinds().values().stream().mapToDouble(Scenario.Kind::share).sum();
    List<Op> out = new ArrayList<>();
    for (int i = 0; i < ops.count(); i++) {
      double pick = rnd.nextDouble() * total;
      String kindName = null;
      Scenario.Kind kind = null;
      for (Map.Entry<String, Scenario.Kind> e : ops.kinds().entrySet()) {
        kindName = e.getKey();
        kind = e.getValue();
        pick -= kind.share();
        if (pick <= 0) {
          break;
        }
      }
      String party = kind.parties().get(rnd.nextInt(kind.parties().size()));
      int priority = s.parties().stream().filter(p -> p.id().equals(party)).findFirst()
          .map(Scenario.PartySpec::priority).orElse(0);
      Scenario.Hotspot spot = s.hotspots().get(rnd.nextInt(s.hotspots().size()));
      LatLng centre = offset(spot.lat(), spot.lng(), rnd, spot.radiusKm());
      Outline outline = kind.radiusKm() != null
          ? new Circle(centre, 1000 * between(rnd, kind.radiusKm().get(0), kind.radiusKm().get(1)))
          : rectangle(centre, kind.sizeKm().get(0), kind.sizeKm().get(1), rnd.nextDouble() * Math.PI);
      double lo = between(rnd, kind.altitudeM().get(0), kind.altitudeM().get(1) - 1000);
      double hi = Math.min(kind.altitudeM().get(1), lo + between(rnd, 1000, 3000));
      long minutes = (long) between(rnd, kind.minutes().get(0), kind.minutes().get(1));
      long latestStart = s.hours() * 60L - minutes - 30;
      Instant start = dayStart.plus(Duration.ofMinutes(30 + (long) (rnd.nextDouble() * Math.max(1, latestStart - 30))));
      long lead = (long) between(rnd, ops.leadMinutes().get(0), ops.leadMinutes().get(1));
      Instant planAt = start.minus(Duration.ofMinutes(lead));
      if (planAt.isBefore(dayStart)) {
        planAt = dayStart;
      }
      Volume4D v = new Volume4D(outline, new AltitudeBand(Math.round(lo), Math.round(hi)),
          new TimeWindow(start, start.plus(Duration.ofMinutes(minutes))));
      out.add(new Op(uuid(rnd), party, kindName,
          spot.name(), priority, planAt, v));
    }
    out.sort(Comparator.comparing(Op::planAt));
    return out;
  }

  /** A version-4 UUID drawn from the seeded generator, so runs are reproducible. */
  static UUID uuid(Random rnd) {
    long hi = (rnd.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long lo = (rnd.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(hi, lo);
  }

  static double between(Random rnd, double a, double b) {
    return a + rnd.nextDouble() * Math.max(0, b - a);
  }

  static LatLng offset(double lat, double lng, Random rnd, double radiusKm) {
    double r = radiusKm * Math.sqrt(rnd.nextDouble());
    double a = rnd.nextDouble() * 2 * Math.PI;
    return move(lat, lng, r * Math.sin(a), r * Math.cos(a));
  }

  static LatLng move(double lat, double lng, double eastKm, double northKm) {
    return new LatLng(lat + northKm / 111.32, lng + eastKm / (111.32 * Math.cos(Math.toRadians(lat))));
  }

  /** A length × width rectangle around {@code c}, turned by {@code angle}. */
  static Polygon rectangle(LatLng c, double lengthKm, double widthKm, double angle) {
    double[][] corners = {{-lengthKm / 2, -widthKm / 2}, {lengthKm / 2, -widthKm / 2},
        {lengthKm / 2, widthKm / 2}, {-lengthKm / 2, widthKm / 2}};
    List<LatLng> vs = new ArrayList<>();
    for (double[] k : corners) {
      double e = k[0] * Math.cos(angle) - k[1] * Math.sin(angle);
      double n = k[0] * Math.sin(angle) + k[1] * Math.cos(angle);
      vs.add(move(c.lat(), c.lng(), e, n));
    }
    return Polygon.of(vs);
  }
}
