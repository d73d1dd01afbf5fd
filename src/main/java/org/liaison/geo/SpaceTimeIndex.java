package org.liaison.geo;

import java.time.Instant;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * An in-memory 4D index: S2 cells map to the volumes that cover them; candidates are then
 * filtered by time, altitude, a bounding cap and exact geometry. A query returns exactly the values
 * whose volumes {@linkplain Volume4D#overlaps overlap} a query volume.
 *
 * <p>Thread safety: writers ({@link #put}, {@link #remove}) need exclusive access; queries may run
 * concurrently with each other but not with a writer. The owner provides that, e.g. with a
 * read/write lock. Each thread has its own scratch space for queries.
 *
 * <h2>Layout</h2>
 *
 * A query at 10⁶ notices is mostly memory stalls, so the layout is about cache misses. Each volume
 * has a <em>slot</em>, an int. The cell map ({@link CellMap}) gives a cell's slots from one bucket
 * of a {@code long[]}. A slot's time window, altitude band and bounding cap sit side by side in
 * {@link #bounds}, eight longs, so rejecting a candidate costs about one miss and touches no
 * object; most candidates fail there (their windows are hours in a day). Before that, a two-byte
 * summary per slot in a small array ({@link #coarse(long[], int)}) rejects most of them without
 * even that miss. Only the few survivors reach the {@link Volume4D}, for the exact test that
 * decides.
 *
 * <h2>Values</h2>
 *
 * An entry holds a value, and its key is a function of the value ({@code keyOf}): the owner's
 * record, say, keyed by its id. A query returns the values themselves, so its hits need no second
 * lookup in a map by key, which cost a cache miss or two per hit at 10⁶ entries. With no {@code
 * keyOf}, a value is its own key.
 *
 * @param <V> the entry value
 */
public final class SpaceTimeIndex<V> {
  // A volume's record in `bounds`. Doubles are stored as their bits so that one array, and so one
  // or two cache lines, holds the whole record.
  private static final int T_START = 0;
  private static final int T_END = 1;
  private static final int ALT_LOWER = 2;
  private static final int ALT_UPPER = 3;
  private static final int CAP_X = 4;
  private static final int CAP_Y = 5;
  private static final int CAP_Z = 6;
  private static final int CAP_CHORD = 7;
  private static final int STRIDE = 8;

  /**
   * Longs before the first record, so that each record fills one 64-byte cache line: a large
   * {@code bounds} is a humongous object, placed at the start of a heap region, with its elements
   * 16 bytes in. Unaligned, every record straddles two lines and the cap test costs a second miss.
   */
  private static final int ALIGN = 6;

  /** Where the record of {@code slot} starts in {@link #bounds}. */
  private static int record(int slot) {
    return ALIGN + slot * STRIDE;
  }

  private static final int NONE = -1;

  // Per slot. An entry's volumes are a chain of slots; the first one stands for the entry and
  // holds its key. An entry without volumes keeps one slot that no cell lists.
  private long[] bounds = new long[ALIGN + 16 * STRIDE];
  /**
   * A coarse summary of each record ({@link #coarse(long[], int)}), two bytes a slot: 2 MB at 10⁶,
   * which the caches hold far better than {@link #bounds} (64 MB). Most candidates fail on it
   * without a miss on their record.
   */
  private short[] coarse = new short[16];

  private int[] entryOf = new int[16];
  /** The entry's next volume, or NONE; for a free slot, the next free slot. */
  private int[] nextOf = new int[16];

  /**
   * The volumes. Their coverings are not kept: removal covers them again, as put did, which costs
   * about a microsecond per volume and saves about 40 bytes per notice (the array and its header).
   */
  private Volume4D[] volumes = new Volume4D[16];
  /** The value, at an entry's first slot. */
  private Object[] values = new Object[16];

  private final Function<? super V, ?> keyOf;

  private int freeSlot = NONE;
  private int slotsUsed;

  private final CellMap byCell = new CellMap();

  /**
   * Key → first slot, without boxing: open addressing over the keys of the slots' own values, each bucket
   * the first slot + 1, 0 when free. 8 bytes per entry at most, where a {@code HashMap<K, Integer>}
   * costs about 60. Only writers use it.
   */
  private int[] byKey = new int[16];

  private int size;

  /** Covering scratch for the single writer. */
  private final Cells.Walk writerWalk = new Cells.Walk();

  /** An index whose values are their own keys. */
  public SpaceTimeIndex() {
    this(v -> v);
  }

  /** An index whose values have the key {@code keyOf} gives; keys need equals and hashCode. */
  public SpaceTimeIndex(Function<? super V, ?> keyOf) {
    this.keyOf = Objects.requireNonNull(keyOf, "keyOf");
  }

  private Object keyAt(int first) {
    @SuppressWarnings("unchecked")
    V value = (V) values[first];
    return keyOf.apply(value);
  }

  /** Adds the entry for {@code value}, replacing the one with the same key; neither may be null. */
  public void put(V value, List<Volume4D> volumes) {
    Object key = Objects.requireNonNull(keyOf.apply(Objects.requireNonNull(value, "value")), "key");
    List<Volume4D> vs = List.copyOf(volumes);
    insert(key, value, vs, covers(vs, writerWalk), true);
  }

  /**
   * Adds or replaces the entries of {@code entries}, with the same result as {@link #put} of each.
   * The coverings, a large part of the cost, are computed on every core first; a start over many
   * stored entries is where this matters. Into an empty index, the keys (which must be distinct,
   * as a map's values keyed by their ids are) are inserted without looking each up first.
   */
  public void putAll(Collection<? extends V> entries, Function<? super V, List<Volume4D>> volumes) {
    int n = entries.size();
    List<V> valuesIn = new ArrayList<>(n);
    List<List<Volume4D>> vsIn = new ArrayList<>(n);
    for (V v : entries) {
      valuesIn.add(Objects.requireNonNull(v, "value"));
      vsIn.add(List.copyOf(volumes.apply(v)));
    }
    long[][][] covers = new long[n][][];
    ThreadLocal<Cells.Walk> walks = ThreadLocal.withInitial(Cells.Walk::new);
    IntStream.range(0, n).parallel().forEach(i -> covers[i] = covers(vsIn.get(i), walks.get()));
    boolean fresh = size == 0;
    for (int i = 0; i < n; i++) {
      V value = valuesIn.get(i);
      insert(Objects.requireNonNull(keyOf.apply(value), "key"), value, vsIn.get(i), covers[i], !fresh);
    }
  }

  /**
   * Entries with their coverings computed, for {@link #putAllNew}. Made by {@link #batch} on any
   * thread, so that a loader can cover the next entries while the index's single writer inserts
   * these.
   */
  public static final class Batch<V> {
    private final List<V> values;
    private final List<List<Volume4D>> volumes;
    private final long[][][] covers;

    private Batch(List<V> values, List<List<Volume4D>> volumes, long[][][] covers) {
      this.values = values;
      this.volumes = volumes;
      this.covers = covers;
    }
  }

  /** Covers {@code volumes.get(i)} of each {@code values.get(i)}, on the calling thread. */
  public static <V> Batch<V> batch(List<V> values, List<List<Volume4D>> volumes) {
    if (values.size() != volumes.size()) {
      throw new IllegalArgumentException(values.size() + " values but " + volumes.size() + " volume lists");
    }
    List<V> vals = new ArrayList<>(values.size());
    List<List<Volume4D>> vss = new ArrayList<>(values.size());
    long[][][] covers = new long[values.size()][][];
    Cells.Walk walk = new Cells.Walk();
    for (int i = 0; i < covers.length; i++) {
      vals.add(Objects.requireNonNull(values.get(i), "value"));
      List<Volume4D> vs = List.copyOf(volumes.get(i));
      vss.add(vs);
      covers[i] = covers(vs, walk);
    }
    return new Batch<>(vals, vss, covers);
  }

  /**
   * Makes room for {@code entries} more entries of one volume each, so that adding them grows no
   * array: growing the key table re-hashes every key, a cache miss or two each at 10⁶ entries.
   */
  public void reserve(int entries) {
    int needed = size + entries;
    if (2 * needed > byKey.length) {
      rehashKeys(Integer.highestOneBit(2 * needed - 1) << 1);
    }
    int slots = slotsUsed + entries;
    if (slots > entryOf.length) {
      growSlots(slots);
    }
  }

  /**
   * Adds the entries of {@code b} without looking their keys up first: the caller guarantees that
   * no entry of this index, and no other entry of {@code b}, has the key of any of them (as when
   * the keys are new to the map of values it keeps beside the index).
   */
  public void putAllNew(Batch<? extends V> b) {
    for (int i = 0; i < b.covers.length; i++) {
      V value = b.values.get(i);
      insert(Objects.requireNonNull(keyOf.apply(value), "key"), value, b.volumes.get(i), b.covers[i], false);
    }
  }

  private static long[][] covers(List<Volume4D> vs, Cells.Walk walk) {
    long[][] covers = new long[vs.size()][];
    for (int i = 0; i < covers.length; i++) {
      walk.clear();
      walk.cover(vs.get(i).outline());
      long[] cells = walk.sortedCells();
      covers[i] = Arrays.copyOf(cells, filingCells(cells, cells.length));
    }
    return covers;
  }

  /**
   * The level of the cells the index files volumes under: the parents of their level-{@value
   * Cells#LEVEL} coverings. A query at 10⁶ notices is mostly cache misses on the cell map, one or
   * more per cell; at this level a 2 km query circle needs about 8 cells instead of 22, and a
   * cell's slots, 7.3 on average at 10⁶ notices over 1000 km × 1000 km, fit one 64-byte bucket.
   * Two outlines whose coverings share a cell share its parent, so nothing is missed.
   */
  static final int FILING_LEVEL = Cells.LEVEL - 1;

  private static final long FILING_LSB = 1L << (2 * (30 - FILING_LEVEL));

  /**
   * Replaces {@code cells[0..n)}, level-{@value Cells#LEVEL} ids, with their distinct parents at
   * {@link #FILING_LEVEL}, sorted; returns how many there are.
   */
  static int filingCells(long[] cells, int n) {
    for (int i = 0; i < n; i++) {
      cells[i] = (cells[i] & -FILING_LSB) | FILING_LSB;
    }
    Arrays.sort(cells, 0, n);
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (m == 0 || cells[i] != cells[m - 1]) {
        cells[m++] = cells[i];
      }
    }
    return m;
  }

  /** Inserts an entry; {@code replace} says whether an entry of {@code key} may exist already. */
  private void insert(Object key, V value, List<Volume4D> vs, long[][] covers, boolean replace) {
    if (replace) {
      remove(key);
    }
    int first = allocate();
    values[first] = value;
    entryOf[first] = first;
    nextOf[first] = NONE;
    int previous = NONE;
    for (int i = 0; i < covers.length; i++) {
      int s = previous == NONE ? first : allocate();
      Volume4D v = vs.get(i);
      writeBounds(bounds, record(s), v);
      coarse[s] = coarse(bounds, record(s));
      this.volumes[s] = v;
      entryOf[s] = first;
      nextOf[s] = NONE;
      if (previous != NONE) {
        nextOf[previous] = s;
      }
      previous = s;
      for (long c : covers[i]) {
        byCell.add(c, s);
      }
    }
    insertKey(first);
  }

  /** Removes the entry with this key; false when there is none. */
  public boolean remove(Object key) {
    int bucket = findKey(key);
    if (bucket < 0) {
      return false;
    }
    int first = byKey[bucket] - 1;
    deleteKey(bucket);
    for (int s = first; s != NONE; ) {
      int next = nextOf[s];
      if (volumes[s] != null) {
        // The covering is a function of the outline alone, so this is the one put filed under.
        Cells.Walk walk = writerWalk;
        walk.clear();
        walk.cover(volumes[s].outline());
        int cells = filingCells(walk.cells, walk.size);
        for (int c = 0; c < cells; c++) {
          byCell.remove(walk.cells[c], s);
        }
      }
      volumes[s] = null;
      values[s] = null;
      nextOf[s] = freeSlot;
      freeSlot = s;
      s = next;
    }
    return true;
  }

  public int size() {
    return size;
  }

  /** The values, as an unmodifiable live view; for the writer, or under the owner's read lock. */
  public Collection<V> values() {
    return new AbstractCollection<V>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<V> iterator() {
        return new Iterator<V>() {
          private int next = advance(0);

          // Values sit at the first slot of each entry, and nowhere else.
          private int advance(int from) {
            int s = from;
            while (s < slotsUsed && values[s] == null) {
              s++;
            }
            return s;
          }

          @Override
          public boolean hasNext() {
            return next < slotsUsed;
          }

          @Override
          public V next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            @SuppressWarnings("unchecked")
            V value = (V) values[next];
            next = advance(next + 1);
            return value;
          }
        };
      }
    };
  }

  /** Fibonacci hashing again: the top bits of the product, as many as the table needs. */
  private static int keyHome(Object key, int mask) {
    return (key.hashCode() * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(mask);
  }

  /** The bucket of {@link #byKey} that holds {@code key}'s entry, or -1. */
  private int findKey(Object key) {
    int mask = byKey.length - 1;
    for (int i = keyHome(key, mask); byKey[i] != 0; i = (i + 1) & mask) {
      if (keyAt(byKey[i] - 1).equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private void insertKey(int first) {
    if (2 * (size + 1) > byKey.length) {
      rehashKeys(2 * byKey.length);
    }
    place(first + 1);
    size++;
  }

  /** Moves the key table to {@code length} buckets (a power of two). */
  private void rehashKeys(int length) {
    int[] old = byKey;
    byKey = new int[length];
    for (int entry : old) {
      if (entry != 0) {
        place(entry);
      }
    }
  }

  private void place(int entry) {
    int mask = byKey.length - 1;
    int i = keyHome(keyAt(entry - 1), mask);
    while (byKey[i] != 0) {
      i = (i + 1) & mask;
    }
    byKey[i] = entry;
  }

  /** Empties a bucket by shifting its probe run back, as {@link CellMap} does. */
  private void deleteKey(int bucket) {
    int mask = byKey.length - 1;
    int hole = bucket;
    for (int j = (bucket + 1) & mask; byKey[j] != 0; j = (j + 1) & mask) {
      int home = keyHome(keyAt(byKey[j] - 1), mask);
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        byKey[hole] = byKey[j];
        hole = j;
      }
    }
    byKey[hole] = 0;
    size--;
  }

  /** Values of entries with a volume that overlaps any of {@code query} (ASTM overlap). */
  public List<V> query(List<Volume4D> query) {
    return query(query, k -> true);
  }

  /** As {@link #query(List)}, keeping only values that pass {@code filter} before exact tests. */
  public List<V> query(List<Volume4D> query, Predicate<? super V> filter) {
    Scratch s = Scratch.acquire();
    try {
      Cells.Walk walk = s.walk;
      walk.clear();
      for (Volume4D q : query) {
        walk.cover(q.outline());
      }
      return search(query, walk.cells, filingCells(walk.cells, walk.size), filter, s);
    } finally {
      s.release();
    }
  }

  /**
   * As {@link #query(List, Predicate)} with the covering already computed, for an area searched in
   * several indexes: {@code covering} must hold every cell of {@link Cells#cover(Iterable)
   * Cells.cover(query)}, in any order; more cells cost time, never correctness.
   */
  public List<V> query(List<Volume4D> query, long[] covering, Predicate<? super V> filter) {
    Scratch s = Scratch.acquire();
    try {
      long[] cells = s.cells(covering.length);
      System.arraycopy(covering, 0, cells, 0, covering.length);
      return search(query, cells, filingCells(cells, covering.length), filter, s);
    } finally {
      s.release();
    }
  }

  private List<V> search(
      List<Volume4D> query, long[] cells, int cellCount, Predicate<? super V> filter, Scratch s) {
    int queryCount = query.size();
    long[] queryBounds = s.queryBounds(queryCount);
    for (int q = 0; q < queryCount; q++) {
      writeBounds(queryBounds, q * STRIDE, query.get(q));
    }
    int queryCoarse = 0;
    for (int q = 0; q < queryCount; q++) {
      queryCoarse |= coarse(queryBounds, q * STRIDE) & 0xFFFF;
    }
    // Touch, gather, filter, touch, test: the touching loops have loads that do not depend on each
    // other, so the CPU waits for many cache misses at once, and the loops after them hit the cache.
    long sink = byCell.touch(cells, cellCount);
    int[] candidates = s.candidates;
    int n = 0;
    for (int c = 0; c < cellCount; c++) {
      int b = byCell.find(cells[c]);
      if (b >= 0) {
        int count = byCell.count(b);
        if (n + count > candidates.length) {
          candidates = s.growCandidates(n + count);
        }
        n = byCell.copySlots(b, candidates, n);
      }
    }
    // Keep only candidates whose hours and altitude bins meet the query's: from a small array that
    // stays in cache, so the candidates that fail cost no miss on their record.
    short[] summaries = coarse;
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int both = summaries[candidates[i]] & queryCoarse;
      if ((both & HOUR_BITS) != 0 && (both & ~HOUR_BITS) != 0) {
        candidates[kept++] = candidates[i];
      }
    }
    n = kept;
    long[] b = bounds;
    for (int i = 0; i < n; i++) {
      sink += b[record(candidates[i]) + T_END];
    }
    s.sink = sink;
    List<V> out = new ArrayList<>();
    SeenSet seen = s.seen;
    seen.clear();
    for (int i = 0; i < n; i++) {
      int slot = candidates[i];
      if (mayOverlapAny(slot, queryBounds, queryCount)) {
        int entry = entryOf[slot];
        // An entry is decided once, on its first volume that passes the bounds test.
        if (seen.add(entry)) {
          @SuppressWarnings("unchecked")
          V value = (V) values[entry];
          if (filter.test(value) && overlaps(entry, query, queryBounds)) {
            out.add(value);
          }
        }
      }
    }
    return out;
  }

  /** The exact test: some volume of the entry overlaps some query volume. */
  private boolean overlaps(int entry, List<Volume4D> query, long[] queryBounds) {
    for (int slot = entry; slot != NONE; slot = nextOf[slot]) {
      for (int q = 0; q < query.size(); q++) {
        int at = q * STRIDE;
        if (mayOverlap(slot, queryBounds, at)) {
          Volume4D v = volumes[slot];
          Volume4D qv = query.get(q);
          // mayOverlap has decided times and bands exactly unless a time lay beyond nanoseconds;
          // skipping them here saves the misses on four more objects.
          boolean timesExact = exactTimes(bounds, record(slot)) && exactTimes(queryBounds, at);
          if (timesExact ? outlinesMeet(slot, v, queryBounds, at, qv) : v.overlaps(qv)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Both caps exactly circles within reach: decided from the records, no object touched. */
  private boolean outlinesMeet(int slot, Volume4D v, long[] query, int at, Volume4D qv) {
    long[] b = bounds;
    int o = record(slot);
    boolean circle = isCircle(b, o);
    boolean queryCircle = isCircle(query, at);
    if (circle && queryCircle) {
      return Reach.of(radians(b, o) + radians(query, at) + TOUCH_RADIANS)
          .points(
              bit(b[o + CAP_X]), bit(b[o + CAP_Y]), bit(b[o + CAP_Z]),
              bit(query[at + CAP_X]), bit(query[at + CAP_Y]), bit(query[at + CAP_Z]));
    }
    if (queryCircle && v.outline() instanceof Polygon p) {
      return p.meetsCircle(
          bit(query[at + CAP_X]), bit(query[at + CAP_Y]), bit(query[at + CAP_Z]),
          radians(query, at) + TOUCH_RADIANS);
    }
    if (circle && qv.outline() instanceof Polygon p) {
      return p.meetsCircle(
          bit(b[o + CAP_X]), bit(b[o + CAP_Y]), bit(b[o + CAP_Z]), radians(b, o) + TOUCH_RADIANS);
    }
    return v.outline().intersects(qv.outline());
  }

  private static final double TOUCH_RADIANS = Outline.TOUCH_TOLERANCE_M / Outline.EARTH_RADIUS_M;

  /**
   * Whether the cap of the record at {@code at} is a circle's own: centre and radius exactly. The
   * sign bit of its chord says so (a chord is never negative); see {@link #writeBounds}.
   */
  private static boolean isCircle(long[] records, int at) {
    return records[at + CAP_CHORD] < 0;
  }

  /** A circle record's radius as an angle, from its chord. */
  private static double radians(long[] records, int at) {
    return 2 * Math.asin(Math.abs(bit(records[at + CAP_CHORD])) / 2);
  }

  /** Whether neither time of the record at {@code at} was clamped by {@link #nanos}. */
  private static boolean exactTimes(long[] records, int at) {
    return records[at + T_START] > Long.MIN_VALUE + 1
        && records[at + T_START] < Long.MAX_VALUE - 1
        && records[at + T_END] > Long.MIN_VALUE + 1
        && records[at + T_END] < Long.MAX_VALUE - 1;
  }

  private boolean mayOverlapAny(int slot, long[] queryBounds, int queryCount) {
    for (int q = 0; q < queryCount; q++) {
      if (mayOverlap(slot, queryBounds, q * STRIDE)) {
        return true;
      }
    }
    return false;
  }

  /**
   * False only when the volume in {@code slot} cannot overlap the query volume whose record starts
   * at {@code at}: windows or bands apart (both half-open, as {@link TimeWindow#overlaps} and
   * {@link AltitudeBand#overlaps}), or bounding caps apart ({@link BoundingCap#apart}).
   */
  private boolean mayOverlap(int slot, long[] query, int at) {
    long[] b = bounds;
    int o = record(slot);
    if (!(b[o + T_START] < query[at + T_END] && query[at + T_START] < b[o + T_END])) {
      return false;
    }
    if (!(bit(b[o + ALT_LOWER]) < bit(query[at + ALT_UPPER])
        && bit(query[at + ALT_LOWER]) < bit(b[o + ALT_UPPER]))) {
      return false;
    }
    double dx = bit(b[o + CAP_X]) - bit(query[at + CAP_X]);
    double dy = bit(b[o + CAP_Y]) - bit(query[at + CAP_Y]);
    double dz = bit(b[o + CAP_Z]) - bit(query[at + CAP_Z]);
    double reach =
        Math.abs(bit(b[o + CAP_CHORD])) + Math.abs(bit(query[at + CAP_CHORD])) + BoundingCap.SLACK;
    return dx * dx + dy * dy + dz * dz <= reach * reach;
  }

  private static double bit(long bits) {
    return Double.longBitsToDouble(bits);
  }

  private static void writeBounds(long[] to, int at, Volume4D v) {
    to[at + T_START] = nanos(v.time().start(), Long.MIN_VALUE, Long.MAX_VALUE - 1);
    to[at + T_END] = nanos(v.time().end(), Long.MIN_VALUE + 1, Long.MAX_VALUE);
    to[at + ALT_LOWER] = Double.doubleToRawLongBits(v.altitude().lower());
    to[at + ALT_UPPER] = Double.doubleToRawLongBits(v.altitude().upper());
    BoundingCap cap = BoundingCap.of(v.outline());
    to[at + CAP_X] = Double.doubleToRawLongBits(cap.x());
    to[at + CAP_Y] = Double.doubleToRawLongBits(cap.y());
    to[at + CAP_Z] = Double.doubleToRawLongBits(cap.z());
    // A circle's cap is the circle itself: centre and radius, exactly. The chord is stored negated
    // to say so, and the exact test then needs neither the circle nor trigonometry for its centre.
    boolean exact = v.outline() instanceof Circle && cap != BoundingCap.FULL;
    to[at + CAP_CHORD] = Double.doubleToRawLongBits(exact ? -cap.chord() : cap.chord());
  }

  private static final int HOURS = 12;
  private static final int HOUR_BITS = (1 << HOURS) - 1;
  private static final long HOUR_NANOS = 3_600_000_000_000L;
  private static final int ALTITUDE_BINS = 4;
  private static final double ALTITUDE_BIN_M = 100;

  /**
   * The record at {@code at} summarised in 16 bits: bit {@code h} (0 to 11) for each hour since
   * the epoch, modulo 12, that its window reaches into, and bit 12 + {@code k} for each 100 m
   * altitude bin (below 100, to 200, to 300, from 300 m) its band reaches into. Windows that overlap
   * share an instant and so an hour bit, and bands that overlap share a bin bit; so when two
   * summaries share no hour bit or no bin bit, the records cannot overlap. A window of 12 hours or
   * more, or one clamped by {@link #nanos}, sets every hour bit; an odd band, every bin bit.
   */
  static short coarse(long[] records, int at) {
    int hours = HOUR_BITS;
    long start = records[at + T_START];
    long end = records[at + T_END];
    if (exactTimes(records, at) && start < end && end - start < HOURS * HOUR_NANOS) {
      hours = 0;
      for (long h = Math.floorDiv(start, HOUR_NANOS); h <= Math.floorDiv(end - 1, HOUR_NANOS); h++) {
        hours |= 1 << Math.floorMod(h, HOURS);
      }
    }
    int bins = (1 << ALTITUDE_BINS) - 1;
    double lower = bit(records[at + ALT_LOWER]);
    double upper = bit(records[at + ALT_UPPER]);
    if (lower < upper) {
      // Bins of the lowest and highest point of [lower, upper); doubles compare exactly.
      int from = bin(lower);
      int to = bin(Math.nextDown(upper));
      bins = ((1 << (to + 1)) - 1) & ~((1 << from) - 1);
    }
    return (short) (hours | bins << HOURS);
  }

  /** {@link #coarse(long[], int)} of a volume's record, for tests. */
  static short coarse(Volume4D v) {
    long[] record = new long[STRIDE];
    writeBounds(record, 0, v);
    return coarse(record, 0);
  }

  private static int bin(double metres) {
    return metres < ALTITUDE_BIN_M ? 0 : (int) Math.min(ALTITUDE_BINS - 1, metres / ALTITUDE_BIN_M);
  }

  /** Whole seconds whose nanoseconds since the epoch still fit in a long. */
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L - 1;

  /**
   * Nanoseconds since the epoch, exact from 1677 to 2262, clamped into [lo, hi] outside. Starts
   * clamp into [MIN, MAX - 1] and ends into [MIN + 1, MAX], so that {@code start < end} of the
   * instants implies the same of the longs: the time test never rejects an overlap. Beyond that
   * range it may let one through, and the exact test on the {@link Volume4D} decides.
   */
  static long nanos(Instant t, long lo, long hi) {
    long seconds = t.getEpochSecond();
    if (seconds > MAX_SECONDS) {
      return hi;
    }
    if (seconds < -MAX_SECONDS) {
      return lo;
    }
    long n = seconds * 1_000_000_000L + t.getNano();
    return Math.max(lo, Math.min(hi, n));
  }

  private int allocate() {
    if (freeSlot != NONE) {
      int s = freeSlot;
      freeSlot = nextOf[s];
      return s;
    }
    if (slotsUsed == entryOf.length) {
      growSlots(2 * entryOf.length);
    }
    return slotsUsed++;
  }

  /** Gives every per-slot array room for {@code capacity} slots. */
  private void growSlots(int capacity) {
    bounds = Arrays.copyOf(bounds, ALIGN + capacity * STRIDE);
    coarse = Arrays.copyOf(coarse, capacity);
    entryOf = Arrays.copyOf(entryOf, capacity);
    nextOf = Arrays.copyOf(nextOf, capacity);
    volumes = Arrays.copyOf(volumes, capacity);
    values = Arrays.copyOf(values, capacity);
  }

  /**
   * One thread's query scratch, reused so that a query allocates little more than its result. A
   * filter that queries an index on the same thread gets a fresh one rather than clobbering this.
   */
  private static final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    final Cells.Walk walk = new Cells.Walk();
    final SeenSet seen = new SeenSet();
    int[] candidates = new int[256];

    /** Where the touching loops of {@code search} leave their sums; see {@link CellMap#touch}. */
    long sink;

    private long[] queryBounds = new long[4 * STRIDE];
    private boolean busy;

    static Scratch acquire() {
      Scratch s = LOCAL.get();
      if (s.busy) {
        s = new Scratch();
      }
      s.busy = true;
      return s;
    }

    void release() {
      busy = false;
      if (candidates.length > 1 << 16) {
        // A huge query should not pin its megabytes to a pooled thread for good.
        candidates = new int[256];
      }
    }

    long[] queryBounds(int volumes) {
      if (queryBounds.length < volumes * STRIDE) {
        queryBounds = new long[volumes * STRIDE];
      }
      return queryBounds;
    }

    private long[] cells = new long[64];

    /** Room for a caller's covering, which the search turns into filing cells in place. */
    long[] cells(int n) {
      if (cells.length < n) {
        cells = new long[n];
      }
      return cells;
    }

    int[] growCandidates(int needed) {
      candidates = Arrays.copyOf(candidates, Math.max(needed, 2 * candidates.length));
      return candidates;
    }
  }
}
