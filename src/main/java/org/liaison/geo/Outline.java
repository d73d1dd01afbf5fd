package org.liaison.geo;

import com.google.common.geometry.S2Region;

/** The horizontal footprint of a volume: a polygon or a circle on the WGS84 sphere. */
public sealed interface Outline permits Polygon, Circle {
  /** Mean Earth radius used for every distance and area, as S2 defines it. */
  double EARTH_RADIUS_M = 6_371_010.0;

  /** Largest area accepted for one outline, as InterUSS caps polygons. */
  double MAX_AREA_KM2 = 2500;

  S2Region region();

  double areaKm2();

  /** Shortest great-circle distance between the two outlines in metres; 0 when they intersect. */
  double distanceMeters(Outline other);

  /**
   * Outlines this close count as touching. Rounding leaves outlines that touch exactly up to about a
   * nanometre apart, so comparing the distance with 0 would call most touching outlines disjoint.
   */
  double TOUCH_TOLERANCE_M = 1e-6;

  /** Slack for {@link #contains}, so that an outline drawn on another's edge still fits. */
  double CONTAINS_TOLERANCE_M = 0.01;

  /** True when {@code other} lies entirely inside this outline; touching from inside counts. */
  boolean contains(Outline other);

  /** Exact intersection on the sphere; touching edges count as intersecting. */
  default boolean intersects(Outline other) {
    return distanceMeters(other) <= TOUCH_TOLERANCE_M;
  }

  /** A point inside the outline, for display and projection. */
  LatLng anchor();
}
