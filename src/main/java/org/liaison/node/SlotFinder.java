package org.liaison.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.liaison.geo.Volume4D;

/**
 * Finds the smallest time shift, or the smallest altitude shift, that moves a whole plan clear of
 * a set of obstacles, without scanning.
 *
 * <p>For one plan volume {@code p} and one obstacle volume {@code o} that are horizontally and
 * vertically within the buffers, shifting the plan by {@code s} makes their windows {@code
 * [p.start + s, p.end + s)} and {@code [o.start, o.end)} come within the time buffer {@code T}
 * exactly when {@code o.start - p.end - T < s < o.end - p.start + T}: an open interval. (With
 * {@code T = 0} an empty window forbids nothing.) A pair that is horizontally or vertically clear
 * forbids no shift at all, since a time shift changes neither. The allowed shifts are the
 * complement of the union of these intervals; the earliest allowed shift at or after 0 is found by
 * one pass over the intervals sorted by their start, so the cost is {@code O(n log n)} in the
 * number of volume pairs. Altitude works the same way with the bands and the vertical buffer,
 * for pairs that are horizontally and in time within the buffers.
 *
 * <p>Shifts are whole multiples of a step (1 s, 1 m by default) so that suggestions read well;
 * a step of 0 (altitude) or 1 ns (time) gives the exact boundary.
 */
final class SlotFinder {
  private SlotFinder() {}

  /** One neighbour's volumes and the buffers to keep from it. */
  record Obstacle(List<Volume4D> volumes, Buffers buffers) {}

  /** An open interval of forbidden time shifts in nanoseconds. */
  record TimeInterval(long lo, long hi) {}

  /** An open interval of forbidden altitude shifts in metres. */
  record AltitudeInterval(double lo, double hi) {}

  static List<TimeInterval> timeIntervals(List<Volume4D> plan, List<Obstacle> obstacles) {
    List<TimeInterval> out = new ArrayList<>();
    for (Obstacle ob : obstacles) {
      long t = ob.buffers().timeNanos();
      for (Volume4D p : plan) {
        for (Volume4D o : ob.volumes()) {
          if (!Gap.horizontallyClose(p.outline().distanceMeters(o.outline()), ob.buffers())
              || !Gap.verticallyClose(Gap.vertical(p.altitude(), o.altitude()), ob.buffers())) {
            continue;
          }
          long pLen = Gap.nanos(p.time().start(), p.time().end());
          long oLen = Gap.nanos(o.time().start(), o.time().end());
          if (pLen <= -t || oLen <= -t || (t == 0 && (pLen == 0 || oLen == 0))) {
            continue;
          }
          long lo = sub(Gap.nanos(p.time().end(), o.time().start()), t);
          long hi = add(Gap.nanos(p.time().start(), o.time().end()), t);
          if (lo < hi) {
            out.add(new TimeInterval(lo, hi));
          }
        }
      }
    }
    return out;
  }

  static List<AltitudeInterval> altitudeIntervals(List<Volume4D> plan, List<Obstacle> obstacles) {
    List<AltitudeInterval> out = new ArrayList<>();
    for (Obstacle ob : obstacles) {
      double v = ob.buffers().verticalM();
      for (Volume4D p : plan) {
        for (Volume4D o : ob.volumes()) {
          if (!Gap.horizontallyClose(p.outline().distanceMeters(o.outline()), ob.buffers())
              || !Gap.timeClose(Gap.time(p.time(), o.time()), ob.buffers())) {
            continue;
          }
          double pThick = p.altitude().upper() - p.altitude().lower();
          double oThick = o.altitude().upper() - o.altitude().lower();
          if (v == 0 && (pThick == 0 || oThick == 0)) {
            continue;
          }
          double lo = o.altitude().lower() - p.altitude().upper() - v;
          double hi = o.altitude().upper() - p.altitude().lower() + v;
          if (Double.isNaN(lo) || Double.isNaN(hi)) {
            // Both bands unbounded on the same side: no shift separates them.
            lo = Double.NEGATIVE_INFINITY;
            hi = Double.POSITIVE_INFINITY;
          }
          if (lo < hi) {
            out.add(new AltitudeInterval(lo, hi));
          }
        }
      }
    }
    return out;
  }

  /**
   * The smallest multiple of {@code step} in {@code [0, limit]} that lies in none of the open
   * intervals; empty when there is none.
   */
  static OptionalLong earliestTime(List<TimeInterval> intervals, long limit, long step) {
    if (step <= 0) {
      throw new IllegalArgumentException("step " + step + " must be positive");
    }
    List<TimeInterval> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparingLong(TimeInterval::lo));
    long cur = 0;
    for (TimeInterval iv : sorted) {
      if (iv.lo() >= cur) {
        break;
      }
      if (cur < iv.hi()) {
        if (iv.hi() > limit) {
          return OptionalLong.empty();
        }
        cur = ceil(iv.hi(), step);
      }
    }
    return cur <= limit ? OptionalLong.of(cur) : OptionalLong.empty();
  }

  /** As {@link #earliestTime} towards negative shifts: the largest allowed shift in {@code [-limit, 0]}. */
  static OptionalLong latestTime(List<TimeInterval> intervals, long limit, long step) {
    List<TimeInterval> mirrored = new ArrayList<>(intervals.size());
    for (TimeInterval iv : intervals) {
      mirrored.add(new TimeInterval(neg(iv.hi()), neg(iv.lo())));
    }
    OptionalLong s = earliestTime(mirrored, limit, step);
    return s.isPresent() ? OptionalLong.of(-s.getAsLong()) : s;
  }

  /** The smallest multiple of {@code step} (any value if 0) in {@code [0, limit]} in no interval. */
  static OptionalDouble earliestAltitude(List<AltitudeInterval> intervals, double limit, double step) {
    if (!(step >= 0)) {
      throw new IllegalArgumentException("step " + step + " must not be negative");
    }
    List<AltitudeInterval> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparingDouble(AltitudeInterval::lo));
    double cur = 0;
    for (AltitudeInterval iv : sorted) {
      if (iv.lo() >= cur) {
        break;
      }
      if (cur < iv.hi()) {
        if (iv.hi() > limit) {
          return OptionalDouble.empty();
        }
        cur = step == 0 ? iv.hi() : Math.ceil(iv.hi() / step) * step;
      }
    }
    return cur <= limit ? OptionalDouble.of(cur) : OptionalDouble.empty();
  }

  /** As {@link #earliestAltitude} downwards: the highest allowed shift in {@code [-limit, 0]}. */
  static OptionalDouble latestAltitude(List<AltitudeInterval> intervals, double limit, double step) {
    List<AltitudeInterval> mirrored = new ArrayList<>(intervals.size());
    for (AltitudeInterval iv : intervals) {
      mirrored.add(new AltitudeInterval(-iv.hi(), -iv.lo()));
    }
    OptionalDouble s = earliestAltitude(mirrored, limit, step);
    return s.isPresent() ? OptionalDouble.of(s.getAsDouble() == 0 ? 0 : -s.getAsDouble()) : s;
  }

  private static long ceil(long x, long step) {
    long k = -Math.floorDiv(-x, step);
    return k > Long.MAX_VALUE / step ? Long.MAX_VALUE : k * step;
  }

  private static long neg(long x) {
    return x == Long.MIN_VALUE ? Long.MAX_VALUE : -x;
  }

  static long add(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }

  static long sub(long a, long b) {
    return add(a, neg(b));
  }
}
