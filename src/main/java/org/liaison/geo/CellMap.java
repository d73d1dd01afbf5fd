package org.liaison.geo;

import java.util.Arrays;

/**
 * S2 cell id → the slots (ints) filed under it, as a multiset: adding a slot twice files it twice.
 * Not thread-safe; {@link SpaceTimeIndex} explains who guards it.
 *
 * <p>Why not {@code HashMap<Long, List<Integer>>}: a query probes a few dozen cells of a map with
 * a million of them, so each probe is a cache miss, and the boxed map costs a miss for the node,
 * one for the {@code Long}, one for the list and one for its array. Here a cell is one 64-byte
 * bucket of a single {@code long[]} (open addressing, linear probing), holding the cell id, the
 * count and the first {@value #INLINE} slots, so a probe usually costs one miss and no object.
 * Cells with more slots keep the rest in a side array, per bucket. The index files under cells
 * one level coarser than its coverings ({@link SpaceTimeIndex#FILING_LEVEL}), about 8 slots a
 * cell at 10⁶ notices, so a bucket is one cache line and few cells spill.
 */
final class CellMap {
  /** Longs per bucket, one cache line: the id, then the count and 13 slots packed as 14 ints. */
  private static final int STRIDE = 8;

  static final int INLINE = 13;

  /**
   * Longs before the first bucket. A large table is a humongous object, which the JVM places at
   * the start of a heap region, and its elements start 16 bytes in; 6 longs more put every bucket
   * in one 64-byte cache line instead of every other one straddling two, so the line the touching
   * loop loads holds the bucket's slots too.
   */
  private static final int ALIGN = 6;

  /** Empty marks a free bucket; no valid S2 cell id is 0. */
  private static final long EMPTY = 0;

  /**
   * Linear probing stays short up to here: about 2.5 buckets for a cell that is there and 8.5 for
   * one that is not, and a run of buckets is contiguous memory.
   */
  private static final float MAX_LOAD = 0.75f;

  private long[] table;
  private int[][] spill;
  private int buckets;
  private int cells;

  CellMap() {
    allocate(16);
  }

  private void allocate(int buckets) {
    table = new long[ALIGN + buckets * STRIDE];
    spill = new int[buckets][];
    this.buckets = buckets;
  }

  /** Number of cells with at least one slot. */
  int cells() {
    return cells;
  }

  /**
   * Fibonacci hashing: the high bits of the product depend on every bit of the id. Cell ids at one
   * level end in dozens of zero bits, and neighbours differ only in a few middle bits, so taking
   * low bits would pile them up. The top 32 bits are then scaled to the table (multiply and
   * shift), so the table need not be a power of two and can grow by half instead of doubling: a
   * doubled table sits between half and all of its largest load, and at 10⁶ notices it sat at 45%,
   * 32 bytes a bucket.
   */
  private int home(long cell) {
    return (int) ((((cell * 0x9E3779B97F4A7C15L) >>> 32) * buckets) >>> 32);
  }

  /** Where bucket {@code b} starts in the table. */
  private static int at(int b) {
    return ALIGN + b * STRIDE;
  }

  /** The bucket after {@code b}, wrapping round. */
  private int next(int b) {
    return b + 1 == buckets ? 0 : b + 1;
  }

  /** How many steps forward from bucket {@code from} to bucket {@code to}, wrapping round. */
  private int steps(int from, int to) {
    return to >= from ? to - from : to - from + buckets;
  }

  /**
   * Loads the home bucket of each of {@code cells[0..n)} and returns a meaningless sum, which the
   * caller must keep so that the loads are not optimized away. Java has no prefetch instruction;
   * this loop stands in for one. Its loads do not depend on each other, so the CPU overlaps their
   * cache misses, where the probing loop, longer and with branches, waits for one after another.
   */
  long touch(long[] cells, int n) {
    long sum = 0;
    for (int c = 0; c < n; c++) {
      sum += table[at(home(cells[c]))];
    }
    return sum;
  }

  /** The bucket of {@code cell}, or -1. */
  int find(long cell) {
    for (int b = home(cell); ; b = next(b)) {
      long id = table[at(b)];
      if (id == cell) {
        return b;
      }
      if (id == EMPTY) {
        return -1;
      }
    }
  }

  /** Number of slots filed under bucket {@code b}. */
  int count(int b) {
    return (int) table[at(b) + 1];
  }

  /** The {@code i}-th slot of bucket {@code b}, for {@code i < count(b)}. */
  int slot(int b, int i) {
    return i < INLINE ? inline(b, i + 1) : spill[b][i - INLINE];
  }

  /** Copies the slots of bucket {@code b} into {@code out} from {@code at}; returns the end. */
  int copySlots(int b, int[] out, int at) {
    int n = count(b);
    int inline = Math.min(n, INLINE);
    for (int p = 1; p <= inline; p++) {
      out[at++] = inline(b, p);
    }
    if (n > INLINE) {
      System.arraycopy(spill[b], 0, out, at, n - INLINE);
    }
    return at + n - inline;
  }

  /** Int {@code p} of bucket {@code b}'s payload: 0 is the count, 1 to {@value #INLINE} the inline slots. */
  private int inline(int b, int p) {
    long w = table[at(b) + 1 + (p >> 1)];
    return (p & 1) == 0 ? (int) w : (int) (w >>> 32);
  }

  private void setInline(int b, int p, int value) {
    int at = at(b) + 1 + (p >> 1);
    long w = table[at];
    table[at] =
        (p & 1) == 0
            ? (w & 0xFFFF_FFFF_0000_0000L) | (value & 0xFFFF_FFFFL)
            : (w & 0xFFFF_FFFFL) | ((long) value << 32);
  }

  private void setSlot(int b, int i, int slot) {
    if (i < INLINE) {
      setInline(b, i + 1, slot);
    } else {
      spill[b][i - INLINE] = slot;
    }
  }

  void add(long cell, int slot) {
    if (cell == EMPTY) {
      throw new IllegalArgumentException("cell id 0 is not a cell");
    }
    int b = find(cell);
    if (b < 0) {
      if (cells + 1 > MAX_LOAD * buckets) {
        grow();
      }
      b = home(cell);
      while (table[at(b)] != EMPTY) {
        b = next(b);
      }
      table[at(b)] = cell;
      cells++;
    }
    int n = count(b);
    if (n >= INLINE) {
      int[] extra = spill[b];
      if (extra == null) {
        spill[b] = extra = new int[4];
      } else if (extra.length == n - INLINE) {
        spill[b] = extra = Arrays.copyOf(extra, 2 * extra.length);
      }
    }
    setSlot(b, n, slot);
    setInline(b, 0, n + 1);
  }

  /** Removes one filing of {@code slot} under {@code cell}; false when there is none. */
  boolean remove(long cell, int slot) {
    int b = find(cell);
    if (b < 0) {
      return false;
    }
    int n = count(b);
    for (int i = 0; i < n; i++) {
      if (slot(b, i) == slot) {
        // Order does not matter: the last slot takes the freed place.
        setSlot(b, i, slot(b, n - 1));
        setInline(b, 0, n - 1);
        if (n - 1 <= INLINE) {
          spill[b] = null;
        }
        if (n == 1) {
          delete(b);
        }
        return true;
      }
    }
    return false;
  }

  /**
   * Empties bucket {@code b} by shifting later buckets of its probe run back, so that lookups need
   * no tombstones: a bucket moves into the hole when its home does not lie between the hole and
   * itself.
   */
  private void delete(int b) {
    int hole = b;
    for (int j = next(b); table[at(j)] != EMPTY; j = next(j)) {
      int home = home(table[at(j)]);
      if (steps(home, j) >= steps(hole, j)) {
        System.arraycopy(table, at(j), table, at(hole), STRIDE);
        spill[hole] = spill[j];
        hole = j;
      }
    }
    Arrays.fill(table, at(hole), at(hole) + STRIDE, 0);
    spill[hole] = null;
    cells--;
  }

  /** Grows the table by half and files every bucket again. */
  private void grow() {
    long[] old = table;
    int[][] oldSpill = spill;
    allocate(oldSpill.length + oldSpill.length / 2);
    for (int o = 0; o < oldSpill.length; o++) {
      long id = old[at(o)];
      if (id != EMPTY) {
        int b = home(id);
        while (table[at(b)] != EMPTY) {
          b = next(b);
        }
        System.arraycopy(old, at(o), table, at(b), STRIDE);
        spill[b] = oldSpill[o];
      }
    }
  }
}
