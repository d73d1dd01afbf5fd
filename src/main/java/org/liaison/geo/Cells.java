package org.liaison.geo;

import com.google.common.geometry.S1Angle;
import com.google.common.geometry.S2Cap;
import com.google.common.geometry.S2Cell;
import com.google.common.geometry.S2CellId;
import com.google.common.geometry.S2Point;
import com.google.common.geometry.S2Projections;
import com.google.common.geometry.S2Region;
import java.util.Arrays;

/**
 * S2 coverings at one fixed level. One level keeps the index a plain hash map: two outlines can
 * intersect only if their coverings share a cell id.
 */
public final class Cells {
  /** Level 13 cells are about 1 km²; a 2500 km² outline needs a few thousand of them. */
  public static final int LEVEL = 13;

  private Cells() {}

  /** Sorted, distinct level-{@value #LEVEL} cell ids whose union contains the outline. */
  public static long[] cover(Outline outline) {
    Walk walk = new Walk();
    walk.cover(outline);
    return walk.sortedCells();
  }

  /** Sorted union of the coverings of several outlines. */
  public static long[] cover(Iterable<Volume4D> volumes) {
    Walk walk = new Walk();
    for (Volume4D v : volumes) {
      walk.cover(v.outline());
    }
    return walk.sortedCells();
  }

  /**
   * Computes coverings by walking from a cell inside the outline to edge neighbours, keeping each
   * cell the outline may intersect ({@link S2Region#mayIntersect}, which errs towards yes). The
   * cells an outline really meets form an edge-connected set: a path inside the outline goes from
   * cell to cell across shared edges or corners, and all cells round a shared corner contain it.
   * So the walk finds every one of them, testing about as many cells as the covering holds plus
   * its rim: the set {@code S2RegionCoverer} computes at one fixed level, without its descent from
   * coarse cells and its priority queue. Circles, the usual query, take a faster path with no S2
   * objects per cell ({@link #walkFace}).
   *
   * <p>Reusable: {@link SpaceTimeIndex} keeps one per thread so that queries allocate little.
   */
  static final class Walk {
    /** The covering so far; may hold duplicates until {@link #sortDistinct}. */
    long[] cells = new long[64];

    int size;

    private long[] queue = new long[64];

    /** Cells the current walk has queued, so that each is tested once. */
    private final SeenSet seen = new SeenSet();

    private final S2CellId[] neighbours = new S2CellId[4];

    void clear() {
      size = 0;
    }

    /** Appends the covering of {@code outline}. */
    void cover(Outline outline) {
      if (outline instanceof Circle c) {
        S2Point centre = c.centerPoint();
        // Padding by the touch tolerance keeps outlines that count as touching on a shared cell
        // even when the gap between them lies on a cell boundary; the rest covers rounding.
        double angle =
            (c.radiusM() + Outline.TOUCH_TOLERANCE_M) / Outline.EARTH_RADIUS_M + ROUNDING_RAD;
        if (!walkFace(centre, angle)) {
          walk(S2Cap.fromAxisAngle(centre, S1Angle.radians(angle)), centre);
        }
      } else {
        Polygon p = (Polygon) outline;
        walk(p.loop(), p.firstVertex());
      }
    }

    /** Slack for the rounding of the arithmetic in {@link #capMeetsCell}: about 0.6 mm. */
    private static final double ROUNDING_RAD = 1e-10;

    /** Cells along a face edge at {@link #LEVEL}. */
    private static final int GRID = 1 << LEVEL;

    /** Bits between a leaf cell's i or j and this level's. */
    private static final int SHIFT = S2CellId.MAX_LEVEL - LEVEL;

    // The cap of the current walkFace, in the frame of its face: components along the face's u
    // axis, v axis and normal. The face point (u, v) has direction (u, v, 1) in this frame.
    private double cu;
    private double cv;
    private double cw;
    private double cos2;
    private double sin2;

    /**
     * The covering of a cap as {@link #walk} computes it, but for the common case of a cap within
     * one cube face, with arithmetic instead of S2 objects: cells are (i, j) on the face's grid,
     * and the cap-cell test is {@link #capMeetsCell}. This is what takes a query's covering from
     * about 7 µs to about 1 µs. Returns false, having appended nothing, when the cap reaches
     * another face.
     */
    private boolean walkFace(S2Point centre, double angle) {
      int face = S2Projections.xyzToFace(centre);
      S2Point c = S2Projections.faceXyzToUvw(face, centre);
      cu = c.getX();
      cv = c.getY();
      cw = c.getZ();
      double cos = Math.cos(angle);
      cos2 = cos * cos;
      sin2 = 1 - cos2;
      int mark = size;
      seen.clear();
      int head = 0;
      int tail = 0;
      int i0 = S2Projections.stToIj(S2Projections.PROJ.uvToST(cu / cw)) >> SHIFT;
      int j0 = S2Projections.stToIj(S2Projections.PROJ.uvToST(cv / cw)) >> SHIFT;
      long start = (long) i0 << 32 | j0;
      seen.add(start);
      queue[tail++] = start;
      while (head < tail) {
        long ij = queue[head++];
        int i = (int) (ij >>> 32);
        int j = (int) ij;
        if (!capMeetsCell(uv(i), uv(i + 1), uv(j), uv(j + 1))) {
          continue;
        }
        if (i == 0 || j == 0 || i == GRID - 1 || j == GRID - 1) {
          size = mark;
          return false;
        }
        append(S2CellId.fromFaceIJ(face, i << SHIFT, j << SHIFT).parent(LEVEL).id());
        if (tail + 4 > queue.length) {
          queue = Arrays.copyOf(queue, 2 * queue.length);
        }
        tail = enqueue(ij + (1L << 32), tail);
        tail = enqueue(ij - (1L << 32), tail);
        tail = enqueue(ij + 1, tail);
        tail = enqueue(ij - 1, tail);
      }
      // Rounding may put the centre just outside the cell computed for it; let S2 decide then.
      return size > mark;
    }

    private int enqueue(long ij, int tail) {
      if (seen.add(ij)) {
        queue[tail++] = ij;
      }
      return tail;
    }

    private static double uv(int ij) {
      return S2Projections.PROJ.stToUV((double) ij / GRID);
    }

    /**
     * Whether the cap meets the cell [u0, u1] × [v0, v1] of its face. A cell is a convex spherical
     * quadrilateral whose edges are great circles, so its nearest point to the cap's centre is the
     * centre itself, a corner, or the foot of the perpendicular on an edge.
     */
    private boolean capMeetsCell(double u0, double u1, double v0, double v1) {
      if (u0 * cw <= cu && cu <= u1 * cw && v0 * cw <= cv && cv <= v1 * cw) {
        return true;
      }
      return cornerInCap(u0, v0)
          || cornerInCap(u0, v1)
          || cornerInCap(u1, v0)
          || cornerInCap(u1, v1)
          || uEdgeNearCap(u0, v0, v1)
          || uEdgeNearCap(u1, v0, v1)
          || vEdgeNearCap(v0, u0, u1)
          || vEdgeNearCap(v1, u0, u1);
    }

    /** cos(angle to the corner) ≥ cos(radius), squared so that no square root is needed. */
    private boolean cornerInCap(double u, double v) {
      double dot = cu * u + cv * v + cw;
      return dot > 0 && dot * dot >= cos2 * (u * u + v * v + 1);
    }

    /**
     * The edge u = const from v0 to v1 lies on the great circle with normal n = (-1, 0, u); the
     * centre is sin⁻¹(|c·n| / |n|) from it, and the nearest point is c minus its part along n.
     */
    private boolean uEdgeNearCap(double u, double v0, double v1) {
      double cn = cw * u - cu;
      double nn = 1 + u * u;
      if (cn * cn > sin2 * nn) {
        return false;
      }
      double footW = cw - cn * u / nn;
      return footW > 0 && v0 * footW <= cv && cv <= v1 * footW;
    }

    /** As {@link #uEdgeNearCap} for the edge v = const from u0 to u1. */
    private boolean vEdgeNearCap(double v, double u0, double u1) {
      double cn = cw * v - cv;
      double nn = 1 + v * v;
      if (cn * cn > sin2 * nn) {
        return false;
      }
      double footW = cw - cn * v / nn;
      return footW > 0 && u0 * footW <= cu && cu <= u1 * footW;
    }

    private void walk(S2Region region, S2Point inside) {
      seen.clear();
      int head = 0;
      int tail = 0;
      long start = S2CellId.fromPoint(inside).parent(LEVEL).id();
      seen.add(start);
      queue[tail++] = start;
      while (head < tail) {
        long id = queue[head++];
        S2CellId cell = new S2CellId(id);
        if (!region.mayIntersect(new S2Cell(cell))) {
          continue;
        }
        append(id);
        cell.getEdgeNeighbors(neighbours);
        for (S2CellId n : neighbours) {
          if (seen.add(n.id())) {
            if (tail == queue.length) {
              // Compact first: the consumed head of the queue is garbage.
              System.arraycopy(queue, head, queue, 0, tail - head);
              tail -= head;
              head = 0;
              if (tail == queue.length) {
                queue = Arrays.copyOf(queue, 2 * queue.length);
              }
            }
            queue[tail++] = n.id();
          }
        }
      }
    }

    private void append(long id) {
      if (size == cells.length) {
        cells = Arrays.copyOf(cells, 2 * cells.length);
      }
      cells[size++] = id;
    }

    /** Sorts the covering and drops duplicates, which several outlines can give. */
    void sortDistinct() {
      Arrays.sort(cells, 0, size);
      int n = 0;
      for (int i = 0; i < size; i++) {
        if (n == 0 || cells[i] != cells[n - 1]) {
          cells[n++] = cells[i];
        }
      }
      size = n;
    }

    long[] sortedCells() {
      sortDistinct();
      return Arrays.copyOf(cells, size);
    }
  }
}
