package org.liaison.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.liaison.client.NodeClient;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;

/** One embedded hub with dev auth and any number of nodes, all in-process on loopback. */
final class Cluster implements AutoCloseable {
  final Path dir;
  final Hub hub;
  final URI hubUrl;
  final List<Node> nodes = new ArrayList<>();

  Cluster(Path dir) throws IOException {
    this.dir = dir;
    this.hub = Hub.start(new HubOptions("hub", "127.0.0.1", 0, dir.resolve("hub"), null, "localhost", List.of(), null,
        true, true), Clock.systemUTC());
    this.hubUrl = URI.create("http://localhost:" + hub.port());
  }

  Node node(String party) throws IOException {
    return node(NodeOptions.dev(party, hubUrl, 0, dir.resolve(party)));
  }

  Node node(NodeOptions o) throws IOException {
    Node n = Node.start(o, Clock.systemUTC());
    nodes.add(n);
    return n;
  }

  static NodeClient client(Node n) {
    return new NodeClient(URI.create(n.baseUrl()), n.operatorToken());
  }

  /** A token minted by the hub's dev authority. */
  String token(String party, String... scopes) {
    return hub.devAuthority().mint(party, List.of(scopes), "localhost", "test", Duration.ofMinutes(30));
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      n.close();
    }
    hub.close();
  }

  // ---------------------------------------------------------------- plan bodies

  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** An ASTM Volume4D: a circle, an altitude band in metres, a time window. */
  static ObjectNode volume(double lat, double lng, double radiusM, double lower, double upper, Instant start, Instant end) {
    ObjectNode v = JSON.objectNode();
    ObjectNode vol = v.putObject("volume");
    ObjectNode c = vol.putObject("outline_circle");
    c.putObject("center").put("lat", lat).put("lng", lng);
    c.putObject("radius").put("value", radiusM).put("units", "M");
    vol.putObject("altitude_lower").put("value", lower).put("reference", "W84").put("units", "M");
    vol.putObject("altitude_upper").put("value", upper).put("reference", "W84").put("units", "M");
    v.putObject("time_start").put("value", start.toString()).put("format", "RFC3339");
    v.putObject("time_end").put("value", end.toString()).put("format", "RFC3339");
    return v;
  }

  static ObjectNode plan(long priority, String purpose, ObjectNode... volumes) {
    ObjectNode p = JSON.objectNode();
    ArrayNode arr = p.putArray("volumes");
    for (ObjectNode v : volumes) {
      arr.add(v);
    }
    p.put("priority", priority);
    p.put("purpose", purpose);
    return p;
  }

  /** Waits for a condition that another thread makes true, failing after {@code timeout}. */
  static void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  static double percentile(List<Long> values, double p) {
    List<Long> s = new ArrayList<>(values);
    s.sort(null);
    int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, i)));
  }

  static String text(JsonNode n, String path) {
    JsonNode cur = n;
    for (String part : path.split("\\.")) {
      cur = part.matches("\\d+") ? cur.path(Integer.parseInt(part)) : cur.path(part);
    }
    return cur.asText();
  }
}
