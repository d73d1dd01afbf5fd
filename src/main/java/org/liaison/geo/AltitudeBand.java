package org.liaison.geo;

/**
 * An altitude band in metres above the WGS84 ellipsoid. An absent bound is infinite. Bands that
 * only touch (one's upper equals the other's lower) do not overlap.
 */
public record AltitudeBand(double lower, double upper) {
  public static final AltitudeBand ANY =
      new AltitudeBand(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

  public AltitudeBand {
    if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
      throw new IllegalArgumentException("altitude band [" + lower + ", " + upper + "] is empty");
    }
  }

  public boolean overlaps(AltitudeBand o) {
    return lower < o.upper && o.lower < upper;
  }

  /** True when the bands come within {@code buffer} metres of each other (touching counts). */
  public boolean within(AltitudeBand o, double buffer) {
    return lower - buffer <= o.upper && o.lower - buffer <= upper && gap(o) <= buffer;
  }

  /** Vertical distance between the bands; 0 when they touch or overlap. */
  public double gap(AltitudeBand o) {
    return Math.max(0, Math.max(lower - o.upper, o.lower - upper));
  }

  public AltitudeBand union(AltitudeBand o) {
    return new AltitudeBand(Math.min(lower, o.lower), Math.max(upper, o.upper));
  }
}
