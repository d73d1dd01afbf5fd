package org.liaison.geo;

import com.google.common.geometry.S2EdgeUtil;
import com.google.common.geometry.S2Error;
import com.google.common.geometry.S2LatLng;
import com.google.common.geometry.S2Loop;
import com.google.common.geometry.S2Point;
import com.google.common.geometry.S2Polygon;
import com.google.common.geometry.S2Region;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.liaison.errors.ApiException;

/**
 * A simple polygon whose edges are great-circle arcs. The winding order that gives the smaller
 * area is used, as ASTM F3548 says. Immutable; the S2 shape is built once.
 */
public final class Polygon implements Outline {
  /** Farthest any vertex may lie from the first, so no outline needs an unbounded covering. */
  public static final double MAX_SPAN_M = 500_000;

  private final List<LatLng> vertices;
  private final S2Polygon shape;
  private final S2Point[] points;

  private Polygon(List<LatLng> vertices, S2Polygon shape, S2Point[] points) {
    this.vertices = vertices;
    this.shape = shape;
    this.points = points;
  }

  /**
   * Validates and builds a polygon. A closing vertex equal to the first is dropped, as GeoJSON
   * writes it; every other duplicate is refused.
   */
  public static Polygon of(List<LatLng> input, String path) {
    List<LatLng> vs = new ArrayList<>(input);
    if (vs.size() > 3 && vs.get(0).equals(vs.get(vs.size() - 1))) {
      vs.remove(vs.size() - 1);
    }
    if (vs.size() < 3) {
      throw ApiException.badRequest(
          "%s.vertices has %d distinct vertices; a polygon needs at least 3", path, vs.size());
    }
    if (vs.size() > 1000) {
      throw ApiException.badRequest(
          "%s.vertices has %d vertices; at most 1000 are accepted", path, vs.size());
    }
    List<S2Point> pts = new ArrayList<>(vs.size());
    for (int i = 0; i < vs.size(); i++) {
      S2Point p = vs.get(i).toPoint();
      for (int j = 0; j < i; j++) {
        if (pts.get(j).equalsPoint(p) || pts.get(j).angle(p) < 1e-10) {
          throw ApiException.badRequest(
              "%s.vertices[%d] (%s, %s) duplicates vertices[%d]",
              path, i, vs.get(i).lat(), vs.get(i).lng(), j);
        }
      }
      double fromFirst = pts.isEmpty() ? 0 : pts.get(0).angle(p) * EARTH_RADIUS_M;
      if (fromFirst > MAX_SPAN_M) {
        // A long sliver can stay under the area limit yet need tens of thousands of cells.
        throw ApiException.badRequest(
            "%s.vertices[%d] is %.0f km from vertices[0]; an outline may span at most %d km",
            path, i, fromFirst / 1000, (long) (MAX_SPAN_M / 1000));
      }
      pts.add(p);
    }
    S2Loop loop = new S2Loop(pts);
    S2Error error = new S2Error();
    if (loop.findValidationError(error)) {
      throw ApiException.badRequest("%s.vertices do not form a simple polygon: %s", path, error.text());
    }
    loop.normalize();
    double areaKm2 = loop.getArea() * Outline.EARTH_RADIUS_M * Outline.EARTH_RADIUS_M / 1e6;
    if (!(areaKm2 > 1e-6)) {
      throw ApiException.badRequest("%s.vertices enclose zero area", path);
    }
    if (areaKm2 > MAX_AREA_KM2) {
      throw ApiException.badRequest(
          "%s area %.1f km² exceeds the limit of %d km²", path, areaKm2, (long) MAX_AREA_KM2);
    }
    return new Polygon(List.copyOf(vs), new S2Polygon(loop), pts.toArray(new S2Point[0]));
  }

  /** Builds a polygon from trusted, already validated vertices (stored state, tests). */
  public static Polygon of(List<LatLng> vertices) {
    return of(vertices, "polygon");
  }

  public List<LatLng> vertices() {
    return vertices;
  }

  @Override
  public S2Region region() {
    return shape;
  }

  @Override
  public double areaKm2() {
    return shape.getArea() * EARTH_RADIUS_M * EARTH_RADIUS_M / 1e6;
  }

  @Override
  public double distanceMeters(Outline other) {
    if (other instanceof Circle c) {
      double d = shape.getDistance(c.centerPoint()).radians() * EARTH_RADIUS_M;
      return Math.max(0, d - c.radiusM());
    }
    Polygon p = (Polygon) other;
    if (shape.intersects(p.shape)) {
      return 0;
    }
    // Disjoint polygons: the closest pair is a vertex of one and an edge of the other.
    return Math.min(vertexToEdges(points, p.points), vertexToEdges(p.points, points))
        * EARTH_RADIUS_M;
  }

  @Override
  public boolean contains(Outline other) {
    if (other instanceof Polygon p) {
      return shape.contains(p.shape);
    }
    Circle c = (Circle) other;
    S2Point centre = c.centerPoint();
    // The centre inside, and every edge at least a radius away from it.
    return shape.contains(centre)
        && vertexToEdges(new S2Point[] {centre}, points) * EARTH_RADIUS_M >= c.radiusM() - CONTAINS_TOLERANCE_M;
  }

  private static double vertexToEdges(S2Point[] vs, S2Point[] ring) {
    double best = Double.POSITIVE_INFINITY;
    for (S2Point v : vs) {
      for (int i = 0; i < ring.length; i++) {
        S2Point a = ring[i];
        S2Point b = ring[(i + 1) % ring.length];
        best = Math.min(best, S2EdgeUtil.getDistance(v, a, b).radians());
      }
    }
    return best;
  }

  @Override
  public LatLng anchor() {
    S2Point centroid = shape.getAreaAndCentroid().getCentroid().normalize();
    if (shape.contains(centroid)) {
      return toLatLng(centroid);
    }
    // A concave polygon's centroid can fall outside it. Every simple polygon has an ear, a corner
    // whose triangle with its two neighbours lies inside it, and so does that triangle's centroid.
    int n = points.length;
    for (int i = 0; i < n; i++) {
      S2Point corner = points[(i + n - 1) % n].add(points[i]).add(points[(i + 1) % n]).normalize();
      if (shape.contains(corner)) {
        return toLatLng(corner);
      }
    }
    return toLatLng(centroid);
  }

  private static LatLng toLatLng(S2Point p) {
    S2LatLng c = new S2LatLng(p);
    return new LatLng(c.latDegrees(), c.lngDegrees());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Polygon p && p.vertices.equals(vertices);
  }

  @Override
  public int hashCode() {
    return Objects.hash(vertices);
  }

  @Override
  public String toString() {
    return "Polygon" + vertices;
  }
}
