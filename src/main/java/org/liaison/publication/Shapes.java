package org.liaison.publication;

import java.util.ArrayList;
import java.util.List;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Outline;
import org.liaison.geo.Polygon;
import org.locationtech.jts.algorithm.MinimumAreaRectangle;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.buffer.BufferParameters;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

/**
 * Outlines in the plane of longitude and latitude degrees (x = lng, y = lat), and the outward
 * operations on them. Every step here may only grow a shape, or move its edge by a bounded amount
 * that the buffer pays for, so a published area always holds the volumes it was made from.
 */
final class Shapes {
  private Shapes() {}

  static final GeometryFactory GF = new GeometryFactory(new PrecisionModel(), 4326);
  /** Metres per degree of latitude on the sphere the rest of the hub uses. */
  static final double M_PER_DEG = Math.PI * Outline.EARTH_RADIUS_M / 180;
  /** Published positions lie on whole arc-seconds. */
  static final double GRID_DEG = 1.0 / 3600;
  /** Segments per quarter circle: rounded corners of 22.5° steps, inscribed, so within 2% of the buffer. */
  private static final int QUADRANT_SEGMENTS = 4;
  /** Vertices of a padded circle, which is circumscribed so it holds the circle whole. */
  private static final int CIRCLE_VERTICES = 16;
  /** A union with more vertices than this many times the limit is replaced by its hull at once. */
  static final int SIMPLIFY_FACTOR = 8;

  /**
   * The outline padded by {@code bufferM}, in degrees. The buffer is taken in a local plane
   * around the outline's anchor (an affine map of the degree plane, so straight edges stay
   * straight); its error over one outline (at most 28 km across) is tens of metres, well inside the
   * minimum buffer.
   */
  static Geometry padded(Outline outline, double bufferM) {
    LatLng a = outline.anchor();
    double kx = Math.cos(Math.toRadians(a.lat())) * M_PER_DEG;
    double ky = M_PER_DEG;
    Geometry local;
    if (outline instanceof Circle c) {
      // Edges tangent to the padded circle, counter-clockwise: cheaper than buffering a point, and
      // it holds the whole circle where a buffer's inscribed polygon would cut into it.
      int n = CIRCLE_VERTICES;
      double r = (c.radiusM() + bufferM) / Math.cos(Math.PI / n);
      Coordinate[] cs = new Coordinate[n + 1];
      for (int i = 0; i < n; i++) {
        double t = 2 * Math.PI * i / n;
        cs[i] = new Coordinate(r * Math.cos(t), r * Math.sin(t));
      }
      cs[n] = cs[0];
      local = GF.createPolygon(cs);
    } else {
      List<LatLng> vs = ((Polygon) outline).vertices();
      Coordinate[] cs = new Coordinate[vs.size() + 1];
      for (int i = 0; i < vs.size(); i++) {
        cs[i] = new Coordinate((vs.get(i).lng() - a.lng()) * kx, (vs.get(i).lat() - a.lat()) * ky);
      }
      cs[vs.size()] = cs[0];
      local = GF.createPolygon(cs).buffer(bufferM, QUADRANT_SEGMENTS, BufferParameters.CAP_ROUND);
    }
    Geometry deg = local.copy();
    deg.apply((Coordinate c) -> {
      c.x = c.x / kx + a.lng();
      c.y = c.y / ky + a.lat();
    });
    deg.geometryChanged();
    return deg;
  }

  /**
   * The published outline of a union: holes filled, simplified within {@code toleranceM}, at most
   * {@code maxVertices} vertices (by growing it when need be), on the arc-second grid,
   * counter-clockwise.
   */
  static List<LatLng> outline(Geometry union, double toleranceM, int maxVertices) {
    Geometry shell = shell(union);
    Coordinate[] ring;
    if (shell.getNumPoints() > SIMPLIFY_FACTOR * maxVertices) {
      ring = ring(shell.convexHull());
    } else {
      Geometry simple = DouglasPeuckerSimplifier.simplify(shell, toleranceM / M_PER_DEG);
      ring = simple instanceof org.locationtech.jts.geom.Polygon p && p.isValid() && !p.isEmpty()
          ? ring(shell(simple)) : ring(shell.convexHull());
    }
    if (ring.length - 1 > maxVertices) {
      ring = ring(shell.convexHull());
      if (ring.length - 1 > maxVertices) {
        ring = reduceConvex(ring, maxVertices);
      }
    }
    Coordinate[] snapped = snap(ring);
    if (snapped == null) {
      Geometry hull = GF.createMultiPointFromCoords(ring).convexHull();
      snapped = hull instanceof org.locationtech.jts.geom.Polygon ? snap(ring(hull)) : null;
    }
    if (snapped == null) {
      snapped = box(ring);
    }
    List<LatLng> out = new ArrayList<>();
    for (int i = 0; i < snapped.length - 1; i++) {
      out.add(new LatLng(snapped[i].y, snapped[i].x));
    }
    return out;
  }

  /** The exterior of one polygon, holes filled; a shape in pieces becomes its convex hull. */
  private static Geometry shell(Geometry g) {
    if (g instanceof org.locationtech.jts.geom.Polygon p) {
      return GF.createPolygon(p.getExteriorRing().getCoordinates());
    }
    if (g.getNumGeometries() == 1) {
      return shell(g.getGeometryN(0));
    }
    return g.convexHull();
  }

  /** The closed ring, counter-clockwise. */
  private static Coordinate[] ring(Geometry polygon) {
    Coordinate[] cs = ((org.locationtech.jts.geom.Polygon) polygon).getExteriorRing().getCoordinates().clone();
    if (!Orientation.isCCW(cs)) {
      java.util.Collections.reverse(java.util.Arrays.asList(cs));
    }
    return cs;
  }

  /**
   * A convex ring grown to at most {@code k} vertices: repeatedly the edge whose removal adds the
   * least area is dropped by extending its two neighbours to where they meet. A convex polygon of
   * five or more vertices always has such an edge; four is the floor, and the minimum-area
   * rectangle is the fallback should numerics refuse.
   */
  static Coordinate[] reduceConvex(Coordinate[] closed, int k) {
    List<Coordinate> p = new ArrayList<>(List.of(closed).subList(0, closed.length - 1));
    while (p.size() > k) {
      int n = p.size();
      int best = -1;
      double bestArea = Double.POSITIVE_INFINITY;
      Coordinate bestQ = null;
      for (int i = 0; i < n; i++) {
        Coordinate a0 = p.get((i - 1 + n) % n);
        Coordinate a1 = p.get(i);
        Coordinate b1 = p.get((i + 1) % n);
        Coordinate b0 = p.get((i + 2) % n);
        Coordinate q = meet(a0, a1, b0, b1);
        if (q == null) {
          continue;
        }
        double area = Math.abs(cross(a1, q, b1)) / 2;
        if (area < bestArea) {
          bestArea = area;
          best = i;
          bestQ = q;
        }
      }
      if (best < 0) {
        Geometry rect = MinimumAreaRectangle.getMinimumRectangle(GF.createMultiPointFromCoords(closed));
        return ring(rect instanceof org.locationtech.jts.geom.Polygon ? rect : rect.buffer(GRID_DEG));
      }
      p.set(best, bestQ);
      p.remove((best + 1) % n);
    }
    p.add(p.get(0));
    return p.toArray(Coordinate[]::new);
  }

  /**
   * Where the ray from a0 through a1 meets the ray from b0 through b1, beyond a1 and b1; null when
   * they do not meet on that side (the two exterior angles sum to 180° or more).
   */
  private static Coordinate meet(Coordinate a0, Coordinate a1, Coordinate b0, Coordinate b1) {
    double dax = a1.x - a0.x, day = a1.y - a0.y;
    double dbx = b1.x - b0.x, dby = b1.y - b0.y;
    double den = dax * dby - day * dbx;
    if (Math.abs(den) < 1e-18) {
      return null;
    }
    double t = ((b0.x - a0.x) * dby - (b0.y - a0.y) * dbx) / den;
    double u = ((b0.x - a0.x) * day - (b0.y - a0.y) * dax) / den;
    if (t <= 1 || u <= 1) {
      return null;
    }
    return new Coordinate(a0.x + t * dax, a0.y + t * day);
  }

  private static double cross(Coordinate o, Coordinate a, Coordinate b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  }

  /** The bounding box on the arc-second grid, rounded outward: the last resort, always valid. */
  private static Coordinate[] box(Coordinate[] closed) {
    org.locationtech.jts.geom.Envelope e = new org.locationtech.jts.geom.Envelope();
    for (Coordinate c : closed) {
      e.expandToInclude(c);
    }
    double x0 = Math.floor(e.getMinX() * 3600) / 3600, x1 = Math.ceil(e.getMaxX() * 3600) / 3600;
    double y0 = Math.floor(e.getMinY() * 3600) / 3600, y1 = Math.ceil(e.getMaxY() * 3600) / 3600;
    if (x1 == x0) {
      x1 += GRID_DEG;
    }
    if (y1 == y0) {
      y1 += GRID_DEG;
    }
    return new Coordinate[] {
      new Coordinate(x0, y0), new Coordinate(x1, y0), new Coordinate(x1, y1), new Coordinate(x0, y1), new Coordinate(x0, y0)
    };
  }

  /** The ring on the arc-second grid, repeated vertices dropped; null when that breaks it. */
  private static Coordinate[] snap(Coordinate[] closed) {
    List<Coordinate> out = new ArrayList<>();
    for (int i = 0; i < closed.length - 1; i++) {
      Coordinate c = new Coordinate(Math.round(closed[i].x * 3600) / 3600.0, Math.round(closed[i].y * 3600) / 3600.0);
      if (out.isEmpty() || !out.get(out.size() - 1).equals2D(c)) {
        out.add(c);
      }
    }
    while (out.size() > 1 && out.get(0).equals2D(out.get(out.size() - 1))) {
      out.remove(out.size() - 1);
    }
    if (out.size() < 3) {
      return null;
    }
    out.add(out.get(0));
    Coordinate[] cs = out.toArray(Coordinate[]::new);
    LinearRing r = GF.createLinearRing(cs);
    if (!GF.createPolygon(r).isValid() || !Orientation.isCCW(cs)) {
      return null;
    }
    return cs;
  }
}
