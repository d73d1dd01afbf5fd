package org.liaison.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.liaison.http.Json;

/**
 * {@code liaison bench}: drives a hub with one or more scenarios, prints the figures, and writes
 * them as JSON and SVG charts on request.
 */
public final class Bench {
  /**
   * The scenarios, in the order {@code all} runs them: the HTTP ceiling first. {@code soak} is not
   * part of {@code all}: it runs for minutes to hours. Nor is {@code streams}: it holds thousands
   * of sockets. Nor is {@code notify}: it runs a node beside the hub at a fixed rate.
   */
  public enum Scenario {
    NOOP, QUERY, HOTSPOT, DENSE, SPREAD, ALL, SOAK, STREAMS, NOTIFY;

    /** The scenarios {@code all} runs, in order. */
    static final List<Scenario> ALL_RUNS = List.of(NOOP, QUERY, HOTSPOT, DENSE, SPREAD);

    /**
     * The scenario named {@code name}, in any case; {@code congested}, the hot spot's name before
     * issue #17, still means {@code hotspot}, on the command line and in JSON.
     */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Scenario parse(String name) {
      String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
      if (n.equals("CONGESTED")) {
        return HOTSPOT;
      }
      for (Scenario s : values()) {
        if (s.name().equals(n)) {
          return s;
        }
      }
      throw new IllegalArgumentException("scenario \"" + name + "\" is not known; known: noop, query, hotspot (or"
          + " congested), dense, spread, all, soak, streams, notify");
    }

    /** The name as typed and as written to JSON. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Everything a bench run is configured with; the CLI fills it from flags. */
  public record Options(
      Scenario scenario,
      List<URI> hub,
      Path dataDir,
      String audience,
      List<Integer> clients,
      Duration warmup,
      Duration duration,
      List<Long> notices,
      Path json,
      Path plotDir,
      String transport,
      String preload,
      String baseline,
      String pgUrl,
      long seed,
      SoakPlan soak,
      int streams,
      int rate) {

    /** Options without a notify rate: notify then writes {@value NotifyBench#DEFAULT_RATE} times a second. */
    public Options(Scenario scenario, List<URI> hub, Path dataDir, String audience, List<Integer> clients,
        Duration warmup, Duration duration, List<Long> notices, Path json, Path plotDir, String transport,
        String preload, String baseline, String pgUrl, long seed, SoakPlan soak, int streams) {
      this(scenario, hub, dataDir, audience, clients, warmup, duration, notices, json, plotDir, transport, preload,
          baseline, pgUrl, seed, soak, streams, NotifyBench.DEFAULT_RATE);
    }

    /** Options without held streams. */
    public Options(Scenario scenario, List<URI> hub, Path dataDir, String audience, List<Integer> clients,
        Duration warmup, Duration duration, List<Long> notices, Path json, Path plotDir, String transport,
        String preload, String baseline, String pgUrl, long seed, SoakPlan soak) {
      this(scenario, hub, dataDir, audience, clients, warmup, duration, notices, json, plotDir, transport, preload,
          baseline, pgUrl, seed, soak, 0, NotifyBench.DEFAULT_RATE);
    }
  }

  /**
   * The soak's length, window (null: a minute, or ten seconds for runs under ten minutes) and total
   * request rate (0: closed loop).
   */
  public record SoakPlan(Duration length, Duration window, int rate) {}

  private static final java.util.Set<String> WRITE_SCENARIOS = java.util.Set.of("hotspot", "dense", "spread");

  private final Options o;
  private final PrintStream out;
  private final PrintStream progress;
  private final List<Report> reports = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private Soak.Result soak;

  private Bench(Options o, PrintStream out, PrintStream progress) {
    this.o = o;
    this.out = out;
    this.progress = progress;
  }

  /** Runs the configured benchmark, printing figures to {@code out} and progress to {@code progress}. */
  public static void run(Options o, PrintStream out, PrintStream progress) throws IOException, SQLException {
    new Bench(o, out, progress).run();
  }

  private List<Report> run() throws IOException, SQLException {
    Transport.Kind kind = Transport.Kind.valueOf(o.transport().toUpperCase(Locale.ROOT));
    if (o.baseline() != null && !o.baseline().equalsIgnoreCase("postgis")) {
      throw new IllegalArgumentException("--baseline " + o.baseline() + " is not known; the only baseline is postgis");
    }
    if (o.baseline() != null && o.pgUrl() == null) {
      throw new IllegalArgumentException("--baseline postgis needs --pg JDBC_URL");
    }
    long startNanos = System.nanoTime();
    try (Target target = o.hub() != null ? Target.remote(o.hub(), kind, o.audience())
        : o.scenario() == Scenario.STREAMS ? Target.embedded(kind, o.dataDir(), StreamsBench.server(o.streams()))
        : Target.embedded(kind, o.dataDir())) {
      if (target.hub != null) {
        note(String.format(Locale.ROOT, "embedded hub ready in %.1f s with %,d notices stored", (System.nanoTime() - startNanos) / 1e9,
            target.hub.airspace().size()));
      }
      String where = (target.hub == null ? "hub " + (target.bases.size() == 1 ? target.base : target.bases) : "embedded hub (SQLite, durable)") + ", " + kind.name().toLowerCase(Locale.ROOT) + " client";
      note("target: " + where + "; machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
          + System.getProperty("java.version"));
      List<Scenario> todo = o.scenario() == Scenario.ALL ? Scenario.ALL_RUNS : List.of(o.scenario());
      for (Scenario s : todo) {
        switch (s) {
          case NOOP -> forEachClients("noop", target, null, n -> Scenarios.noop(target));
          case HOTSPOT -> forEachClients("hotspot", target, null, n -> Scenarios.hotspot(target, n, Scenarios.WriteLog.NONE));
          case DENSE -> {
            for (int n : o.clients()) {
              steadyOrSay(measured("dense", target, null, n, Scenarios.dense(target, n, Scenarios.WriteLog.NONE)));
            }
          }
          case NOTIFY -> notifyLatency(target);
          case SPREAD -> forEachClients("spread", target, null, n -> Scenarios.spread(target, n));
          case QUERY -> query(target);
          case SOAK -> soak(target);
          case STREAMS -> {
            for (int c : o.clients()) {
              StreamsBench.run(target, o.streams(), c, this::measured, this::note, progress);
            }
          }
          default -> throw new IllegalStateException("unexpected scenario " + s);
        }
      }
      ratios();
      if (o.json() != null) {
        writeJson(o.json());
        out.println("figures written to " + o.json());
      }
      if (o.plotDir() != null) {
        for (Path p : Plots.write(o.plotDir(), reports)) {
          out.println("chart written to " + p);
        }
      }
    }
    return reports;
  }

  @FunctionalInterface
  private interface Maker {
    Runner.Clients make(int clients);
  }

  private void forEachClients(String scenario, Target target, Long notices, Maker maker) {
    for (int n : o.clients()) {
      measure(scenario, target, notices, n, maker);
    }
  }

  private void measure(String scenario, Target target, Long notices, int n, Maker maker) {
    measured(scenario, target, notices, n, maker.make(n));
  }

  /** Runs {@code clients} for the warm-up and the measured time, prints and keeps the report. */
  private Report measured(String scenario, Target target, Long notices, int n, Runner.Clients clients) {
    String label = scenario + " " + n + "c" + (notices == null ? "" : " N=" + notices);
    Runner.Measured m = Runner.run(label, n, o.warmup(), o.duration(), clients, progress);
    Report r = Report.of(scenario, target.hub == null ? "hub" : "embedded", notices, m);
    reports.add(r);
    r.print(out);
    return r;
  }

  private void query(Target target) throws SQLException, IOException {
    // With --data DIR the preload is kept: a marker records the world and how much of it is stored.
    Path marker = target.hub != null && o.dataDir() != null ? o.dataDir().resolve("bench-world.json") : null;
    World fresh = World.startingTomorrow(o.seed());
    long loaded = 0;
    if (marker != null && Files.exists(marker)) {
      var m = Json.MAPPER.readTree(marker.toFile());
      if (m.path("seed").asLong() == o.seed() && target.hub.airspace().size() >= m.path("loaded").asLong()) {
        fresh = new World(o.seed(), java.time.Instant.parse(m.path("t0").asText()));
        loaded = m.path("loaded").asLong();
        note(String.format(Locale.ROOT, "query: reusing %,d notices already stored in %s (world t0 %s)", loaded, o.dataDir(), fresh.t0()));
      }
    }
    World world = fresh;
    Preload.Path path = o.preload() != null
        ? Preload.Path.valueOf(o.preload().toUpperCase(Locale.ROOT))
        : target.hub != null ? Preload.Path.AIRSPACE : Preload.Path.HTTP;
    if (path == Preload.Path.AIRSPACE && target.hub == null) {
      throw new IllegalArgumentException("--preload airspace needs --embedded");
    }
    PostgisBaseline pg = o.baseline() == null ? null : new PostgisBaseline(o.pgUrl());
    if (pg != null) {
      pg.reset();
    }
    long stored = loaded;
    for (long n : o.notices().stream().sorted().toList()) {
      if (n < stored) {
        note(String.format(Locale.ROOT, "query: N=%,d skipped: %,d notices are already stored", n, stored));
        continue;
      }
      long heapBefore = target.hub != null && loaded == 0 ? usedHeapAfterGc() : -1;
      double s = Preload.load(target, world, loaded, n, 16, path, progress);
      if (marker != null) {
        ObjectNode m = Json.MAPPER.createObjectNode().put("seed", o.seed()).put("t0", world.t0().toString()).put("loaded", n);
        Files.writeString(marker, m.toString());
      }
      if (n > loaded) {
        note(String.format(Locale.ROOT, "query: preloaded %,d notices %s in %.0f s (%,.0f/s; notices %,d to %,d)",
            n - loaded, path.description, s, (n - loaded) / Math.max(s, 1e-9), loaded, n));
      }
      if (heapBefore >= 0) {
        long after = usedHeapAfterGc();
        note(String.format(Locale.ROOT, "query: hub heap grew by %,d bytes per notice after loading %,d (whole hub, after GC)",
            (after - heapBefore) / n, n));
      }
      loaded = n;
      for (int c : o.clients()) {
        // Run alone, query measures noop just before each run: the goal is a ratio to noop in the
        // same run, and on a shared machine the neighbouring run is the fairest comparison.
        if (o.scenario() == Scenario.QUERY) {
          measure("noop", target, n, c, k -> Scenarios.noop(target));
        }
        measure("query", target, n, c, k -> Scenarios.query(target, world));
      }
      if (pg != null) {
        double ls = pg.loadTo(world, n, progress);
        note(String.format(Locale.ROOT, "postgis: loaded %,d notices in %.0f s; plan:%n%s", n, ls, pg.plan(world).indent(4)));
        for (int c : o.clients()) {
          Report r = Report.of("postgis query", "PostgreSQL over JDBC", n, pg.run(world, c, o.warmup(), o.duration(), progress));
          reports.add(r);
          r.print(out);
        }
      }
    }
  }

  /**
   * Dense is steady once every client holds its share of the live notices and deletes one per
   * create; until then each create is checked against a growing set. Says so when the measured
   * phase began before that.
   */
  private void steadyOrSay(Report r) {
    Report.OpFigures c = r.ops().get("create");
    Report.OpFigures d = r.ops().get("delete");
    long created = c == null ? 0 : c.statuses().getOrDefault("201", 0L);
    long deleted = d == null ? 0 : d.statuses().getOrDefault("200", 0L);
    if (created > 0 && deleted < 0.9 * created) {
      note(String.format(Locale.ROOT, "dense at %d clients: the live set was still filling while measured (%,d creates,"
          + " %,d deletes); a longer --warmup measures the steady state", r.clients(), created, deleted));
    }
  }

  /** Notification latency at a fixed write rate, with a real subscriber node beside the hub. */
  private void notifyLatency(Target target) throws IOException {
    int writers = NotifyBench.writersFor(o.rate());
    try (NotifyBench.Subscriber sub = NotifyBench.Subscriber.start(target)) {
      note(String.format(Locale.ROOT, "notify: node of %s at %s subscribed to the area; %d writers, %,d writes/s"
          + " scheduled (open loop)", NotifyBench.SUBSCRIBER, sub.node.baseUrl(), writers, o.rate()));
      Report r = measured("notify", target, null, writers, NotifyBench.writers(target, o.rate()));
      Report.OpFigures n = r.ops().get(NotifyBench.NOTIFICATION);
      if (n != null) {
        note(String.format(Locale.ROOT, "notify: %,.0f successful writes/s of %,d scheduled; write answered → node has"
            + " the notification: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms over %,d notifications %s",
            r.writesPerSecond(), o.rate(), n.p50Ms(), n.p95Ms(), n.p99Ms(), n.count(), n.statuses()));
      }
    }
  }

  private void soak(Target target) {
    if (o.soak() == null) {
      throw new IllegalArgumentException("soak needs --minutes");
    }
    Duration window = o.soak().window() != null ? o.soak().window()
        : Soak.Options.defaultWindow(o.soak().length());
    int clients = o.clients().get(0);
    String pace = o.soak().rate() == 0 ? "closed loop" : o.soak().rate() + " requests/s in all";
    note(String.format(Locale.ROOT, "soak: %d clients, %s, %s windows, %d s warm-up", clients, pace,
        window.toString().substring(2).toLowerCase(Locale.ROOT), o.warmup().toSeconds()));
    soak = Soak.run(target,
        new Soak.Options(o.soak().length(), window, o.warmup(), clients, o.soak().rate()), out, progress);
    reports.add(soak.totals());
    soak.totals().print(out);
    Soak.printVerdict(out, soak);
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  private void note(String s) {
    notes.add(s);
    out.println(s);
  }

  /** Ratios between runs of this invocation at equal clients (and N): query to noop and to PostGIS. */
  private void ratios() {
    Map<String, Report> byKey = new LinkedHashMap<>();
    for (Report r : reports) {
      byKey.put(r.scenario() + "/" + r.clients() + "/" + r.notices(), r);
    }
    for (Report r : reports) {
      if (!r.scenario().equals("query")) {
        continue;
      }
      Report noop = byKey.getOrDefault("noop/" + r.clients() + "/" + r.notices(), byKey.get("noop/" + r.clients() + "/null"));
      if (noop != null) {
        note(String.format(Locale.ROOT, "ratio: query N=%,d at %d clients = %.0f%% of noop (%,.0f vs %,.0f req/s)",
            r.notices(), r.clients(), 100 * r.requestsPerSecond() / noop.requestsPerSecond(), r.requestsPerSecond(),
            noop.requestsPerSecond()));
      }
      Report pg = byKey.get("postgis query/" + r.clients() + "/" + r.notices());
      if (pg != null) {
        note(String.format(Locale.ROOT, "ratio: query N=%,d at %d clients = %.2f× PostGIS (%,.0f vs %,.0f queries/s; p50 %.2f vs %.2f ms)",
            r.notices(), r.clients(), r.requestsPerSecond() / pg.requestsPerSecond(), r.requestsPerSecond(),
            pg.requestsPerSecond(), r.ops().get("query").p50Ms(), pg.ops().get("query").p50Ms()));
      }
    }
    for (Report r : reports) {
      Report noop = byKey.get("noop/" + r.clients() + "/null");
      if (noop != null && WRITE_SCENARIOS.contains(r.scenario())) {
        note(String.format(Locale.ROOT, "ratio: %s at %d clients: %,.0f requests/s = %.0f%% of noop",
            r.scenario(), r.clients(), r.requestsPerSecond(), 100 * r.requestsPerSecond() / noop.requestsPerSecond()));
      }
    }
  }

  private void writeJson(Path file) throws IOException {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("scenario", o.scenario().label());
    root.put("warmup_s", o.warmup().toSeconds());
    root.put("duration_s", o.soak() != null ? o.soak().length().toSeconds() : o.duration().toSeconds());
    ArrayNode ns = root.putArray("notes");
    notes.forEach(ns::add);
    root.set("runs", Json.MAPPER.valueToTree(reports));
    if (soak != null) {
      ObjectNode s = root.putObject("soak");
      s.put("length_s", o.soak().length().toSeconds());
      s.put("window_s", soak.window().toSeconds());
      s.set("windows", Json.MAPPER.valueToTree(soak.windows()));
      s.set("errors_by_status", Json.MAPPER.valueToTree(soak.errorsByStatus()));
      s.set("verdict", Json.MAPPER.valueToTree(soak.verdict()));
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
  }
}
