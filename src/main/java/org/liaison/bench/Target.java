package org.liaison.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.liaison.http.Json;
import org.liaison.http.ServerOptions;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;

/**
 * The hub under test: one already running at a URL, or one started in this process on a fresh
 * data directory (embedded SQLite with durable commits, dev auth). Tokens come from the hub's dev
 * {@code /token} route either way, so every request carries a real signed JWT.
 */
final class Target implements AutoCloseable {
  static final String SCOPE_SC = "utm.strategic_coordination";

  final URI base;
  /** Every instance the clients are spread over; tokens come from the first. */
  final List<URI> bases;
  final Transport.Factory transports;
  /** The client implementation, for connections to other servers (a node) too. */
  final Transport.Kind kind;
  final String audience;
  /** The in-process hub, or null when the hub runs elsewhere. */
  final Hub hub;
  private final Path ownedDataDir;

  private Target(List<URI> bases, Transport.Kind kind, String audience, Hub hub, Path ownedDataDir) {
    this.base = bases.get(0);
    this.bases = List.copyOf(bases);
    List<Transport.Factory> each = bases.stream().map(kind::factory).toList();
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    // Each benchmark client opens one transport: clients go to the instances in turn.
    this.transports = () -> each.get(Math.floorMod(next.getAndIncrement(), each.size())).open();
    this.kind = kind;
    this.audience = audience;
    this.hub = hub;
    this.ownedDataDir = ownedDataDir;
  }

  static Target remote(List<URI> bases, Transport.Kind kind, String audience) {
    return new Target(bases, kind, audience, null, null);
  }

  /**
   * Starts a hub in this process. With {@code dataDir} null it uses a temporary directory and
   * deletes it on close.
   */
  static Target embedded(Transport.Kind kind, Path dataDir) throws IOException {
    return embedded(kind, dataDir, ServerOptions.DEFAULTS);
  }

  /** As {@link #embedded(Transport.Kind, Path)}, with the hub's server options {@code server}. */
  static Target embedded(Transport.Kind kind, Path dataDir, ServerOptions server) throws IOException {
    Path dir = dataDir == null ? Files.createTempDirectory("liaison-bench-") : dataDir;
    Hub hub = Hub.start(new HubOptions("bench", "127.0.0.1", 0, dir, null, "localhost", List.of(), null, true, true,
        server), Clock.systemUTC());
    return new Target(List.of(URI.create("http://127.0.0.1:" + hub.port())), kind, "localhost", hub,
        dataDir == null ? dir : null);
  }

  /** A bearer token for {@code party} with {@code scope}, from the hub's dev-auth route. */
  String token(String party, String scope) {
    String q = "/token?grant_type=client_credentials&scope=" + enc(scope) + "&intended_audience=" + enc(audience)
        + "&issuer=liaison-bench&sub=" + enc(party);
    try (Transport t = transports.open()) {
      Transport.Response r = t.exchange("GET", q, null, null);
      if (r.status() != 200) {
        throw new IllegalStateException("GET /token for " + party + " at " + base + " answered " + r.status() + ": "
            + r.text() + " (is the hub running with --dev-auth?)");
      }
      JsonNode n = Json.MAPPER.readTree(r.body());
      return n.get("access_token").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("token response from " + base + " is not JSON", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (hub != null) {
      hub.close();
    }
    if (ownedDataDir != null) {
      try (Stream<Path> s = Files.walk(ownedDataDir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("liaison bench: could not delete " + ownedDataDir + ": " + e.getMessage());
      }
    }
  }
}
