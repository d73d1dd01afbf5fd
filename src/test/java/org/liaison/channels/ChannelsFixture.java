package org.liaison.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.http.Json;
import org.liaison.ledger.Ledger;
import org.liaison.testkit.TestClock;

/** A real hub on a real port and database, a clock the test moves, and parties that talk to it. */
abstract class ChannelsFixture {
  @TempDir Path dir;
  TestClock clock;
  Hub hub;

  /** The JDBC URL of a fresh, empty PostgreSQL database, or null for the embedded store. */
  abstract String jdbcUrl();

  private String url;

  /** The PostgreSQL database this test's hub uses, or null for the embedded store. */
  String databaseUrl() {
    return url;
  }

  @BeforeEach
  void startHub() throws IOException {
    // Not rounded: the hub keeps milliseconds, and answers must not depend on finer digits.
    clock = new TestClock(Instant.now().plusNanos(123_456));
    url = jdbcUrl();
    hub = start();
  }

  @AfterEach
  void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }

  Hub start() throws IOException {
    return Hub.start(new HubOptions("test", "127.0.0.1", 0, dir, url, "localhost", List.of(), null, true, true),
        clock);
  }

  /** Stops the hub and starts another on the same data directory and database. */
  void restart() throws IOException {
    hub.close();
    hub = null;
    hub = start();
  }

  Api as(String party) {
    return new Api(party, "http://127.0.0.1:" + hub.port(), hub.devAuthority(), clock, Api.SCOPES);
  }

  Api as(String party, List<String> scopes) {
    return new Api(party, "http://127.0.0.1:" + hub.port(), hub.devAuthority(), clock, scopes);
  }

  static ObjectNode text(String s) {
    return Api.obj().put("client_message_id", UUID.randomUUID().toString()).put("text", s);
  }

  String bilateral(Api a, String other) {
    ObjectNode body = Api.obj().put("name", a.party + "-" + other).put("kind", "bilateral");
    body.putArray("members").add(other);
    Api.Resp r = a.post("/liaison/v1/channels", body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.at("/id");
  }

  String group(Api a, String policy, String... others) {
    ObjectNode body = Api.obj().put("name", "group").put("kind", "group").put("escalation", policy);
    var ms = body.putArray("members");
    for (String o : others) {
      ms.add(o);
    }
    Api.Resp r = a.post("/liaison/v1/channels", body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.at("/id");
  }

  JsonNode post(Api a, String channel, ObjectNode body) {
    Api.Resp r = a.post("/liaison/v1/channels/" + channel + "/messages", body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json();
  }

  static String messages(String channel) {
    return "/liaison/v1/channels/" + channel + "/messages";
  }

  /** Every event {@code a} may see after {@code after}, by long poll without waiting. */
  List<JsonNode> events(Api a, long after) {
    List<JsonNode> out = new ArrayList<>();
    while (true) {
      Api.Resp r = a.get("/liaison/v1/events?after=" + after);
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      if (r.json().isEmpty()) {
        return out;
      }
      r.json().forEach(out::add);
      after = r.json().get(r.json().size() - 1).get("id").asLong();
    }
  }

  List<JsonNode> events(Api a, long after, String type) {
    return events(a, after).stream().filter(e -> e.get("type").asText().equals(type)).toList();
  }

  /** Sequenced ledger entries of {@code type}, oldest first. */
  List<JsonNode> ledger(String type) throws IOException {
    hub.ledger().sequence();
    List<JsonNode> out = new ArrayList<>();
    for (Ledger.Entry e : hub.ledger().search(null, type, null, null, 10_000)) {
      out.add(Json.MAPPER.readTree(e.entry()));
    }
    return out;
  }

  /** The delivery of {@code message} to {@code party}, as {@code viewer} sees the message. */
  static JsonNode delivery(JsonNode message, String party) {
    for (JsonNode d : message.get("deliveries")) {
      if (d.get("party").asText().equals(party)) {
        return d;
      }
    }
    throw new AssertionError("no delivery to " + party + " in " + message);
  }

  JsonNode message(Api a, String channel, String id) {
    Api.Resp r = a.get(messages(channel) + "/" + id);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }
}
