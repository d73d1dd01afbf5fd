package org.liaison.bench;

/**
 * A log-bucket latency histogram in nanoseconds, in the manner of HdrHistogram: each power of two
 * is split into {@value #SUB_BUCKETS} linear sub-buckets, so a recorded value is kept to within
 * 1/{@value #SUB_BUCKETS} (under 1.6%) of itself. Percentiles report the upper edge of the bucket
 * that holds them, never less than the true value; max is exact. Not thread-safe: each client keeps
 * its own and {@link #add}s it into a total at the end.
 */
final class Histogram {
  static final int SUB_BITS = 6;
  static final int SUB_BUCKETS = 1 << SUB_BITS;
  /** Values up to 2^40 ns (about 18 minutes) are bucketed; larger ones land in the last bucket. */
  private static final int MAGNITUDES = 40 - SUB_BITS + 1;

  private final long[] counts = new long[(MAGNITUDES + 1) * SUB_BUCKETS];
  private long total;
  private long max;
  private double sum;

  void record(long nanos) {
    long v = Math.max(0, nanos);
    counts[index(v)]++;
    total++;
    sum += v;
    if (v > max) {
      max = v;
    }
  }

  /** Bucket of {@code v}: values below SUB_BUCKETS map one to one, above by magnitude and top bits. */
  static int index(long v) {
    if (v < SUB_BUCKETS) {
      return (int) v;
    }
    int magnitude = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS + 1;
    if (magnitude > MAGNITUDES) {
      return (MAGNITUDES + 1) * SUB_BUCKETS - 1;
    }
    // The top SUB_BITS + 1 bits of v lie in [SUB_BUCKETS, 2 * SUB_BUCKETS).
    int top = (int) (v >>> (magnitude - 1));
    return magnitude * SUB_BUCKETS + (top - SUB_BUCKETS);
  }

  /** The largest value that falls in bucket {@code i}. */
  static long upperEdge(int i) {
    int magnitude = i / SUB_BUCKETS;
    int sub = i % SUB_BUCKETS;
    if (magnitude == 0) {
      return sub;
    }
    long width = 1L << (magnitude - 1);
    return ((long) (SUB_BUCKETS + sub) << (magnitude - 1)) + width - 1;
  }

  void add(Histogram o) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += o.counts[i];
    }
    total += o.total;
    sum += o.sum;
    max = Math.max(max, o.max);
  }

  long count() {
    return total;
  }

  long max() {
    return max;
  }

  double mean() {
    return total == 0 ? 0 : sum / total;
  }

  /**
   * The value at percentile {@code p} (0 to 100): the smallest recorded value v such that at
   * least p% of values are at most v, rounded up to its bucket's edge and capped at max.
   */
  long percentile(double p) {
    if (p < 0 || p > 100 || Double.isNaN(p)) {
      throw new IllegalArgumentException("percentile " + p + " is not between 0 and 100");
    }
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        // The last bucket also holds every value too large to bucket; max is exact for those.
        return i == counts.length - 1 ? max : Math.min(upperEdge(i), max);
      }
    }
    return max;
  }
}
