package org.liaison.hub;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.liaison.auth.DevAuthority;
import org.liaison.auth.Guard;
import org.liaison.auth.TokenVerifier;
import org.liaison.channels.ChannelRoutes;
import org.liaison.channels.Channels;
import org.liaison.channels.Phrasebook;
import org.liaison.console.ConsoleRoutes;
import org.liaison.deconfliction.Airspace;
import org.liaison.deconfliction.DssRoutes;
import org.liaison.http.HubServer;
import org.liaison.ledger.Ledger;
import org.liaison.ledger.LedgerRoutes;
import org.liaison.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hub process: storage, auth, the deconfliction state and its HTTP API, wired by hand. */
public final class Hub implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Hub.class);

  private final Database db;
  private final Ledger ledger;
  private final HubServer server;
  private final Airspace airspace;
  private final DevAuthority devAuthority;
  private final Channels channels;

  private Hub(Database db, Ledger ledger, HubServer server, Airspace airspace, DevAuthority devAuthority,
      Channels channels) {
    this.db = db;
    this.ledger = ledger;
    this.server = server;
    this.airspace = airspace;
    this.devAuthority = devAuthority;
    this.channels = channels;
  }

  public static Hub start(HubOptions o, Clock clock) throws IOException {
    if (!o.devAuth() && o.publicKeys().isEmpty() && o.jwksUrl() == null) {
      throw new IllegalArgumentException(
          "no token keys configured: give --public-key PEM or --jwks URL, or --dev-auth for development");
    }
    Database db = o.jdbcUrl() == null ? Database.embedded(o.dataDir()) : Database.postgres(o.jdbcUrl());
    try {
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
        dev = DevAuthority.open(o.dataDir()).withClock(clock);
        vb.trustJwkSet(dev.publicJwkSet());
        log.warn("**********************************************************************");
        log.warn("DEV AUTH IS ON: GET /token mints a token for ANY party and ANY scope.");
        log.warn("Never run a shared or production hub with --dev-auth.");
        log.warn("**********************************************************************");
      }
      Guard guard = Guard.of(vb.build());
      Ledger ledger = Ledger.open(db, o.dataDir().resolve("ledger-key.pem"), o.name(), clock);
      Airspace airspace = new Airspace(db, ledger, clock, o.allowHttpBaseUrls());
      List<Consumer<JavalinConfig>> routes = new ArrayList<>();
      routes.add(c -> new DssRoutes(airspace, guard).register(c.routes));
      routes.add(ConsoleRoutes.forHub(o.name(), o.devAuth())::register);
      Channels channels = new Channels(db, ledger, airspace, clock, Phrasebook.load());
      routes.add(c -> new ChannelRoutes(channels, guard).register(c.routes));
      routes.add(c -> new NoopRoute(guard).register(c.routes));
      routes.add(c -> new LedgerRoutes(ledger, guard).register(c.routes));
      if (dev != null) {
        DevTokenRoute tokens = new DevTokenRoute(dev, o.audience());
        routes.add(c -> tokens.register(c.routes));
      }
      HubServer server = HubServer.start(o.host(), o.port(), routes);
      channels.startSweeper();
      return new Hub(db, ledger, server, airspace, dev, channels);
    } catch (IOException | RuntimeException e) {
      db.close();
      throw e;
    }
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

  /** The dev signing authority, or null when dev auth is off. */
  public DevAuthority devAuthority() {
    return devAuthority;
  }

  @Override
  public void close() {
    // Channels first: it ends the event streams, which would otherwise hold the server open.
    channels.close();
    server.close();
    airspace.close();
    ledger.close();
    db.close();
  }
}
