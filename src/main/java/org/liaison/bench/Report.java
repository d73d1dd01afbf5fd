package org.liaison.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The figures of one measured run, as printed and as written to {@code --json}. */
record Report(
    String scenario,
    String target,
    int clients,
    Long notices,
    double seconds,
    long requests,
    double requestsPerSecond,
    long writes,
    double writesPerSecond,
    Map<String, OpFigures> ops,
    Map<String, Long> counters,
    Cpu cpu) {

  /**
   * CPU spent during the measured phase, in microseconds per request: by the client threads, and
   * by the rest of this process (the embedded hub, or nothing much with --hub). {@code share} is
   * this process's CPU time over wall time times the processor count: below 1 with every client
   * busy means other work on the machine took the rest.
   */
  record Cpu(double clientMicrosPerRequest, double restOfProcessMicrosPerRequest, double machineShare) {}

  /** Latency (milliseconds) and status counts of one operation. */
  record OpFigures(long count, double perSecond, double p50Ms, double p95Ms, double p99Ms, double maxMs,
      double meanMs, Map<String, Long> statuses) {

    static OpFigures of(Recorder.Op op, double seconds) {
      Histogram h = op.latency;
      Map<String, Long> st = new LinkedHashMap<>();
      op.statuses.forEach((k, v) -> st.put(k == Recorder.TRANSPORT_ERROR ? "io-error" : String.valueOf(k), v));
      return new OpFigures(h.count(), h.count() / seconds, ms(h.percentile(50)), ms(h.percentile(95)),
          ms(h.percentile(99)), ms(h.max()), ms(h.mean()), st);
    }
  }

  static final String WRITE = "write (create+delete)";

  static Report of(String scenario, String target, Long notices, Runner.Measured m) {
    Map<String, OpFigures> ops = new LinkedHashMap<>();
    Recorder.Op writeOp = new Recorder.Op();
    long writes = 0;
    long requests = 0;
    for (var e : m.total().ops.entrySet()) {
      ops.put(e.getKey(), OpFigures.of(e.getValue(), m.seconds()));
      requests += e.getValue().latency.count();
      if (e.getKey().equals("create") || e.getKey().equals("delete")) {
        writeOp.add(e.getValue());
        for (var s : e.getValue().statuses.entrySet()) {
          if (s.getKey() >= 200 && s.getKey() < 300) {
            writes += s.getValue();
          }
        }
      }
    }
    if (writeOp.latency.count() > 0) {
      ops.put(WRITE, OpFigures.of(writeOp, m.seconds()));
    }
    Cpu cpu = null;
    if (!Double.isNaN(m.processCpuSeconds()) && requests > 0) {
      double client = Double.isNaN(m.clientCpuSeconds()) ? 0 : m.clientCpuSeconds();
      cpu = new Cpu(Math.round(1e7 * client / requests) / 10.0,
          Math.round(1e7 * (m.processCpuSeconds() - client) / requests) / 10.0,
          Math.round(100 * m.processCpuSeconds() / (m.seconds() * Runtime.getRuntime().availableProcessors())) / 100.0);
    }
    return new Report(scenario, target, m.clients(), notices, m.seconds(), requests, requests / m.seconds(), writes,
        writes / m.seconds(), ops, new LinkedHashMap<>(m.total().counters), cpu);
  }

  /** The headline figure: successful writes/s for write scenarios, requests/s otherwise. */
  double throughput() {
    return writes > 0 ? writesPerSecond : requestsPerSecond;
  }

  void print(PrintStream out) {
    out.printf(Locale.ROOT, "%n== %s | %s | %d clients%s | %.1f s measured%n", scenario, target, clients,
        notices == null ? "" : String.format(Locale.ROOT, " | %,d notices", notices), seconds);
    out.printf(Locale.ROOT, "   requests %,d (%,.0f/s)", requests, requestsPerSecond);
    if (writes > 0 || ops.containsKey(WRITE)) {
      out.printf(Locale.ROOT, " | successful writes %,d (%,.0f/s)", writes, writesPerSecond);
    }
    out.println();
    out.printf(Locale.ROOT, "   %-22s %9s %9s %8s %8s %8s %8s   %s%n", "operation", "count", "per s", "p50 ms", "p95 ms",
        "p99 ms", "max ms", "statuses");
    ops.forEach((name, f) -> out.printf(Locale.ROOT, "   %-22s %,9d %,9.0f %8.2f %8.2f %8.2f %8.1f   %s%n", name, f.count,
        f.perSecond, f.p50Ms, f.p95Ms, f.p99Ms, f.maxMs, f.statuses));
    if (cpu != null) {
      out.printf(Locale.ROOT, "   CPU per request: client %.0f µs, rest of this process %.0f µs; this process had %.0f%% of the machine%n",
          cpu.clientMicrosPerRequest(), cpu.restOfProcessMicrosPerRequest(), 100 * cpu.machineShare());
    }
    counters.forEach((k, v) -> {
      if (k.equals("query results") && ops.containsKey("query")) {
        out.printf(Locale.ROOT, "   mean references per query: %.2f%n", (double) v / Math.max(1, ops.get("query").count));
      } else {
        out.printf(Locale.ROOT, "   %s: %,d%n", k, v);
      }
    });
  }

  static double ms(double nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }
}
