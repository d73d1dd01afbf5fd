package org.liaison.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKSet;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.liaison.auth.DevAuthority;
import org.liaison.auth.Guard;
import org.liaison.auth.TokenVerifier;
import org.liaison.channels.Bodies;
import org.liaison.channels.Phrasebook;
import org.liaison.client.ChannelsClient;
import org.liaison.client.HubClient;
import org.liaison.client.PeerClient;
import org.liaison.client.ServiceException;
import org.liaison.client.TokenProvider;
import org.liaison.console.ConsoleRoutes;
import org.liaison.http.HubServer;
import org.liaison.http.Json;
import org.liaison.http.Metrics;
import org.liaison.http.Requests;
import org.liaison.keys.PartyKeys;
import org.liaison.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A party's node, wired by hand: its database, tokens, the hub and peer clients, the planner, the
 * notifier, and the peer and operator APIs on one HTTP server.
 */
public final class Node implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);
  static final List<String> CHANNEL_SCOPES = List.of("liaison.channels.read", "liaison.channels.write");

  private final NodeOptions options;
  private final Database db;
  private final HubServer server;
  private final Notifier notifier;
  private final ScheduledExecutorService pinger;
  private final ScheduledExecutorService telemetryExec;
  private final String baseUrl;
  private final String operatorToken;
  private final PartyKeys partyKeys;
  final NodeStore store;
  final Planner planner;
  final Events events;
  final Picture picture;

  private Node(NodeOptions options, Database db, HubServer server, Notifier notifier, ScheduledExecutorService pinger,
      ScheduledExecutorService telemetryExec, String baseUrl, String operatorToken, PartyKeys partyKeys, NodeStore store,
      Planner planner, Events events, Picture picture) {
    this.options = options;
    this.db = db;
    this.server = server;
    this.notifier = notifier;
    this.pinger = pinger;
    this.telemetryExec = telemetryExec;
    this.baseUrl = baseUrl;
    this.operatorToken = operatorToken;
    this.partyKeys = partyKeys;
    this.store = store;
    this.planner = planner;
    this.events = events;
    this.picture = picture;
  }

  public static Node start(NodeOptions o, Clock clock) throws IOException {
    Files.createDirectories(o.dataDir());
    int port = o.port() != 0 ? o.port() : freePort(o.host());
    String host = o.host().equals("0.0.0.0") || o.host().equals("::") ? "localhost" : o.host();
    String baseUrl = o.baseUrl() != null ? strip(o.baseUrl()) : "http://" + host + ":" + port;
    String operatorToken = NodeKeys.operatorToken(o.dataDir());
    // The party's own signing and encryption keys: made here, kept here, only public halves leave.
    PartyKeys partyKeys = PartyKeys.loadOrGenerate(o.dataDir(), o.party(), clock.instant());

    TokenProvider tokens;
    DevAuthority ownKey = null;
    TokenVerifier.Builder vb = TokenVerifier.forAudience(o.audience()).clock(clock);
    if (o.devAuth()) {
      tokens = TokenProvider.devAuth(o.hub(), o.party(), TokenProvider.NODE_SCOPES, clock);
      URI jwks = o.hub().resolve("/.well-known/jwks.json");
      if (o.jwks() == null && loopbackOrHttps(jwks)) {
        vb.trustJwksUrl(jwks);
      } else {
        vb.trustJwkSet(fetchJwks(jwks));
      }
    } else {
      ownKey = NodeKeys.signingKey(o.dataDir(), o.keyFile());
      tokens = TokenProvider.signing(ownKey, o.party(), TokenProvider.NODE_SCOPES, clock);
      if (o.publicKeys().isEmpty() && o.jwks() == null) {
        throw new IllegalArgumentException(
            "no keys to verify peers with: give --public-key PEM (repeatable) or --jwks URL, or use --dev-auth");
      }
    }
    for (var pem : o.publicKeys()) {
      vb.trustPemFile(pem);
    }
    if (o.jwks() != null) {
      vb.trustJwksUrl(o.jwks());
    }
    Guard verified = Guard.of(vb.build());
    Requests requests = new Requests(o.server(), Metrics.of(o.server().metrics()), clock);
    Guard guard = requests.guard(verified);

    Database db;
    try {
      db = Database.embedded(o.dataDir(), "node.db", List.of("classpath:db/node"), o.server().requestTimeout());
    } catch (RuntimeException e) {
      requests.close();
      throw e;
    }
    try {
      db.bindMetrics(requests.registry());
      NodeStore store = new NodeStore(db);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
      HubClient hub = new HubClient(o.hub(), tokens, http, Duration.ofSeconds(10));
      PeerClient peers = new PeerClient(tokens, http, Duration.ofSeconds(5));
      Events events = new Events();
      Notifier notifier = new Notifier(store, peers::notify, hub::report, clock,
          new Notifier.Policy(o.notifyAttempts(), o.notifyFirstDelay(), o.notifyMaxDelay(), Notifier.Policy.DEFAULT.jitter()),
          events, new Random(), baseUrl);
      Restrictions restrictions = new Restrictions(baseUrl, hub, store, events, notifier::kick, clock);
      TokenProvider channelTokens = o.devAuth()
          ? TokenProvider.devAuth(o.hub(), o.party(), CHANNEL_SCOPES, clock)
          : TokenProvider.signing(ownKey, o.party(), CHANNEL_SCOPES, clock);
      ChannelsClient channelsHub = new ChannelsClient(o.hub(), channelTokens, Duration.ofSeconds(10))
          .signingWith(partyKeys, clock);
      AgreedSeparation agreed = new AgreedSeparation(o.party(), channelsHub::agreementsInForce, clock);
      java.util.function.Supplier<SeparationPolicy> separation = () -> o.separation().withAgreed(agreed.current());
      Planner[] holder = new Planner[1];
      Assessor assessor = new Assessor(o.party(), hub, peers, separation, true,
          id -> holder[0].plan(id), restrictions::details);
      Planner planner = new Planner(o.party(), baseUrl, hub, assessor, store, events, notifier::kick, clock, true);
      holder[0] = planner;
      Picture picture = new Picture(store, events, clock);
      ScheduledExecutorService telemetryExec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "liaison-telemetry");
        t.setDaemon(true);
        return t;
      });
      TelemetryLedger telemetryLedger = new TelemetryLedger(store, hub::fileReport, telemetryExec, clock, baseUrl);
      TelemetryPoller poller = new TelemetryPoller(peers, store, telemetryLedger, events, clock);

      ChannelProxy channels = new ChannelProxy(o.party(), channelsHub,
          () -> Bodies.keyring(o.dataDir(), o.party(), partyKeys), new Bodies(Phrasebook.load()));

      List<Consumer<JavalinConfig>> routes = new ArrayList<>();
      PeerRoutes peer = new PeerRoutes(guard, planner::plan, restrictions::details, picture, store, events,
          telemetryLedger, clock);
      OperatorRoutes ops = new OperatorRoutes(operatorToken, o.party(), planner, restrictions, picture, store, events,
          separation, agreed::refresh, clock, requests.streams());
      routes.add(c -> peer.register(c.routes));
      routes.add(c -> ops.register(c.routes));
      routes.add(c -> channels.register(c.routes));
      routes.add(ConsoleRoutes.forNode(o.party(), null).withTiles(o.server().consoleTiles())::register);
      routes.add(c -> c.routes.exception(ServiceException.class, Node::upstream));
      if (ownKey != null) {
        String jwks = ownKey.publicJwkSet().toString();
        routes.add(c -> c.routes.get("/.well-known/jwks.json", ctx -> ctx.contentType("application/json").result(jwks)));
      }
      NodeMetrics.bind(requests.registry(), events, notifier, store);
      HubServer server = HubServer.start(o.host(), port, routes, requests);
      notifier.start();
      ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "liaison-sse-ping");
        t.setDaemon(true);
        return t;
      });
      long keepAlive = requests.streams().keepAlive().toMillis();
      pinger.scheduleAtFixedRate(events::ping, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
      // The node also witnesses the hub's ledger: it cosigns checkpoints it has proven consistent.
      TokenProvider ledgerTokens = o.devAuth()
          ? TokenProvider.devAuth(o.hub(), o.party(), WitnessLoop.SCOPES, clock)
          : TokenProvider.signing(ownKey, o.party(), WitnessLoop.SCOPES, clock);
      WitnessLoop witness = new WitnessLoop(o.party(), o.hub(), ledgerTokens, o.dataDir(), clock);
      pinger.scheduleWithFixedDelay(witness::step, 2, 10, TimeUnit.SECONDS);
      pinger.scheduleWithFixedDelay(agreed::refresh, 0, AgreedSeparation.REFRESH.toMillis(), TimeUnit.MILLISECONDS);
      telemetryExec.scheduleWithFixedDelay(poller::step, 1, 1, TimeUnit.SECONDS);
      KeyPublisher publisher = new KeyPublisher(channelsHub);
      publisher.schedule(pinger);
      log.info("node of {} at {} (hub {}, data {}, {} auth)", o.party(), baseUrl, o.hub(), o.dataDir(),
          o.devAuth() ? "dev" : "own-key");
      return new Node(o, db, server, notifier, pinger, telemetryExec, baseUrl, operatorToken, partyKeys, store, planner,
          events, picture);
    } catch (RuntimeException e) {
      requests.close();
      db.close();
      throw e;
    }
  }

  /** A hub or peer that failed us is a 502, with what it said. */
  private static void upstream(ServiceException e, Context ctx) {
    log.warn("upstream failure on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("message", e.getMessage());
    if (e.status() != 0) {
      n.put("upstream_status", e.status());
    }
    Json.send(ctx, 502, n);
  }

  private static boolean loopbackOrHttps(URI u) {
    String h = u.getHost() == null ? "" : u.getHost();
    return "https".equalsIgnoreCase(u.getScheme()) || h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]");
  }

  /** Dev mode against a hub on a plain-http non-loopback URL: trust its key set as fetched now. */
  private static JWKSet fetchJwks(URI u) throws IOException {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("GET " + u + " answered " + r.statusCode() + "; is the hub running with --dev-auth?");
      }
      return JWKSet.parse(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted fetching " + u, e);
    } catch (java.text.ParseException e) {
      throw new IOException(u + " is not a JWK set: " + e.getMessage(), e);
    }
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return s.getLocalPort();
    }
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public int port() {
    return server.port();
  }

  /** The URL peers and the hub reach this node at. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The secret the party's operators present to {@code /liaison/v1}. */
  public String operatorToken() {
    return operatorToken;
  }

  public String party() {
    return options.party();
  }

  /** The party's private keys, kept in the data directory; the node publishes their public halves. */
  public PartyKeys partyKeys() {
    return partyKeys;
  }

  @Override
  public void close() {
    pinger.shutdownNow();
    telemetryExec.shutdownNow();
    notifier.close();
    events.close();
    server.close();
    picture.close();
    db.close();
  }
}
