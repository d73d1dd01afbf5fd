package org.liaison.bench;

/**
 * A latency histogram in nanoseconds over HdrHistogram, kept to two significant digits (a
 * recorded value is kept to within 1/128 of itself; three digits would cost 256 KB per histogram,
 * and the bench keeps one per client and operation). Percentiles report the upper edge of the
 * bucket that holds them, never less than the true value and never more than the exact max; the
 * mean is exact too. Not thread-safe: each client keeps its own and {@link #add}s it into a total
 * at the end.
 *
 * <p>The bench's load is closed-loop and the soak's pacing deliberately shows a stalled hub as a
 * lower rate rather than as queueing, so no coordinated-omission correction is applied here.
 */
final class Histogram {
  /** Values up to about 18 minutes are bucketed; larger ones are clamped to it, and max stays exact. */
  private static final long HIGHEST = 1L << 40;

  private final org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(HIGHEST, 2);
  private long max;
  private double sum;

  void record(long nanos) {
    long v = Math.max(0, nanos);
    h.recordValue(Math.min(v, HIGHEST));
    sum += v;
    if (v > max) {
      max = v;
    }
  }

  void add(Histogram o) {
    h.add(o.h);
    sum += o.sum;
    max = Math.max(max, o.max);
  }

  long count() {
    return h.getTotalCount();
  }

  long max() {
    return max;
  }

  double mean() {
    return count() == 0 ? 0 : sum / count();
  }

  /**
   * The value at percentile {@code p} (0 to 100): the smallest recorded value v such that at
   * least p% of values are at most v, rounded up to its bucket's edge and capped at max.
   */
  long percentile(double p) {
    if (p < 0 || p > 100 || Double.isNaN(p)) {
      throw new IllegalArgumentException("percentile " + p + " is not between 0 and 100");
    }
    if (count() == 0) {
      return 0;
    }
    long v = h.getValueAtPercentile(p);
    // Clamped values sit in the top bucket; max is exact for those.
    return h.highestEquivalentValue(v) >= HIGHEST ? max : Math.min(h.highestEquivalentValue(v), max);
  }
}
