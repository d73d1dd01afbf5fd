package org.liaison.geo;

import com.google.common.geometry.S2Point;

/**
 * A spherical cap that contains an outline: centre (x, y, z) on the unit sphere and radius as a
 * chord length. It lets the index reject far candidates with a few multiplications, before any
 * shape is touched: two outlines whose caps are apart cannot intersect.
 */
record BoundingCap(double x, double y, double z, double chord) {
  /** A cap that contains everything; never apart from anything. */
  static final BoundingCap FULL = new BoundingCap(0, 0, 1, 2);

  /**
   * Slack for rounding, as a chord: about 6 mm on the Earth, far more than the error of a few
   * floating-point operations on unit vectors and far more than {@link Outline#TOUCH_TOLERANCE_M},
   * so outlines that count as touching are never called apart.
   */
  static final double SLACK = 1e-9;

  /**
   * Caps are apart when their centres are further apart than the two radii. The chord is a metric
   * on the sphere's points, so the triangle inequality makes this sound: every point of one cap is
   * then more than {@link #SLACK} (as a chord) from every point of the other.
   */
  boolean apart(BoundingCap o) {
    double dx = x - o.x;
    double dy = y - o.y;
    double dz = z - o.z;
    double reach = chord + o.chord + SLACK;
    return dx * dx + dy * dy + dz * dz > reach * reach;
  }

  static BoundingCap of(Outline outline) {
    return outline instanceof Polygon p ? p.bound() : of((Circle) outline);
  }

  static BoundingCap of(Circle c) {
    S2Point p = c.centerPoint();
    double angle = c.radiusM() / Outline.EARTH_RADIUS_M;
    if (angle >= Math.PI) {
      return FULL;
    }
    return new BoundingCap(p.getX(), p.getY(), p.getZ(), 2 * Math.sin(angle / 2));
  }

  /**
   * The cap around a loop's vertices (x, y, z side by side), centred on their mean. A cap narrower than a hemisphere is
   * convex, so it holds every edge between two vertices, and the smaller side of a loop whose
   * boundary it holds lies inside it. Beyond 60° that reasoning is left alone: the cap is full.
   */
  static BoundingCap around(double[] xyz) {
    int n = xyz.length / 3;
    double sx = 0;
    double sy = 0;
    double sz = 0;
    for (int i = 0; i < xyz.length; i += 3) {
      sx += xyz[i];
      sy += xyz[i + 1];
      sz += xyz[i + 2];
    }
    double norm = Math.sqrt(sx * sx + sy * sy + sz * sz);
    if (!(norm > 1e-6 * n)) {
      return FULL;
    }
    double cx = sx / norm;
    double cy = sy / norm;
    double cz = sz / norm;
    double far = 0;
    for (int i = 0; i < xyz.length; i += 3) {
      double dx = xyz[i] - cx;
      double dy = xyz[i + 1] - cy;
      double dz = xyz[i + 2] - cz;
      far = Math.max(far, dx * dx + dy * dy + dz * dz);
    }
    double chord = Math.sqrt(far);
    return chord > 1 ? FULL : new BoundingCap(cx, cy, cz, chord);
  }
}
