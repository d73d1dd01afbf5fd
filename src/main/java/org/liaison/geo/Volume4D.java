package org.liaison.geo;

/** A contiguous block of spacetime: an outline, an altitude band and a time window. */
public record Volume4D(Outline outline, AltitudeBand altitude, TimeWindow time) {
  public Volume4D {
    if (outline == null || altitude == null || time == null) {
      throw new IllegalArgumentException("a volume needs an outline, an altitude band and a time");
    }
  }

  /**
   * The ASTM overlap: time windows, altitude bands and areas all intersect. Touching windows or
   * bands do not overlap; the area test is exact, so neighbours that share only an S2 cell do not.
   */
  public boolean overlaps(Volume4D o) {
    return time.overlaps(o.time) && altitude.overlaps(o.altitude) && outline.intersects(o.outline);
  }
}
