package org.liaison.geo;

/**
 * "Within this angle" on the unit sphere, tested without trigonometry per pair. An angle is
 * turned once into the squared chord that subtends it and the squared sine of it; after that,
 * comparing a point with a point is a squared 3-D distance, and a point with an edge a dot
 * product. Measuring the angle instead costs an {@code atan2} or an {@code asin} per pair, which
 * the exact tests of a query at 10⁶ notices spent about a tenth of their time on.
 *
 * <p>Both comparisons are monotone in the angle up to the bounds noted, so they decide exactly
 * what comparing the angles decides, up to the rounding of the arithmetic (about 10⁻¹⁵ radians,
 * a few nanometres on the Earth, far below {@link Outline#TOUCH_TOLERANCE_M}).
 */
record Reach(double chord2, double sin2) {
  /** Within {@code radians} (≥ 0) of each other. */
  static Reach of(double radians) {
    if (!(radians < Math.PI)) {
      return new Reach(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    double half = Math.sin(radians / 2);
    // A point is never more than π/2 from a great circle, so beyond that every edge is near.
    double sin2 = radians >= Math.PI / 2 ? Double.POSITIVE_INFINITY : square(Math.sin(radians));
    return new Reach(4 * half * half, sin2);
  }

  /** Whether unit vectors a and b are within reach: |a − b|² ≤ chord². */
  boolean points(double ax, double ay, double az, double bx, double by, double bz) {
    double dx = ax - bx;
    double dy = ay - by;
    double dz = az - bz;
    return dx * dx + dy * dy + dz * dz <= chord2;
  }

  /**
   * Whether unit vector x is within reach of the shorter great-circle arc from a to b (distinct,
   * not antipodal). As in S2's point-to-edge distance: when x lies in the wedge of a, b and their
   * normal n, the nearest point is the foot of the perpendicular on the arc, at sin⁻¹(|x·n| / |n|);
   * otherwise it is a or b.
   */
  boolean edge(double[] xyz, int x, double[] ring, int a, int b) {
    double px = xyz[x];
    double py = xyz[x + 1];
    double pz = xyz[x + 2];
    double ax = ring[a];
    double ay = ring[a + 1];
    double az = ring[a + 2];
    double bx = ring[b];
    double by = ring[b + 1];
    double bz = ring[b + 2];
    if (points(px, py, pz, ax, ay, az) || points(px, py, pz, bx, by, bz)) {
      return true;
    }
    // n = (a + b) × (b − a) = 2 a × b, as S2's robust cross product computes it: for a short edge
    // a × b directly loses its direction to rounding (about 10⁻¹⁶ / |a − b| radians, tens of
    // micrometres for a 100 m edge), while b − a is exact and keeps it.
    double sx = ax + bx;
    double sy = ay + by;
    double sz = az + bz;
    double dx = bx - ax;
    double dy = by - ay;
    double dz = bz - az;
    double nx = sy * dz - sz * dy;
    double ny = sz * dx - sx * dz;
    double nz = sx * dy - sy * dx;
    // (n × a)·x > 0 and (b × n)·x > 0: x lies between the planes through n and each end.
    double afterA = (ny * az - nz * ay) * px + (nz * ax - nx * az) * py + (nx * ay - ny * ax) * pz;
    double beforeB = (by * nz - bz * ny) * px + (bz * nx - bx * nz) * py + (bx * ny - by * nx) * pz;
    if (!(afterA > 0 && beforeB > 0)) {
      return false;
    }
    double xn = px * nx + py * ny + pz * nz;
    return xn * xn <= sin2 * (nx * nx + ny * ny + nz * nz);
  }

  private static double square(double v) {
    return v * v;
  }
}
