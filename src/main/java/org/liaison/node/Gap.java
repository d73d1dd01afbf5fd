package org.liaison.node;

import java.time.Duration;
import java.time.Instant;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

/**
 * How far apart two volumes are in each dimension, exactly.
 *
 * @param horizontalM great-circle distance between the outlines; 0 when they touch or intersect
 * @param verticalM signed: the gap between the altitude bands, or minus the depth of their overlap
 * @param timeNanos signed: the gap between the time windows, or minus the length of their overlap
 */
record Gap(double horizontalM, double verticalM, long timeNanos) {

  static Gap between(Volume4D a, Volume4D b) {
    return new Gap(a.outline().distanceMeters(b.outline()), vertical(a.altitude(), b.altitude()), time(a.time(), b.time()));
  }

  static double vertical(AltitudeBand a, AltitudeBand b) {
    return Math.max(a.lower(), b.lower()) - Math.min(a.upper(), b.upper());
  }

  static long time(TimeWindow a, TimeWindow b) {
    Instant laterStart = a.start().isAfter(b.start()) ? a.start() : b.start();
    Instant earlierEnd = a.end().isBefore(b.end()) ? a.end() : b.end();
    return nanos(earlierEnd, laterStart);
  }

  /** Nanoseconds from {@code from} to {@code to}, saturating at the long range. */
  static long nanos(Instant from, Instant to) {
    try {
      return Duration.between(from, to).toNanos();
    } catch (ArithmeticException e) {
      return to.isAfter(from) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }

  /** Within the horizontal buffer; touching outlines always are, as in the ASTM overlap. */
  static boolean horizontallyClose(double distanceM, Buffers b) {
    return distanceM <= 0 || distanceM < b.horizontalM();
  }

  static boolean verticallyClose(double verticalM, Buffers b) {
    return verticalM < b.verticalM();
  }

  static boolean timeClose(long timeNanos, Buffers b) {
    return timeNanos < b.timeNanos();
  }

  /** The volumes come closer than the buffers in all three dimensions at once. */
  boolean conflicts(Buffers b) {
    return horizontallyClose(horizontalM, b) && verticallyClose(verticalM, b) && timeClose(timeNanos, b);
  }
}
