package org.liaison.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The charts of {@code --plot DIR}: throughput against clients, and query latency against N. */
final class Plots {
  private Plots() {}

  static List<Path> write(Path dir, List<Report> reports) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    // Throughput vs clients: one line per scenario (and per N for queries) measured at 2+ client counts.
    Map<String, List<Report>> byLine = new LinkedHashMap<>();
    for (Report r : reports) {
      String name = r.scenario() + (r.notices() == null ? "" : " N=" + Svg.label(r.notices()))
          + (r.writes() > 0 ? " (writes/s)" : "");
      byLine.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
    }
    List<Svg.Series> tput = new ArrayList<>();
    byLine.forEach((name, rs) -> {
      if (rs.size() > 1) {
        tput.add(series(name, rs, r -> r.clients(), Report::throughput));
      }
    });
    if (!tput.isEmpty()) {
      written.add(save(dir.resolve("throughput-vs-clients.svg"),
          Svg.lineChart("Throughput against clients", "clients", "per second", true, tput)));
    }
    // Latency vs N: per client count, for the hub's HTTP query and the PostGIS baseline.
    Map<String, List<Report>> byN = new LinkedHashMap<>();
    for (Report r : reports) {
      if (r.notices() != null && r.ops().containsKey("query")) {
        byN.computeIfAbsent(r.scenario() + " " + r.clients() + "c", k -> new ArrayList<>()).add(r);
      }
    }
    List<Svg.Series> lat = new ArrayList<>();
    List<Svg.Series> qps = new ArrayList<>();
    byN.forEach((name, rs) -> {
      if (rs.size() > 1) {
        lat.add(series(name + " p50", rs, r -> r.notices(), r -> r.ops().get("query").p50Ms()));
        lat.add(series(name + " p99", rs, r -> r.notices(), r -> r.ops().get("query").p99Ms()));
        qps.add(series(name, rs, r -> r.notices(), Report::requestsPerSecond));
      }
    });
    if (!lat.isEmpty()) {
      written.add(save(dir.resolve("query-latency-vs-notices.svg"),
          Svg.lineChart("Query latency against notices stored", "notices (N)", "milliseconds", true, lat)));
      written.add(save(dir.resolve("query-throughput-vs-notices.svg"),
          Svg.lineChart("Query throughput against notices stored", "notices (N)", "queries per second", true, qps)));
    }
    return written;
  }

  private static Svg.Series series(String name, List<Report> rs, ToDoubleFunction<Report> x, ToDoubleFunction<Report> y) {
    List<Report> sorted = rs.stream().sorted((a, b) -> Double.compare(x.applyAsDouble(a), x.applyAsDouble(b))).toList();
    double[] xs = new double[sorted.size()];
    double[] ys = new double[sorted.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = x.applyAsDouble(sorted.get(i));
      ys[i] = y.applyAsDouble(sorted.get(i));
    }
    return new Svg.Series(name, xs, ys);
  }

  private static Path save(Path p, String svg) throws IOException {
    Files.writeString(p, svg, StandardCharsets.UTF_8);
    return p;
  }
}
