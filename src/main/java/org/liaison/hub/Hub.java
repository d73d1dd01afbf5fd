package org.liaison.hub;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.liaison.agreements.AgreementRoutes;
import org.liaison.agreements.Agreements;
import org.liaison.agreements.ShortNotice;
import org.liaison.agreements.Strictest;
import org.liaison.auth.DevAuthority;
import org.liaison.auth.Guard;
import org.liaison.auth.TokenVerifier;
import org.liaison.channels.ChannelRoutes;
import org.liaison.channels.Channels;
import org.liaison.channels.Phrasebook;
import org.liaison.console.ConsoleRoutes;
import org.liaison.deconfliction.Airspace;
import org.liaison.deconfliction.AuxRoutes;
import org.liaison.deconfliction.DssRoutes;
import org.liaison.deconfliction.SignedDeclarations;
import org.liaison.http.HubServer;
import org.liaison.http.Metrics;
import org.liaison.http.Requests;
import org.liaison.ledger.Ledger;
import org.liaison.ledger.KeyFiles;
import org.liaison.proof.LedgerKey;
import org.liaison.ledger.LedgerRoutes;
import org.liaison.http.RateLimit;
import org.liaison.publication.Notices;
import org.liaison.publication.Publication;
import org.liaison.publication.PublicationOptions;
import org.liaison.publication.PublicationRoutes;
import org.liaison.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hub process: storage, auth, the deconfliction state and its HTTP API, wired by hand. */
public final class Hub implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Hub.class);
  /** The embedded store's memory snapshot, written at a clean shutdown and read at the next start. */
  public static final String SNAPSHOT_FILE = "airspace.snapshot";
  /** The embedded store's ledger tree, written at a clean shutdown and read at the next start. */
  public static final String LEDGER_TREE_FILE = "ledger-tree.snapshot";

  private final Database db;
  private final Ledger ledger;
  private final HubServer server;
  private final Airspace airspace;
  private final DevAuthority devAuthority;
  private final Channels channels;
  private final Agreements agreements;
  private final ShortNotice shortNotice;
  private final ScheduledExecutorService housekeeping;

  private Hub(Database db, Ledger ledger, HubServer server, Airspace airspace, DevAuthority devAuthority,
      Channels channels, Agreements agreements, ShortNotice shortNotice, ScheduledExecutorService housekeeping) {
    this.db = db;
    this.ledger = ledger;
    this.server = server;
    this.airspace = airspace;
    this.devAuthority = devAuthority;
    this.channels = channels;
    this.agreements = agreements;
    this.shortNotice = shortNotice;
    this.housekeeping = housekeeping;
  }

  public static Hub start(HubOptions o, Clock clock) throws IOException {
    return start(o, clock, null);
  }

  /** @param publication how to publish danger areas on {@code /public/v1}, or null not to */
  public static Hub start(HubOptions o, Clock clock, PublicationOptions publication) throws IOException {
    if (!o.devAuth() && o.publicKeys().isEmpty() && o.jwksUrl() == null) {
      throw new IllegalArgumentException(
          "no token keys configured: give --public-key PEM or --jwks URL, or --dev-auth for development");
    }
    if (o.instances() == HubOptions.Instances.MANY && o.jdbcUrl() == null) {
      throw new IllegalArgumentException(
          "--instances many needs a PostgreSQL database (--db): the embedded database serves one hub instance");
    }
    Database db = o.jdbcUrl() == null ? Database.embedded(o.dataDir(), o.server().requestTimeout())
        : Database.postgres(o.jdbcUrl(), o.server().requestTimeout());
    Requests requests = new Requests(o.server(), Metrics.of(o.server().metrics()), clock);
    try {
      db.bindMetrics(requests.registry());
      TokenVerifier.Builder vb = TokenVerifier.forAudience(o.audience()).clock(clock);
      if (o.issuer() != null) {
        vb.requireIssuer(o.issuer());
      }
      for (var pem : o.publicKeys()) {
        vb.trustPemFile(pem);
      }
      if (o.jwksUrl() != null) {
        vb.trustJwksUrl(o.jwksUrl());
      }
      DevAuthority dev = null;
      if (o.devAuth()) {
        dev = devAuthority(db, o).withClock(clock);
        vb.trustJwkSet(dev.publicJwkSet());
        log.warn("**********************************************************************");
        log.warn("DEV AUTH IS ON: GET /token mints a token for ANY party and ANY scope.");
        log.warn("Never run a shared or production hub with --dev-auth.");
        log.warn("**********************************************************************");
      }
      Guard guard = requests.guard(Guard.of(vb.build()));
      String name = HubName.resolve(o.name(), db, o.dataDir());
      Airspace airspace;
      Ledger ledger;
      if (manyInstances(o, db)) {
        ledger = ledger(db, o, name, clock);
        airspace = new Airspace(db, ledger, clock, o.allowHttpBaseUrls(), o.strictAstm(), true);
      } else {
        // The ledger's tree and the airspace's memory load side by side: neither needs the other.
        CompletableFuture<Airspace.Loaded> memory = CompletableFuture.supplyAsync(
            () -> Airspace.load(db, o.jdbcUrl() == null ? o.dataDir().resolve(SNAPSHOT_FILE) : null),
            r -> new Thread(r, "liaison-airspace-load").start());
        ledger = ledger(db, o, name, clock);
        airspace = new Airspace(db, ledger, clock, o.allowHttpBaseUrls(), o.strictAstm(), loaded(memory));
      }
      HubMetrics.ledger(requests.registry(), ledger, clock);
      List<Consumer<JavalinConfig>> routes = new ArrayList<>();
      routes.add(c -> new AuxRoutes(guard).register(c.routes));
      routes.add(ConsoleRoutes.forHub(name, o.devAuth()).withTiles(o.server().consoleTiles())::register);
      Channels channels = new Channels(db, ledger, airspace, clock, Phrasebook.load());
      SignedDeclarations declarations = new SignedDeclarations(channels::currentKeys, clock,
          (d, id, receipt) -> channels.recordDeclaration(d.statement(), d.signature(), id, receipt.leafHash()));
      routes.add(c -> new DssRoutes(airspace, guard, declarations).register(c.routes));
      routes.add(c -> new ChannelRoutes(channels, guard, requests.streams()).register(c.routes));
      Agreements agreements = Agreements.of(db, ledger, clock, channels);
      channels.agreedSilence(() -> Strictest.unreachableAfter(agreements.inForce()));
      channels.escalationChains(() -> Strictest.chains(agreements.inForce()));
      routes.add(c -> new AgreementRoutes(agreements, guard).register(c.routes));
      ShortNotice shortNotice = new ShortNotice(db, ledger, agreements, channels, () -> declared(airspace));
      routes.add(c -> new NoopRoute(guard).register(c.routes));
      routes.add(c -> new LedgerRoutes(ledger, guard).register(c.routes));
      if (dev != null) {
        DevTokenRoute tokens = new DevTokenRoute(dev, o.audience());
        routes.add(c -> tokens.register(c.routes));
      }
      routes.add(publication(db, airspace, guard, publication, clock));
      routes.add(HubMetrics.keyRule(requests.registry()));
      HubServer server = HubServer.start(o.host(), o.port(), routes, requests);
      // The ledger's sequencer lease picks the one instance that sweeps.
      channels.startSweeper(ledger::isSequencer);
      ScheduledExecutorService housekeeping = startHousekeeping(airspace, ledger);
      // The short-notice rule follows the ledger a second behind the writes, never in their way.
      housekeeping.scheduleWithFixedDelay(() -> {
        try {
          if (ledger.isSequencer()) {
            shortNotice.scan();
          }
        } catch (RuntimeException e) {
          log.warn("short-notice rule failed; will retry in a second: {}", e.getMessage());
        }
      }, 1, 1, TimeUnit.SECONDS);
      return new Hub(db, ledger, server, airspace, dev, channels, agreements, shortNotice, housekeeping);
    } catch (IOException | RuntimeException e) {
      requests.close();
      db.close();
      throw e;
    }
  }

  private static Airspace.Loaded loaded(CompletableFuture<Airspace.Loaded> memory) {
    try {
      return memory.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  /**
   * Whether this hub runs the many-instance write engine: as {@code --instances} says, else many on
   * a PostgreSQL-wire store and one on the embedded store.
   */
  private static boolean manyInstances(HubOptions o, Database db) {
    return o.instances() == null ? db.isPostgres() : o.instances() == HubOptions.Instances.MANY;
  }

  /** Every party's current operations and restrictions, for the agreements' short-notice rule. */
  private static List<ShortNotice.Declared> declared(Airspace airspace) {
    List<ShortNotice.Declared> out = new ArrayList<>();
    airspace.allOis().forEach(oi -> out.add(new ShortNotice.Declared(oi.manager(), oi.extents().volumes())));
    airspace.allConstraints().forEach(c -> out.add(new ShortNotice.Declared(c.manager(), c.extents().volumes())));
    return out;
  }

  /** The public danger areas, or routes that answer 404 when publication is off. */
  private static Consumer<JavalinConfig> publication(Database db, Airspace airspace, Guard guard,
      PublicationOptions p, Clock clock) {
    // One salt per database, so every instance and every restart gives an area the same id.
    Publication pub = p == null ? null : Publication.forHub(Notices.of(airspace), db, p.config(), clock,
        java.util.HexFormat.of().parseHex(SharedSettings.get(db, "publication_salt",
            () -> {
              byte[] b = new byte[16];
              new java.security.SecureRandom().nextBytes(b);
              return java.util.HexFormat.of().formatHex(b);
            })));
    PublicationRoutes r = new PublicationRoutes(pub, guard, p == null ? RateLimit.OFF : p.perClient(), clock);
    return c -> r.register(c.routes);
  }

  /**
   * Instances sharing a database sign tokens alike, so a token minted by any is accepted by all:
   * the first to start stores its dev key (its data directory's, created if need be) in the
   * database.
   */
  private static DevAuthority devAuthority(Database db, HubOptions o) throws IOException {
    if (!db.isPostgres()) {
      return DevAuthority.open(o.dataDir());
    }
    return DevAuthority.fromPem(SharedSettings.get(db, "dev_auth_key", () -> {
      try {
        return DevAuthority.open(o.dataDir()).privateKeyPem();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }));
  }

  /**
   * Instances sharing a database keep one log, so they share its name and signing key: the first
   * to start stores them (its key file's key, if it has one) and later ones use those.
   */
  private static Ledger ledger(Database db, HubOptions o, String given, Clock clock) throws IOException {
    Path keyFile = o.dataDir().resolve("ledger-key.pem");
    if (!db.isPostgres()) {
      return Ledger.open(db, keyFile, given, clock, o.dataDir().resolve(LEDGER_TREE_FILE));
    }
    String name = SharedSettings.get(db, "ledger_name", () -> given);
    if (!name.equals(given)) {
      log.warn("this database's ledger is named \"{}\"; --name \"{}\" does not rename it", name, given);
    }
    String pem = SharedSettings.get(db, "ledger_key", () -> {
      try {
        return KeyFiles.loadOrGenerate(keyFile, name).pem();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return Ledger.open(db, LedgerKey.fromPem(pem, name), name, clock);
  }

  /** Expires ended references and subscriptions every minute, on one instance at a time. */
  private static ScheduledExecutorService startHousekeeping(Airspace airspace, Ledger ledger) {
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "liaison-housekeeping");
      t.setDaemon(true);
      return t;
    });
    s.scheduleWithFixedDelay(() -> {
      try {
        if (ledger.isSequencer()) {
          int n = airspace.expire();
          if (n > 0) {
            log.info("expired {} references and subscriptions that ended over {} ago", n, Airspace.EXPIRY_GRACE);
          }
        }
      } catch (RuntimeException e) {
        log.warn("expiry failed; will retry in a minute: {}", e.getMessage());
      }
    }, 1, 1, TimeUnit.MINUTES);
    return s;
  }

  public int port() {
    return server.port();
  }

  public Ledger ledger() {
    return ledger;
  }

  public Airspace airspace() {
    return airspace;
  }

  public Channels channels() {
    return channels;
  }

  /** See {@link Channels#statementSkew}: for a simulated clock much faster than real time. */
  public void statementSkew(java.time.Duration d) {
    channels.statementSkew(d);
  }

  public Agreements agreements() {
    return agreements;
  }

  /** The agreements' short-notice rule; it runs every second, and tests run it directly. */
  public ShortNotice shortNotice() {
    return shortNotice;
  }

  /** The dev signing authority, or null when dev auth is off. */
  public DevAuthority devAuthority() {
    return devAuthority;
  }

  @Override
  public void close() {
    // Channels first: it ends the event streams, which would otherwise hold the server open.
    housekeeping.shutdownNow();
    channels.close();
    server.close();
    airspace.close();
    ledger.close();
    db.close();
  }
}
