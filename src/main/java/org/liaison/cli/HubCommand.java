package org.liaison.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.liaison.hub.Hub;
import org.liaison.http.ServerOptions;
import org.liaison.hub.HubOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "hub", mixinStandardHelpOptions = true, description = "Run the deconfliction hub (ASTM F3548-21 DSS API).",
    footer = ServerFlags.FOOTER)
final class HubCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(HubCommand.class);

  @Option(names = "--name",
      description = "Hub name; the ledger origin is liaison/<name> (default: <host>-<8 hex digits>, generated at first start and kept with the data).")
  String name;

  @Option(names = "--port", defaultValue = "8082", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--data", defaultValue = "liaison-data", description = "Data directory: embedded database and keys (default: ./${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--db", description = "PostgreSQL JDBC URL instead of the embedded database, e.g. jdbc:postgresql://localhost:5432/liaison?user=liaison")
  String db;

  @Option(names = "--audience", defaultValue = "localhost", description = "Required JWT aud (default: ${DEFAULT-VALUE}).")
  String audience;

  @Option(names = "--issuer", description = "Required JWT iss (default: any issuer).")
  String issuer;

  @Option(names = "--public-key", description = "PEM public key or certificate that signs tokens (repeatable).")
  List<Path> publicKeys = new ArrayList<>();

  @Option(names = "--jwks", description = "JWKS URL of the token issuer.")
  URI jwks;

  @Option(names = "--dev-auth", description = "DEVELOPMENT ONLY: serve GET /token that mints tokens for anyone.")
  boolean devAuth;

  @Option(names = "--allow-http-base-urls", description = "Accept http:// uss_base_url values (default: https only).")
  boolean allowHttp;

  @Option(names = "--strict-astm",
      description = "Enforce the ASTM F3548-21 text where InterUSS's DSS is lenient (see docs/compatibility.md; default: InterUSS behaviour).")
  boolean strictAstm;

  @Option(names = "--instances", paramLabel = "one|many",
      description = "How many hub processes share the database: one (group commit) or many (lock stripes and a shared change log; PostgreSQL only). Default: many with --db, one with the embedded database.")
  HubOptions.Instances instances;

  @Mixin
  ServerFlags server = new ServerFlags();

  @Mixin
  PublishFlags publish = new PublishFlags();

  @Override
  public Integer call() throws Exception {
    Logging.configure(server.logFormat, server.accessLog);
    Hub hub;
    ServerOptions so;
    try {
      so = server.toOptions();
      HubOptions o = new HubOptions(name, host, port, data, db, audience, publicKeys, jwks, devAuth, allowHttp, issuer,
          so, strictAstm, instances);
      hub = Hub.start(o, Clock.systemUTC(), publish.toOptions());
    } catch (IllegalArgumentException | org.liaison.store.StoreException e) {
      System.err.println("liaison hub: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping hub");
      hub.close();
      stopped.countDown();
    }, "liaison-shutdown"));
    log.info("hub ready at http://{}:{}/ (storage: {}, ledger origin {}{}) {} ms after the JVM started, {} ms of CPU",
        host, hub.port(), db == null ? data.toAbsolutePath().normalize() : "PostgreSQL", hub.ledger().origin(),
        strictAstm ? ", strict ASTM" : "", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(),
        processCpuMs());
    log.info("metrics {}; rate limit per party {}, per address without a token {}; request timeout {}",
        so.metrics() ? "at /metrics" : "off", so.partyLimit(), so.ipLimit(), ServerFlags.human(so.requestTimeout()));
    stopped.await();
    return 0;
  }

  /** The process's CPU time so far, or -1 where the platform does not say. */
  private static long processCpuMs() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() / 1_000_000 : -1;
  }
}
