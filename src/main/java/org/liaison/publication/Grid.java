package org.liaison.publication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;

/**
 * Contributions by the degree cells their envelopes cover. A contribution spans at most about
 * 0.7° (a 28 km circle with a 50 km buffer), so it sits in a handful of cells; JTS's quadtree
 * kept every shape that straddles a split line at its root and scanned them on every query.
 */
final class Grid {
  private static final double CELL_DEG = 0.25;
  private final Map<Long, List<Contribution>> cells = new HashMap<>();

  void insert(Contribution c) {
    for (long k : keys(c.shape().getEnvelopeInternal())) {
      cells.computeIfAbsent(k, x -> new ArrayList<>()).add(c);
    }
  }

  void remove(Contribution c) {
    for (long k : keys(c.shape().getEnvelopeInternal())) {
      List<Contribution> l = cells.get(k);
      if (l != null) {
        l.removeIf(o -> o == c);
        if (l.isEmpty()) {
          cells.remove(k);
        }
      }
    }
  }

  /**
   * Every contribution whose envelope meets {@code e}, once each: a pair is reported only from the
   * cell that holds the lower-left corner of where the two envelopes overlap.
   */
  List<Contribution> query(Envelope e) {
    List<Contribution> out = new ArrayList<>();
    int x0 = cell(e.getMinX()), x1 = cell(e.getMaxX());
    int y0 = cell(e.getMinY()), y1 = cell(e.getMaxY());
    for (int x = x0; x <= x1; x++) {
      for (int y = y0; y <= y1; y++) {
        for (Contribution c : cells.getOrDefault(key(x, y), List.of())) {
          Envelope ce = c.shape().getEnvelopeInternal();
          if (ce.intersects(e) && cell(Math.max(e.getMinX(), ce.getMinX())) == x
              && cell(Math.max(e.getMinY(), ce.getMinY())) == y) {
            out.add(c);
          }
        }
      }
    }
    return out;
  }

  private static int cell(double deg) {
    return (int) Math.floor(deg / CELL_DEG);
  }

  private static long key(int x, int y) {
    return ((long) x << 32) | (y & 0xffffffffL);
  }

  private static List<Long> keys(Envelope e) {
    int x0 = cell(e.getMinX()), x1 = cell(e.getMaxX());
    int y0 = cell(e.getMinY()), y1 = cell(e.getMaxY());
    List<Long> out = new ArrayList<>((x1 - x0 + 1) * (y1 - y0 + 1));
    for (int x = x0; x <= x1; x++) {
      for (int y = y0; y <= y1; y++) {
        out.add(key(x, y));
      }
    }
    return out;
  }
}
