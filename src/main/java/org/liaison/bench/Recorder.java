package org.liaison.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One benchmark client's measurements: a latency histogram and status counts per operation.
 * Records only while the run is in its measured phase; live totals feed the progress ticker.
 */
final class Recorder {
  /** Per-operation figures. */
  static final class Op {
    final Histogram latency = new Histogram();
    final Map<Integer, Long> statuses = new TreeMap<>();

    void add(Op o) {
      latency.add(o.latency);
      o.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
    }
  }

  /** Status recorded when the request failed without an HTTP response (I/O error, timeout). */
  static final int TRANSPORT_ERROR = -1;

  private final Runner.Phase phase;
  private final LongAdder liveRequests;
  private final LongAdder liveWrites;
  private final LongAdder liveErrors;
  final Map<String, Op> ops = new LinkedHashMap<>();
  final Map<String, Long> counters = new TreeMap<>();

  Recorder(Runner.Phase phase, LongAdder liveRequests, LongAdder liveWrites, LongAdder liveErrors) {
    this.phase = phase;
    this.liveRequests = liveRequests;
    this.liveWrites = liveWrites;
    this.liveErrors = liveErrors;
  }

  /** A recorder that keeps everything, for tests and one-off use. */
  static Recorder standalone() {
    Runner.Phase p = new Runner.Phase();
    p.measuring = true;
    return new Recorder(p, new LongAdder(), new LongAdder(), new LongAdder());
  }

  /**
   * Sends a request through {@code t} and records its latency and status under {@code op}. A
   * successful write ({@code write} true and status 2xx) counts towards writes/s.
   */
  Transport.Response call(String op, boolean write, Transport t, String method, String path, String bearer, byte[] body) {
    long start = System.nanoTime();
    Transport.Response r;
    try {
      r = t.exchange(method, path, bearer, body);
    } catch (RuntimeException e) {
      record(op, false, TRANSPORT_ERROR, System.nanoTime() - start);
      return new Transport.Response(TRANSPORT_ERROR, new byte[0]);
    }
    record(op, write, r.status(), System.nanoTime() - start);
    return r;
  }

  void record(String op, boolean write, int status, long nanos) {
    // Live totals run through warm-up too, so the ticker shows the load from the first second.
    liveRequests.increment();
    boolean ok = status >= 200 && status < 300;
    if (write && ok) {
      liveWrites.increment();
    }
    if (!ok) {
      liveErrors.increment();
    }
    if (!phase.measuring) {
      return;
    }
    Op o = ops.computeIfAbsent(op, k -> new Op());
    o.latency.record(nanos);
    o.statuses.merge(status, 1L, Long::sum);
  }

  /** Counts an event that is not a request, such as a 409 that a retry resolved. */
  void count(String name) {
    if (phase.measuring) {
      counters.merge(name, 1L, Long::sum);
    }
  }

  /** Adds {@code n} to a counter, such as the number of references queries returned. */
  void add(String name, long n) {
    if (phase.measuring) {
      counters.merge(name, n, Long::sum);
    }
  }

  void add(Recorder o) {
    o.ops.forEach((k, v) -> ops.computeIfAbsent(k, x -> new Op()).add(v));
    o.counters.forEach((k, v) -> counters.merge(k, v, Long::sum));
  }
}
