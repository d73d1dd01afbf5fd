package org.liaison.node;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.liaison.http.ServerOptions;

/**
 * Everything a node is configured with; the CLI fills it from flags.
 *
 * @param baseUrl the URL peers and the hub reach this node at; null for {@code http://host:port}
 *     ({@code localhost} when listening on every address)
 * @param audience the {@code aud} that peers' tokens must carry
 * @param devAuth take tokens from the hub's dev-auth route and trust its key set; else sign with
 *     {@code keyFile} (created in the data directory when null) and trust {@code publicKeys} and
 *     {@code jwks}
 * @param notifyAttempts attempts per notification before it is given up
 * @param notifyFirstDelay the wait after the first failed attempt; it doubles up to {@code
 *     notifyMaxDelay}
 * @param server metrics, rate limits and the request timeout of the node's HTTP server
 */
public record NodeOptions(
    String party,
    URI hub,
    String host,
    int port,
    Path dataDir,
    String baseUrl,
    String audience,
    boolean devAuth,
    Path keyFile,
    List<Path> publicKeys,
    URI jwks,
    SeparationPolicy separation,
    int notifyAttempts,
    Duration notifyFirstDelay,
    Duration notifyMaxDelay,
    ServerOptions server) {

  public NodeOptions {
    if (party == null || party.isBlank()) {
      throw new IllegalArgumentException("--party is required: the name of the party this node speaks for");
    }
    publicKeys = List.copyOf(publicKeys);
    if (separation == null) {
      separation = SeparationPolicy.defaults();
    }
    if (server == null) {
      server = ServerOptions.DEFAULTS;
    }
  }

  /** The options with the default {@link ServerOptions}. */
  public NodeOptions(String party, URI hub, String host, int port, Path dataDir, String baseUrl, String audience,
      boolean devAuth, Path keyFile, List<Path> publicKeys, URI jwks, SeparationPolicy separation, int notifyAttempts,
      Duration notifyFirstDelay, Duration notifyMaxDelay) {
    this(party, hub, host, port, dataDir, baseUrl, audience, devAuth, keyFile, publicKeys, jwks, separation,
        notifyAttempts, notifyFirstDelay, notifyMaxDelay, ServerOptions.DEFAULTS);
  }

  /** A node on loopback using the hub's dev auth, with the default buffers and retry policy. */
  public static NodeOptions dev(String party, URI hub, int port, Path dataDir) {
    return new NodeOptions(party, hub, "127.0.0.1", port, dataDir, null, "localhost", true, null, List.of(), null,
        SeparationPolicy.defaults(), Notifier.Policy.DEFAULT.maxAttempts(), Notifier.Policy.DEFAULT.firstDelay(),
        Notifier.Policy.DEFAULT.maxDelay());
  }

  public NodeOptions withSeparation(SeparationPolicy s) {
    return new NodeOptions(party, hub, host, port, dataDir, baseUrl, audience, devAuth, keyFile, publicKeys, jwks, s,
        notifyAttempts, notifyFirstDelay, notifyMaxDelay, server);
  }

  public NodeOptions withPort(int p) {
    return new NodeOptions(party, hub, host, p, dataDir, baseUrl, audience, devAuth, keyFile, publicKeys, jwks, separation,
        notifyAttempts, notifyFirstDelay, notifyMaxDelay, server);
  }

  public NodeOptions withNotifier(int attempts, Duration firstDelay, Duration maxDelay) {
    return new NodeOptions(party, hub, host, port, dataDir, baseUrl, audience, devAuth, keyFile, publicKeys, jwks, separation,
        attempts, firstDelay, maxDelay, server);
  }

  public NodeOptions withServer(ServerOptions s) {
    return new NodeOptions(party, hub, host, port, dataDir, baseUrl, audience, devAuth, keyFile, publicKeys, jwks, separation,
        notifyAttempts, notifyFirstDelay, notifyMaxDelay, s);
  }
}
