package org.liaison.geo;

import com.google.common.geometry.S1Angle;
import com.google.common.geometry.S2Cap;
import com.google.common.geometry.S2Cell;
import com.google.common.geometry.S2CellId;
import com.google.common.geometry.S2Point;
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
   * So the walk finds every one of them, and tests about as many cells as the covering holds plus
   * its rim. That is what {@code S2RegionCoverer} computes at one fixed level, without its
   * descent from coarse cells and its priority queue: about 3× faster for a query circle.
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
        // even when the gap between them lies on a cell boundary.
        double angle = (c.radiusM() + Outline.TOUCH_TOLERANCE_M) / Outline.EARTH_RADIUS_M;
        walk(S2Cap.fromAxisAngle(centre, S1Angle.radians(angle)), centre);
      } else {
        Polygon p = (Polygon) outline;
        walk(p.loop(), p.firstVertex());
      }
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
