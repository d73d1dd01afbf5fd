package org.liaison.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.liaison.bench.Bench;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Load-test a hub through the real ASTM API with real tokens, and print throughput, latency percentiles"
            + " and error counts by status.",
        "Scenarios: noop (HTTP + auth ceiling), query (area queries over --notices preloaded notices;"
            + " run alone, each query run follows a noop run at the same clients),"
            + " hotspot (every notice overlaps every other; congested is an alias), dense (writes into one 1 km²,"
            + " 15-minute windows within 24 h), spread (non-overlapping writes over 1000×1000 km),"
            + " all (noop, query, hotspot, dense and spread in turn), notify (--rate writes/s with a subscriber node"
            + " beside the hub: write answered → the node has the notification), soak (--minutes of mixed load at a steady --rate; reports errors, the heap"
            + " trend after GC and p99 per window, then a verdict), streams (spread, then spread while another party"
            + " holds --streams event streams, then spread again; reports the writers' throughput and p99 ratios)."})
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SCENARIO", converter = ScenarioName.class,
      description = "noop, query, hotspot (or congested), dense, spread, all, notify, soak or streams.")
  Bench.Scenario scenario;

  /** Reads a scenario's name, old names included. */
  static final class ScenarioName implements picocli.CommandLine.ITypeConverter<Bench.Scenario> {
    @Override
    public Bench.Scenario convert(String value) {
      try {
        return Bench.Scenario.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class Where {
    @Option(names = "--hub", paramLabel = "URL", split = ",",
        description = "A running hub started with --dev-auth, e.g. http://127.0.0.1:8082; several instances sharing one"
            + " database as URL,URL,…: clients are spread over them in turn")
    List<URI> hub;

    @Option(names = "--embedded", description = "Start a hub in this process on a temporary data directory (embedded SQLite, durable commits).")
    boolean embedded;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Where where;

  @Option(names = "--data", paramLabel = "DIR", description = "With --embedded: data directory to use instead of a temporary one.")
  Path data;

  @Option(names = "--audience", defaultValue = "localhost", description = "Token audience the hub expects (default: ${DEFAULT-VALUE}).")
  String audience;

  @Option(names = "--clients", split = ",", defaultValue = "16", paramLabel = "N",
      description = "Concurrent clients; a list such as 1,2,4,8,16 runs each in turn (default: ${DEFAULT-VALUE}).")
  List<Integer> clients;

  @Option(names = "--duration", defaultValue = "20", paramLabel = "S", description = "Measured seconds per run (default: ${DEFAULT-VALUE}).")
  int duration;

  @Option(names = "--warmup", defaultValue = "5", paramLabel = "S", description = "Unmeasured warm-up seconds per run (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--notices", split = ",", defaultValue = "1000000", paramLabel = "N",
      description = "query: notices preloaded; a list such as 10000,100000,1000000 loads and measures each (default: ${DEFAULT-VALUE}).")
  List<Long> notices;

  @Option(names = "--preload", paramLabel = "PATH",
      description = "query: how notices are loaded: http (parallel API clients) or airspace (in process, --embedded only)."
          + " Default: airspace with --embedded, else http.")
  String preload;

  @Option(names = "--client", defaultValue = "raw", paramLabel = "KIND",
      description = "HTTP client: raw (lean keep-alive sockets) or jdk (java.net.http) (default: ${DEFAULT-VALUE}).")
  String client;

  @Option(names = "--baseline", paramLabel = "postgis", description = "query: also run the same data and queries on PostGIS over JDBC.")
  String baseline;

  @Option(names = "--pg", paramLabel = "JDBC_URL", description = "PostgreSQL with PostGIS for --baseline, e.g. jdbc:postgresql://localhost:5433/bench?user=postgres")
  String pg;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON.")
  Path json;

  @Option(names = "--plot", paramLabel = "DIR", description = "Write SVG charts: throughput against clients, query latency against N.")
  Path plot;

  @Option(names = "--minutes", paramLabel = "M", description = "soak: how long to run, in minutes.")
  Integer minutes;

  @Option(names = "--window", paramLabel = "S",
      description = "soak: seconds per reported window (default: 60, or 10 for runs under ten minutes).")
  Integer window;

  @Option(names = "--rate", paramLabel = "R",
      description = "soak: requests/s across all clients, 0 for as fast as they can (default: 200);"
          + " notify: writes/s across all writers (default: 1000).")
  Integer rate;

  @Option(names = "--streams", defaultValue = "1000", paramLabel = "N",
      description = "streams: event streams one party holds open during the second run; each is a socket, twice"
          + " over with --embedded, so keep it under ulimit -n (default: ${DEFAULT-VALUE}).")
  int streams;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the query scenario's notices and queries (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (clients.stream().anyMatch(c -> c < 1) || notices.stream().anyMatch(n -> n < 0) || duration < 1 || warmup < 0) {
      System.err.println("liaison bench: --clients must be at least 1, --notices at least 0, --duration at least 1 s"
          + " and --warmup at least 0 s; got " + clients + ", " + notices + ", " + duration + ", " + warmup);
      return 2;
    }
    Bench.SoakPlan soak = null;
    if (scenario == Bench.Scenario.NOTIFY && rate != null && rate < 1) {
      System.err.println("liaison bench notify: --rate must be at least 1 write/s; got " + rate);
      return 2;
    }
    if (scenario == Bench.Scenario.SOAK) {
      int soakRate = rate == null ? 200 : rate;
      if (minutes == null || minutes < 1 || (window != null && window < 1) || soakRate < 0) {
        System.err.println("liaison bench soak: needs --minutes of at least 1, a --window of at least 1 s and a --rate"
            + " of at least 0; got --minutes " + minutes + ", --window " + window + ", --rate " + soakRate);
        return 2;
      }
      soak = new Bench.SoakPlan(Duration.ofMinutes(minutes), window == null ? null : Duration.ofSeconds(window), soakRate);
    }
    Bench.Options o = new Bench.Options(scenario, where.embedded ? null : where.hub, data, audience, clients,
        Duration.ofSeconds(warmup), Duration.ofSeconds(duration), notices, json, plot, client, preload, baseline, pg, seed, soak, streams,
        scenario == Bench.Scenario.NOTIFY && rate != null ? rate : 1000);
    try {
      Bench.run(o, System.out, System.err);
    } catch (IllegalArgumentException e) {
      System.err.println("liaison bench: " + e.getMessage());
      return 2;
    }
    return 0;
  }
}
