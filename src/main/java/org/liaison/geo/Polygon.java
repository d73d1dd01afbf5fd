package org.liaison.geo;

import com.google.common.geometry.S2;
import com.google.common.geometry.S2EdgeUtil;
import com.google.common.geometry.S2Error;
import com.google.common.geometry.S2LatLng;
import com.google.common.geometry.S2Loop;
import com.google.common.geometry.S2Point;
import com.google.common.geometry.S2Polygon;
import com.google.common.geometry.S2Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A simple polygon whose edges are great-circle arcs. The winding order that gives the smaller
 * area is used, as ASTM F3548 says. Immutable.
 *
 * <p>The index holds a million of these, so each keeps its vertices once as unit vectors in one
 * flat array, plus the input degrees that {@link #vertices()} must give back exactly, and its
 * bounding cap inline. An {@link S2Polygon} with its edge index costs several times as much; it is
 * built only when asked for ({@link #region()}, {@link #anchor()}, {@link #contains} of a
 * polygon). The exact tests work on the vectors directly: small polygons need no edge index.
 */
public final class Polygon implements Outline {
  /** Farthest any vertex may lie from the first, so no outline needs an unbounded covering. */
  public static final double MAX_SPAN_M = 500_000;

  /** Input degrees, lat and lng interleaved, in input order. */
  private final double[] degrees;

  /**
   * Unit vectors, x, y and z of each vertex side by side, in the order of the normalized loop
   * (smaller area inside). A flat array rather than {@link S2Point}s: 24 bytes a vertex instead
   * of 44, and the exact tests read them in order. S2's crossing tests get points made on the fly.
   */
  private final double[] xyz;

  /** Whether {@link S2#origin()} lies inside: where the crossing parity of containment starts. */
  private final boolean originInside;

  private final double areaKm2;

  // The bounding cap (see BoundingCap.around), inline: one object fewer per polygon.
  private final double capX;
  private final double capY;
  private final double capZ;
  private final double capChord;

  private Polygon(double[] degrees, S2Loop loop, double areaKm2) {
    this.degrees = degrees;
    this.xyz = new double[3 * loop.numVertices()];
    for (int i = 0; i < loop.numVertices(); i++) {
      S2Point p = loop.vertex(i);
      xyz[3 * i] = p.getX();
      xyz[3 * i + 1] = p.getY();
      xyz[3 * i + 2] = p.getZ();
    }
    this.originInside = loop.isOriginInside();
    this.areaKm2 = areaKm2;
    BoundingCap bound = BoundingCap.around(xyz);
    this.capX = bound.x();
    this.capY = bound.y();
    this.capZ = bound.z();
    this.capChord = bound.chord();
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
      throw Invalid.field(path + ".vertices", "%s.vertices has %d distinct vertices; a polygon needs at least 3", path, vs.size());
    }
    if (vs.size() > 1000) {
      throw Invalid.field(path + ".vertices", "%s.vertices has %d vertices; at most 1000 are accepted", path, vs.size());
    }
    List<S2Point> pts = new ArrayList<>(vs.size());
    for (int i = 0; i < vs.size(); i++) {
      S2Point p = vs.get(i).toPoint();
      for (int j = 0; j < i; j++) {
        if (pts.get(j).equalsPoint(p) || pts.get(j).angle(p) < 1e-10) {
          throw Invalid.field(path + ".vertices", "%s.vertices[%d] (%s, %s) duplicates vertices[%d]",
              path, i, vs.get(i).lat(), vs.get(i).lng(), j);
        }
      }
      double fromFirst = pts.isEmpty() ? 0 : pts.get(0).angle(p) * EARTH_RADIUS_M;
      if (fromFirst > MAX_SPAN_M) {
        // A long sliver can stay under the area limit yet need tens of thousands of cells.
        throw Invalid.field(path + ".vertices", "%s.vertices[%d] is %.0f km from vertices[0]; an outline may span at most %d km",
            path, i, fromFirst / 1000, (long) (MAX_SPAN_M / 1000));
      }
      pts.add(p);
    }
    S2Loop loop = new S2Loop(pts);
    S2Error error = new S2Error();
    if (loop.findValidationError(error)) {
      throw Invalid.field(path + ".vertices", "%s.vertices do not form a simple polygon: %s", path, error.text());
    }
    loop.normalize();
    double areaKm2 = loop.getArea() * Outline.EARTH_RADIUS_M * Outline.EARTH_RADIUS_M / 1e6;
    if (!(areaKm2 > 1e-6)) {
      throw Invalid.field(path + ".vertices", "%s.vertices enclose zero area", path);
    }
    if (areaKm2 > MAX_AREA_KM2) {
      throw Invalid.field(path, "%s area %.1f km² exceeds the limit of %d km²", path, areaKm2, (long) MAX_AREA_KM2);
    }
    double[] degrees = new double[2 * vs.size()];
    for (int i = 0; i < vs.size(); i++) {
      degrees[2 * i] = vs.get(i).lat();
      degrees[2 * i + 1] = vs.get(i).lng();
    }
    return new Polygon(degrees, loop, areaKm2);
  }

  /** Builds a polygon from trusted, already validated vertices (stored state, tests). */
  public static Polygon of(List<LatLng> vertices) {
    return of(vertices, "polygon");
  }

  /** The vertices as given, without a closing duplicate of the first. */
  public List<LatLng> vertices() {
    LatLng[] out = new LatLng[degrees.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = new LatLng(degrees[2 * i], degrees[2 * i + 1]);
    }
    return List.of(out);
  }

  private int vertexCount() {
    return xyz.length / 3;
  }

  private S2Point point(int i) {
    return new S2Point(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
  }

  private S2Point[] points() {
    S2Point[] out = new S2Point[vertexCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = point(i);
    }
    return out;
  }

  /** The loop as S2 sees it; a new one on every call, since keeping it would triple the size. */
  S2Loop loop() {
    return new S2Loop(Arrays.asList(points()));
  }

  S2Point firstVertex() {
    return point(0);
  }

  /** A new {@link S2Polygon} on every call; see {@link #loop()}. */
  @Override
  public S2Region region() {
    return new S2Polygon(loop());
  }

  BoundingCap bound() {
    return new BoundingCap(capX, capY, capZ, capChord);
  }

  @Override
  public double areaKm2() {
    return areaKm2;
  }

  @Override
  public double distanceMeters(Outline other) {
    S2Point[] points = points();
    if (other instanceof Circle c) {
      S2Point centre = c.centerPoint();
      double d = containsPoint(centre) ? 0 : pointToEdges(centre, points);
      return Math.max(0, d * EARTH_RADIUS_M - c.radiusM());
    }
    Polygon p = (Polygon) other;
    S2Point[] others = p.points();
    if (edgesCross(points, others) || containsPoint(others[0]) || p.containsPoint(points[0])) {
      return 0;
    }
    // Disjoint polygons: the closest pair is a vertex of one and an edge of the other.
    return Math.min(vertexToEdges(points, others), vertexToEdges(others, points))
        * EARTH_RADIUS_M;
  }

  /**
   * As {@code distanceMeters(other) <= TOUCH_TOLERANCE_M}, but comparing chords and sines with
   * the tolerance ({@link Reach}) instead of measuring the distance with inverse trigonometry.
   */
  @Override
  public boolean intersects(Outline other) {
    if (other instanceof Circle c) {
      S2Point centre = c.centerPoint();
      return meetsCircle(
          centre.getX(), centre.getY(), centre.getZ(),
          (c.radiusM() + TOUCH_TOLERANCE_M) / EARTH_RADIUS_M);
    }
    Polygon p = (Polygon) other;
    if (edgesCross(points(), p.points())
        || containsPoint(p.firstVertex())
        || p.containsPoint(firstVertex())) {
      return true;
    }
    Reach touch = Reach.of(TOUCH_TOLERANCE_M / EARTH_RADIUS_M);
    return verticesNear(xyz, p.xyz, touch) || verticesNear(p.xyz, xyz, touch);
  }

  /**
   * Whether the polygon comes within {@code radians} of the unit vector (x, y, z): an edge within
   * reach, or the point inside. The edges go first: a circle that meets a polygon usually has an
   * edge within reach, and the containment test, S2's robust crossings along an arc from a fixed
   * origin, costs several times more. It runs only when the point lies in the bounding cap.
   */
  boolean meetsCircle(double x, double y, double z, double radians) {
    double[] centre = {x, y, z};
    Reach reach = Reach.of(radians);
    int n = vertexCount();
    for (int i = 0; i < n; i++) {
      if (reach.edge(centre, 0, xyz, 3 * i, 3 * ((i + 1) % n))) {
        return true;
      }
    }
    double dx = x - capX;
    double dy = y - capY;
    double dz = z - capZ;
    double r = capChord + BoundingCap.SLACK;
    return dx * dx + dy * dy + dz * dz <= r * r && containsPoint(new S2Point(x, y, z));
  }

  /** Whether some vertex of {@code vs} is within reach of an edge of {@code ring}. */
  private static boolean verticesNear(double[] vs, double[] ring, Reach reach) {
    int n = ring.length / 3;
    for (int v = 0; v < vs.length; v += 3) {
      for (int i = 0; i < n; i++) {
        if (reach.edge(vs, v, ring, 3 * i, 3 * ((i + 1) % n))) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public boolean contains(Outline other) {
    if (other instanceof Polygon p) {
      // Not on a query path (it checks a subscription's area on writes): S2 shapes on demand.
      return ((S2Polygon) region()).contains((S2Polygon) p.region());
    }
    Circle c = (Circle) other;
    S2Point centre = c.centerPoint();
    // The centre inside, and every edge at least a radius away from it.
    return containsPoint(centre)
        && pointToEdges(centre, points()) * EARTH_RADIUS_M >= c.radiusM() - CONTAINS_TOLERANCE_M;
  }

  /**
   * Point in polygon as {@link S2Loop} does it without an index: the parity of edge crossings on
   * the arc from {@link S2#origin()} to {@code p}, with S2's rule for arcs through a vertex.
   */
  boolean containsPoint(S2Point p) {
    S2Point first = point(0);
    S2EdgeUtil.EdgeCrosser crosser = new S2EdgeUtil.EdgeCrosser(S2.origin(), p, first);
    boolean inside = originInside;
    int n = vertexCount();
    for (int i = 1; i < n; i++) {
      inside ^= crosser.edgeOrVertexCrossing(point(i));
    }
    inside ^= crosser.edgeOrVertexCrossing(first);
    return inside;
  }

  /**
   * Whether an edge of one ring properly crosses an edge of the other. Together with one vertex
   * of each tested for containment in the other, that decides whether two simple polygons meet;
   * boundaries that only touch are left to the vertex-to-edge distance, which is then about 0.
   */
  private static boolean edgesCross(S2Point[] a, S2Point[] b) {
    S2EdgeUtil.EdgeCrosser crosser = new S2EdgeUtil.EdgeCrosser();
    for (int i = 0; i < a.length; i++) {
      crosser.init(a[i], a[(i + 1) % a.length]);
      crosser.restartAt(b[0]);
      for (int j = 1; j <= b.length; j++) {
        if (crosser.robustCrossing(b[j % b.length]) > 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static double pointToEdges(S2Point v, S2Point[] ring) {
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < ring.length; i++) {
      S2Point a = ring[i];
      S2Point b = ring[(i + 1) % ring.length];
      best = Math.min(best, S2EdgeUtil.getDistance(v, a, b).radians());
    }
    return best;
  }

  private static double vertexToEdges(S2Point[] vs, S2Point[] ring) {
    double best = Double.POSITIVE_INFINITY;
    for (S2Point v : vs) {
      best = Math.min(best, pointToEdges(v, ring));
    }
    return best;
  }

  @Override
  public LatLng anchor() {
    S2Polygon shape = (S2Polygon) region();
    S2Point centroid = shape.getAreaAndCentroid().getCentroid().normalize();
    if (shape.contains(centroid)) {
      return toLatLng(centroid);
    }
    // A concave polygon's centroid can fall outside it. Every simple polygon has an ear, a corner
    // whose triangle with its two neighbours lies inside it, and so does that triangle's centroid.
    S2Point[] points = points();
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
    return o instanceof Polygon p && Arrays.equals(p.degrees, degrees);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(degrees);
  }

  @Override
  public String toString() {
    return "Polygon" + vertices();
  }
}
