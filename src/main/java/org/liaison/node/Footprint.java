package org.liaison.node;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.liaison.errors.ApiException;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Outline;
import org.liaison.geo.Polygon;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

/**
 * The hub query areas and the watch volume around a plan. The hub answers queries for one
 * volume at a time whose outline is at most {@value Outline#MAX_AREA_KM2} km², so the space
 * around a plan is covered by circles: one when it fits, else a grid of them.
 */
final class Footprint {
  /** A little under the hub's limit, so rounding never makes a query too large. */
  static final double MAX_RADIUS_M = Circle.MAX_RADIUS_M * 0.995;
  /** Query areas one plan may need at most before we ask the operator to split it. */
  static final int MAX_QUERIES = 400;
  private static final double M_PER_DEGREE = Math.PI * Outline.EARTH_RADIUS_M / 180;

  private Footprint() {}

  /** A circle that contains an outline. */
  record Disc(LatLng center, double radiusM) {}

  static double distanceM(LatLng a, LatLng b) {
    double p1 = Math.toRadians(a.lat());
    double p2 = Math.toRadians(b.lat());
    double dp = p2 - p1;
    double dl = Math.toRadians(b.lng() - a.lng());
    double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * Outline.EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  static Disc bound(Outline o) {
    if (o instanceof Circle c) {
      return new Disc(c.center(), c.radiusM());
    }
    Polygon p = (Polygon) o;
    LatLng c = p.anchor();
    double r = 0;
    for (LatLng v : p.vertices()) {
      r = Math.max(r, distanceM(c, v));
    }
    // Edges are great-circle arcs; for outlines this small they bulge from the chord by far less.
    return new Disc(c, r * 1.0001 + 1);
  }

  static Disc bound(List<Volume4D> vs) {
    double x = 0;
    double y = 0;
    double z = 0;
    List<Disc> discs = new ArrayList<>();
    for (Volume4D v : vs) {
      Disc d = bound(v.outline());
      discs.add(d);
      double la = Math.toRadians(d.center().lat());
      double lo = Math.toRadians(d.center().lng());
      x += Math.cos(la) * Math.cos(lo);
      y += Math.cos(la) * Math.sin(lo);
      z += Math.sin(la);
    }
    double n = Math.sqrt(x * x + y * y + z * z);
    LatLng c = n < 1e-9 ? discs.get(0).center()
        : new LatLng(Math.toDegrees(Math.asin(z / n)), Math.toDegrees(Math.atan2(y, x)));
    double r = 0;
    for (Disc d : discs) {
      r = Math.max(r, distanceM(c, d.center()) + d.radiusM());
    }
    return new Disc(c, r);
  }

  static TimeWindow span(List<Volume4D> vs) {
    TimeWindow w = vs.get(0).time();
    for (Volume4D v : vs) {
      w = w.union(v.time());
    }
    return w;
  }

  static AltitudeBand band(List<Volume4D> vs) {
    AltitudeBand b = vs.get(0).altitude();
    for (Volume4D v : vs) {
      b = b.union(v.altitude());
    }
    return b;
  }

  /** How far around the plan to look, in each direction. */
  record Reach(double horizontalM, double belowM, double aboveM, Duration before, Duration after) {}

  /** Query areas whose union contains everything within {@code reach} of any plan volume. */
  static List<Volume4D> queryAreas(List<Volume4D> plan, Reach reach) {
    Disc all = bound(plan);
    if (all.radiusM() + reach.horizontalM() <= MAX_RADIUS_M) {
      return List.of(area(List.of(new Circle(all.center(), all.radiusM() + reach.horizontalM())), plan, reach).get(0));
    }
    List<Volume4D> out = new ArrayList<>();
    for (Volume4D v : plan) {
      Disc d = bound(v.outline());
      out.addAll(area(cover(d.center(), d.radiusM() + reach.horizontalM()), List.of(v), reach));
      if (out.size() > MAX_QUERIES) {
        throw ApiException.badRequest(
            "the plan covers too much ground to query the hub around it (more than %d areas); split it into smaller plans", MAX_QUERIES);
      }
    }
    return out;
  }

  private static List<Volume4D> area(List<Circle> circles, List<Volume4D> vs, Reach reach) {
    AltitudeBand b = band(vs);
    TimeWindow w = span(vs);
    AltitudeBand qb = new AltitudeBand(b.lower() - reach.belowM(), b.upper() + reach.aboveM());
    TimeWindow qw = new TimeWindow(w.start().minus(reach.before()), w.end().plus(reach.after()));
    List<Volume4D> out = new ArrayList<>();
    for (Circle c : circles) {
      out.add(new Volume4D(c, qb, qw));
    }
    return out;
  }

  /** Circles of at most the largest radius whose union contains the disc around {@code c}. */
  static List<Circle> cover(LatLng c, double radiusM) {
    if (radiusM <= MAX_RADIUS_M) {
      return List.of(new Circle(c, radiusM));
    }
    double r = MAX_RADIUS_M;
    // A square cell of side s is inside the circle of radius s/sqrt(2) around its centre; the
    // 0.9 leaves room for the flat-earth step below.
    double s = r * Math.sqrt(2) * 0.9;
    int n = (int) Math.ceil(radiusM / s);
    if ((2L * n + 1) * (2L * n + 1) > 4L * MAX_QUERIES) {
      throw ApiException.badRequest(
          "an area of radius %.0f m is too large to query the hub around; split the plan", radiusM);
    }
    double cosLat = Math.max(0.01, Math.cos(Math.toRadians(c.lat())));
    List<Circle> out = new ArrayList<>();
    for (int i = -n; i <= n; i++) {
      for (int j = -n; j <= n; j++) {
        double dx = i * s;
        double dy = j * s;
        if (Math.hypot(dx, dy) > radiusM + r) {
          continue;
        }
        double lat = Math.max(-90, Math.min(90, c.lat() + dy / M_PER_DEGREE));
        double lng = c.lng() + dx / (M_PER_DEGREE * cosLat);
        lng = ((lng + 540) % 360) - 180;
        out.add(new Circle(new LatLng(lat, lng), r));
      }
    }
    return out;
  }

  /**
   * The one volume a watch subscription covers: the plan's bounding circle widened by {@code
   * margin}, its band and span likewise, trimmed to the hub's 24-hour limit. Null when the plan
   * itself does not fit one such volume.
   */
  static Volume4D watch(List<Volume4D> plan, Buffers margin) {
    Disc d = bound(plan);
    if (d.radiusM() > MAX_RADIUS_M) {
      return null;
    }
    double radius = Math.min(MAX_RADIUS_M, d.radiusM() + Math.max(margin.horizontalM(), 1000));
    TimeWindow w = span(plan);
    Duration length = Duration.between(w.start(), w.end());
    Duration max = Duration.ofHours(24);
    if (length.compareTo(max) > 0) {
      return null;
    }
    Duration pad = Duration.ofNanos(margin.timeNanos());
    Duration room = max.minus(length).dividedBy(2);
    if (pad.compareTo(room) > 0) {
      pad = room;
    }
    AltitudeBand b = band(plan);
    Instant start = w.start().minus(pad);
    return new Volume4D(new Circle(d.center(), radius),
        new AltitudeBand(b.lower() - margin.verticalM(), b.upper() + margin.verticalM()),
        new TimeWindow(start, w.end().plus(pad)));
  }
}
