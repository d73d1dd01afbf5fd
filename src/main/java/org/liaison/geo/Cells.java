package org.liaison.geo;

import com.google.common.geometry.S2CellId;
import com.google.common.geometry.S2RegionCoverer;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * S2 coverings at one fixed level. One level keeps the index a plain hash map: two outlines can
 * intersect only if their coverings share a cell id.
 */
public final class Cells {
  /** Level 13 cells are about 1 km²; a 2500 km² outline needs a few thousand of them. */
  public static final int LEVEL = 13;

  private static final S2RegionCoverer COVERER =
      S2RegionCoverer.builder().setMinLevel(LEVEL).setMaxLevel(LEVEL).setMaxCells(1 << 20).build();

  private Cells() {}

  /** Sorted, distinct level-{@value #LEVEL} cell ids whose union contains the outline. */
  public static long[] cover(Outline outline) {
    ArrayList<S2CellId> ids = new ArrayList<>();
    COVERER.getCovering(outline.region(), ids);
    long[] out = new long[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.get(i).id();
    }
    Arrays.sort(out);
    return out;
  }

  /** Sorted union of the coverings of several outlines. */
  public static long[] cover(Iterable<Volume4D> volumes) {
    long[] all = new long[0];
    for (Volume4D v : volumes) {
      long[] c = cover(v.outline());
      long[] merged = Arrays.copyOf(all, all.length + c.length);
      System.arraycopy(c, 0, merged, all.length, c.length);
      all = merged;
    }
    return Arrays.stream(all).sorted().distinct().toArray();
  }
}
