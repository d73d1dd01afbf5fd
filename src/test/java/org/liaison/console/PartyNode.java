package org.liaison.console;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Assumptions;

/**
 * A party node ({@code org.liaison.node.Node}) started in-process with the hub's dev auth. Reached
 * by reflection so that the console's tests compile on branches where the node has not landed;
 * there they are skipped, saying so.
 */
final class PartyNode implements AutoCloseable {
  static final String NODE = "org.liaison.node.Node";
  static final String OPTIONS = "org.liaison.node.NodeOptions";

  private final AutoCloseable node;
  final String baseUrl;
  final String operatorToken;

  private PartyNode(AutoCloseable node, String baseUrl, String operatorToken) {
    this.node = node;
    this.baseUrl = baseUrl;
    this.operatorToken = operatorToken;
  }

  static boolean present() {
    try {
      Class.forName(NODE);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  static void assumePresent() {
    Assumptions.assumeTrue(present(), "party node (org.liaison.node) not on this branch yet: skipping the node console tests");
  }

  static PartyNode start(String party, URI hub, Path dir) throws Exception {
    Class<?> options = Class.forName(OPTIONS);
    Class<?> node = Class.forName(NODE);
    Object o = options.getMethod("dev", String.class, URI.class, int.class, Path.class).invoke(null, party, hub, 0, dir);
    Object n;
    try {
      n = node.getMethod("start", options, Clock.class).invoke(null, o, Clock.systemUTC());
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
    Method base = node.getMethod("baseUrl");
    Method token = node.getMethod("operatorToken");
    return new PartyNode((AutoCloseable) n, (String) base.invoke(n), (String) token.invoke(n));
  }

  @Override
  public void close() {
    try {
      node.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("closing the node failed", e);
    }
  }
}
