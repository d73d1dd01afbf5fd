package org.liaison.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What a soak concludes from its windows: how many requests answered a status other than the one
 * promised, whether the heap left after a full GC trends upwards, and how far the worst window's
 * p99 strays from the typical window's.
 *
 * <p>Memory is judged net of the ledger's in-memory Merkle tree, which keeps
 * {@value #LEDGER_BYTES_PER_ENTRY} bytes per entry by design (see docs/ledger.md): every write
 * adds an entry, so the raw heap of a hub that is written to grows by exactly that much, and the
 * question a soak asks is whether anything else does. Both slopes are reported.
 *
 * @param errors requests answered with a status other than the expected one, or with no response
 * @param heapSampled false when the hub runs in another process and its heap cannot be read
 * @param heapMaxBytes the JVM's maximum heap
 * @param slopeBytesPerMinute least-squares slope of post-GC used heap over time
 * @param netSlopeBytesPerMinute the same, less the ledger tree's bytes at each sample
 * @param firstThirdNetBytes mean post-GC heap, net of the ledger tree, over the first third of samples
 * @param lastThirdNetBytes the same over the last third
 * @param memoryBounded true when the net slope, over an hour, stays below
 *     {@value #MEMORY_LIMIT_PER_HOUR} of the maximum heap
 * @param p99MedianMs median of the windows' p99 latencies
 * @param p99MaxMs the largest window p99
 * @param p99Ratio max over median
 * @param p99Stable true when that ratio is at most {@value #P99_RATIO_LIMIT}
 * @param pass no errors, bounded memory (or not sampled) and a stable p99
 */
record SoakVerdict(
    long errors,
    boolean heapSampled,
    long heapMaxBytes,
    double slopeBytesPerMinute,
    double netSlopeBytesPerMinute,
    double firstThirdNetBytes,
    double lastThirdNetBytes,
    boolean memoryBounded,
    double p99MedianMs,
    double p99MaxMs,
    double p99Ratio,
    boolean p99Stable,
    boolean pass) {

  static final int LEDGER_BYTES_PER_ENTRY = 64;
  static final double MEMORY_LIMIT_PER_HOUR = 0.01;
  static final double P99_RATIO_LIMIT = 3.0;

  /** One heap sample: seconds since the measured phase began, post-GC used heap, ledger size. */
  record HeapSample(double seconds, long usedBytes, long ledgerEntries) {
    long netBytes() {
      return usedBytes - LEDGER_BYTES_PER_ENTRY * Math.max(0, ledgerEntries);
    }
  }

  static SoakVerdict of(long errors, List<HeapSample> heap, long heapMax, double[] windowP99Ms) {
    boolean sampled = heap.size() >= 2;
    double slope = sampled ? slope(heap, false) : Double.NaN;
    double net = sampled ? slope(heap, true) : Double.NaN;
    int third = Math.max(1, heap.size() / 3);
    double first = sampled ? mean(heap.subList(0, third)) : Double.NaN;
    double last = sampled ? mean(heap.subList(heap.size() - third, heap.size())) : Double.NaN;
    boolean bounded = !sampled || net * 60 < MEMORY_LIMIT_PER_HOUR * heapMax;
    double[] sorted = windowP99Ms.clone();
    Arrays.sort(sorted);
    double median = sorted.length == 0 ? Double.NaN
        : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    double max = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    double ratio = median > 0 ? max / median : Double.NaN;
    boolean stable = sorted.length == 0 || ratio <= P99_RATIO_LIMIT;
    return new SoakVerdict(errors, sampled, heapMax, slope, net, first, last, bounded, median, max, ratio, stable,
        errors == 0 && bounded && stable);
  }

  /** Least-squares slope in bytes per minute. */
  static double slope(List<HeapSample> s, boolean netOfLedger) {
    int n = s.size();
    double mx = 0;
    double my = 0;
    for (HeapSample h : s) {
      mx += h.seconds() / 60;
      my += netOfLedger ? h.netBytes() : h.usedBytes();
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    for (HeapSample h : s) {
      double dx = h.seconds() / 60 - mx;
      sxy += dx * ((netOfLedger ? h.netBytes() : h.usedBytes()) - my);
      sxx += dx * dx;
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }

  private static double mean(List<HeapSample> s) {
    return s.stream().mapToLong(HeapSample::netBytes).average().orElse(Double.NaN);
  }
}
