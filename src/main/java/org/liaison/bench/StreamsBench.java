package org.liaison.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.liaison.http.Capacity;
import org.liaison.http.ServerOptions;

/**
 * {@code liaison bench streams --streams N}: the spread write scenario run by one party, first
 * alone (after a warm-up run that is not compared), then while another party holds {@code N} event
 * streams open, then alone again, all in the same run. What it shows: the writers' throughput and p99 with the streams held, against the mean
 * of the two runs without. The goal is at least 90% of the throughput and under twice the p99.
 */
final class StreamsBench {
  static final String PARTY = "bench-streams";
  private static final String READ = "liaison.channels.read";
  private static final Pattern OPEN = Pattern.compile("(?m)^liaison_streams_open (\\S+)$");

  /** Runs one measured scenario and returns its report (printed and kept by the caller). */
  @FunctionalInterface
  interface Measure {
    Report run(String scenario, Target target, Long notices, int clients, Runner.Clients make);
  }

  private StreamsBench() {}

  /** An embedded hub that lets one party hold {@code streams} streams. */
  static ServerOptions server(int streams) {
    int n = Math.max(streams, Capacity.DEFAULTS.streamsPerParty());
    return ServerOptions.DEFAULTS.withCapacity(Capacity.DEFAULTS.withStreams(n, n + Capacity.DEFAULTS.streamsPerParty()));
  }

  static void run(Target target, int streams, int clients, Measure m, Consumer<String> note, PrintStream progress)
      throws java.io.IOException {
    if (streams < 1) {
      throw new IllegalArgumentException("streams needs --streams N of at least 1");
    }
    PrintStream shown = progress != null ? progress : new PrintStream(java.io.OutputStream.nullOutputStream());
    long files = maxOpenFiles();
    // With an embedded hub both ends of every stream are sockets of this process.
    long needed = (target.hub != null ? 2L : 1L) * streams + 500;
    note.accept(String.format(Locale.ROOT, "streams: %,d streams of party %s; this process may open %s files%s",
        streams, PARTY, files < 0 ? "an unknown number of" : String.format(Locale.ROOT, "%,d", files),
        files >= 0 && files < needed ? String.format(Locale.ROOT, " (fewer than the %,d needed: raise ulimit -n)", needed) : ""));
    // A first run pays for JIT compilation and an empty database's growth: measured, not compared.
    m.run("spread (warm-up, not compared)", target, null, clients, Scenarios.spread(target, clients));
    Report before = m.run("spread", target, null, clients, Scenarios.spread(target, clients));
    Report with;
    String token = target.token(PARTY, READ);
    long start = System.nanoTime();
    try (StreamLoad load = StreamLoad.open(target.base, token, streams, 180, shown)) {
      note.accept(String.format(Locale.ROOT, "streams: %,d held after %.1f s (statuses %s); the hub reports %s open",
          load.held(), (System.nanoTime() - start) / 1e9, load.statuses(), open(target)));
      with = m.run("spread+" + streams + " streams", target, null, clients, Scenarios.spread(target, clients));
      note.accept(String.format(Locale.ROOT, "streams: still %s open on the hub after the run; %,d bytes of events"
          + " and keep-alives read", open(target), load.bytesRead()));
    }
    Report after = m.run("spread", target, null, clients, Scenarios.spread(target, clients));
    double baseRate = (before.requestsPerSecond() + after.requestsPerSecond()) / 2;
    double baseP99 = (p99(before) + p99(after)) / 2;
    note.accept(String.format(Locale.ROOT,
        "ratio: spread at %d clients with %,d streams held = %.0f%% of the throughput without (%,.0f vs %,.0f"
            + " requests/s, the mean of the runs before and after); create p99 %.1f vs %.1f ms = %.2f×"
            + " (goal: at least 90%% and under 2×). Before alone: %.0f%%, %.2f×; after alone: %.0f%%, %.2f×",
        clients, streams, 100 * with.requestsPerSecond() / baseRate, with.requestsPerSecond(), baseRate,
        p99(with), baseP99, p99(with) / baseP99,
        100 * with.requestsPerSecond() / before.requestsPerSecond(), p99(with) / p99(before),
        100 * with.requestsPerSecond() / after.requestsPerSecond(), p99(with) / p99(after)));
  }

  private static double p99(Report r) {
    Report.OpFigures f = r.ops().get("create");
    return f == null ? Double.NaN : f.p99Ms();
  }

  /** The hub's {@code liaison_streams_open} gauge, as text. */
  private static String open(Target target) {
    try (Transport t = target.transports.open()) {
      Transport.Response r = t.exchange("GET", "/metrics", null, null);
      Matcher mt = OPEN.matcher(r.text());
      return mt.find() ? String.format(Locale.ROOT, "%,d", (long) Double.parseDouble(mt.group(1))) : "(no gauge)";
    } catch (RuntimeException e) {
      return "(metrics unavailable: " + e.getMessage() + ")";
    }
  }

  private static long maxOpenFiles() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u
        ? u.getMaxFileDescriptorCount() : -1;
  }
}
