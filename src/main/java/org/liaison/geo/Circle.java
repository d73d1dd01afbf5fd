package org.liaison.geo;

import com.google.common.geometry.S1Angle;
import com.google.common.geometry.S2Cap;
import com.google.common.geometry.S2Point;
import com.google.common.geometry.S2Region;

/** A circle of {@code radiusM} metres around {@code center}. */
public record Circle(LatLng center, double radiusM) implements Outline {
  /** The largest radius whose area stays within {@link Outline#MAX_AREA_KM2}. */
  public static final double MAX_RADIUS_M = Math.sqrt(MAX_AREA_KM2 * 1e6 / Math.PI);

  public Circle {
    if (!(radiusM > 0) || !Double.isFinite(radiusM)) {
      throw new IllegalArgumentException("radius " + radiusM + " must be a positive number");
    }
  }

  public static Circle of(LatLng center, double radiusM, String path) {
    if (!(radiusM > 0) || !Double.isFinite(radiusM)) {
      throw Invalid.field(path + ".radius.value", "%s.radius.value %s must be greater than 0", path, radiusM);
    }
    if (radiusM > MAX_RADIUS_M) {
      throw Invalid.field(path + ".radius.value",
          "%s.radius.value %s m is too large: the area would exceed %s km² (largest radius %.0f m)",
          path, radiusM, (long) MAX_AREA_KM2, MAX_RADIUS_M);
    }
    return new Circle(center, radiusM);
  }

  S2Point centerPoint() {
    return center.toPoint();
  }

  @Override
  public S2Region region() {
    return S2Cap.fromAxisAngle(centerPoint(), S1Angle.radians(radiusM / EARTH_RADIUS_M));
  }

  @Override
  public double areaKm2() {
    return Math.PI * radiusM * radiusM / 1e6;
  }

  @Override
  public double distanceMeters(Outline other) {
    if (other instanceof Circle c) {
      double centres = centerPoint().angle(c.centerPoint()) * EARTH_RADIUS_M;
      return Math.max(0, centres - radiusM - c.radiusM);
    }
    return other.distanceMeters(this);
  }

  /**
   * As {@code distanceMeters(other) <= TOUCH_TOLERANCE_M}, but comparing chords with the
   * tolerance ({@link Reach}) instead of measuring the angle between the centres with atan2.
   */
  @Override
  public boolean intersects(Outline other) {
    if (other instanceof Circle c) {
      S2Point p = centerPoint();
      S2Point q = c.centerPoint();
      return Reach.of((radiusM + c.radiusM + TOUCH_TOLERANCE_M) / EARTH_RADIUS_M)
          .points(p.getX(), p.getY(), p.getZ(), q.getX(), q.getY(), q.getZ());
    }
    return other.intersects(this);
  }

  @Override
  public boolean contains(Outline other) {
    if (other instanceof Circle c) {
      double centres = centerPoint().angle(c.centerPoint()) * EARTH_RADIUS_M;
      return centres + c.radiusM <= radiusM + CONTAINS_TOLERANCE_M;
    }
    // A cap smaller than a hemisphere is convex: it holds a polygon when it holds every vertex.
    for (LatLng v : ((Polygon) other).vertices()) {
      if (centerPoint().angle(v.toPoint()) * EARTH_RADIUS_M > radiusM + CONTAINS_TOLERANCE_M) {
        return false;
      }
    }
    return true;
  }

  @Override
  public LatLng anchor() {
    return center;
  }
}
