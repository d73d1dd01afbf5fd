package org.liaison.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.liaison.node.Node;
import org.liaison.node.NodeOptions;
import org.liaison.node.SeparationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Run a party's node: keeps its operations' details, plans against the others, serves the ASTM peer API.",
    footer = ServerFlags.FOOTER)
final class NodeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);

  @Option(names = "--party", required = true, description = "The party this node speaks for (its tokens' sub).")
  String party;

  @Mixin
  HubOption at;

  @Option(names = "--port", defaultValue = "8090", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--data", defaultValue = "liaison-node", description = "Data directory: database, keys, operator token (default: ./${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--base-url", description = "URL the hub and peers reach this node at (default: http://HOST:PORT).")
  String baseUrl;

  @Option(names = "--audience", defaultValue = "localhost", description = "Required aud of peers' tokens (default: ${DEFAULT-VALUE}).")
  String audience;

  @Option(names = "--dev-auth", description = "DEVELOPMENT ONLY: take tokens from the hub's /token and trust its dev key set.")
  boolean devAuth;

  @Option(names = "--key", description = "PKCS#8 RSA private key (PEM) to sign this node's tokens (default: node-key.pem in the data directory, created on first start).")
  Path key;

  @Option(names = "--public-key", description = "PEM public key or certificate of a peer or token issuer to trust (repeatable).")
  List<Path> publicKeys = new ArrayList<>();

  @Option(names = "--jwks", description = "JWKS URL of the token issuer to trust.")
  URI jwks;

  @Option(names = "--separation", description = "JSON file of separation buffers: default, groups and parties (default: 5556 m, 152.4 m, 300 s).")
  Path separation;

  @Mixin
  ServerFlags server = new ServerFlags();

  @Override
  public Integer call() throws Exception {
    Logging.configure(server.logFormat, server.accessLog);
    NodeOptions o;
    try {
      SeparationPolicy policy = separation == null ? SeparationPolicy.defaults() : SeparationPolicy.load(separation);
      NodeOptions d = NodeOptions.dev(party, at.hub, port, data);
      o = new NodeOptions(party, at.hub, host, port, data, baseUrl, audience, devAuth, key, publicKeys, jwks, policy,
          d.notifyAttempts(), d.notifyFirstDelay(), d.notifyMaxDelay(), server.toOptions());
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("liaison node: " + e.getMessage());
      return 2;
    }
    Node node;
    try {
      node = Node.start(o, Clock.systemUTC());
    } catch (IllegalArgumentException | org.liaison.store.StoreException | java.io.IOException e) {
      System.err.println("liaison node: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping node");
      node.close();
      stopped.countDown();
    }, "liaison-shutdown"));
    log.info("node of {} ready at {}/ ; operators use the token in {}", party, node.baseUrl(),
        data.resolve("operator-token"));
    if (!devAuth) {
      log.info("this node signs its tokens with its own key; give {} to the hub and peers as --public-key",
          data.resolve("node-key.pub.pem"));
    }
    stopped.await();
    return 0;
  }
}
