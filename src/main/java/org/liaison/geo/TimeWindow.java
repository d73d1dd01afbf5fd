package org.liaison.geo;

import java.time.Duration;
import java.time.Instant;

/**
 * A half-open time window [start, end). Windows that only touch (one's end equals the other's
 * start) do not overlap.
 */
public record TimeWindow(Instant start, Instant end) {
  public static final TimeWindow ALWAYS = new TimeWindow(Instant.MIN, Instant.MAX);

  public TimeWindow {
    if (start == null || end == null || end.isBefore(start)) {
      throw new IllegalArgumentException("time window [" + start + ", " + end + "] is invalid");
    }
  }

  public boolean overlaps(TimeWindow o) {
    return start.isBefore(o.end) && o.start.isBefore(end);
  }

  /** Seconds between the windows; 0 when they touch or overlap. */
  public double gapSeconds(TimeWindow o) {
    if (end.isBefore(o.start) || end.equals(o.start)) {
      return Duration.between(end, o.start).toMillis() / 1000.0;
    }
    if (o.end.isBefore(start) || o.end.equals(start)) {
      return Duration.between(o.end, start).toMillis() / 1000.0;
    }
    return 0;
  }

  public TimeWindow union(TimeWindow o) {
    return new TimeWindow(
        start.isBefore(o.start) ? start : o.start, end.isAfter(o.end) ? end : o.end);
  }

  public TimeWindow shift(Duration d) {
    return new TimeWindow(start.plus(d), end.plus(d));
  }
}
