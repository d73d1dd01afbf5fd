package org.liaison.console;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.liaison.node.Node;
import org.liaison.node.NodeOptions;

/** A party node started in-process on loopback with the hub's dev auth, as the console tests use it. */
final class PartyNode implements AutoCloseable {
  private final Node node;
  final String baseUrl;
  final String operatorToken;

  private PartyNode(Node node) {
    this.node = node;
    this.baseUrl = node.baseUrl();
    this.operatorToken = node.operatorToken();
  }

  static PartyNode start(String party, URI hub, Path dir) throws IOException {
    return new PartyNode(Node.start(NodeOptions.dev(party, hub, 0, dir), Clock.systemUTC()));
  }

  @Override
  public void close() {
    node.close();
  }
}
