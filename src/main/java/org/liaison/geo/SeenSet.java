package org.liaison.geo;

import java.util.Arrays;

/**
 * A set of longs for one search at a time, emptied in O(1) by {@link #clear()}. A bucket belongs
 * to the current search only when its stamp is current, so clearing just moves the stamp on.
 * Sized by what one search adds, not by what the index holds: it stays in the L1 cache, and a
 * thread's copy stays small however large the index grows.
 */
final class SeenSet {
  private static final int NO_STAMP = 0;

  private long[] ids = new long[64];
  private int[] stamps = new int[64];
  private int count;
  private int stamp = 1;

  void clear() {
    if (++stamp == NO_STAMP) {
      Arrays.fill(stamps, NO_STAMP);
      stamp = 1;
    }
    count = 0;
  }

  /** Adds {@code id}; false when it was already there. */
  boolean add(long id) {
    if (2 * (count + 1) > ids.length) {
      grow();
    }
    int mask = ids.length - 1;
    for (int i = home(id, mask); ; i = (i + 1) & mask) {
      if (stamps[i] != stamp) {
        ids[i] = id;
        stamps[i] = stamp;
        count++;
        return true;
      }
      if (ids[i] == id) {
        return false;
      }
    }
  }

  private static int home(long id, int mask) {
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 32) & mask;
  }

  private void grow() {
    long[] oldIds = ids;
    int[] oldStamps = stamps;
    ids = new long[2 * oldIds.length];
    stamps = new int[2 * oldIds.length];
    int mask = ids.length - 1;
    for (int o = 0; o < oldIds.length; o++) {
      if (oldStamps[o] == stamp) {
        int i = home(oldIds[o], mask);
        while (stamps[i] == stamp) {
          i = (i + 1) & mask;
        }
        ids[i] = oldIds[o];
        stamps[i] = stamp;
      }
    }
  }
}
