package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.node.Cluster.plan;
import static org.liaison.node.Cluster.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.AgreementInForce;
import org.liaison.client.ChannelsClient;
import org.liaison.client.NodeClient;
import org.liaison.client.ServiceException;
import org.liaison.client.TokenProvider;
import org.liaison.http.Json;
import org.liaison.keys.PartyKeys;
import org.liaison.testkit.TestClock;

/**
 * A real hub and nodes: the planner takes its default buffers from the agreements in force
 * between its party and the other, says which agreement set them, lets an operator's own entry
 * override them, and keeps planning with its own buffers, saying so, when the hub cannot be asked.
 */
class AgreedSeparationTest {
  @TempDir static Path dir;
  static Cluster cluster;
  static Node a;
  static Node b;
  static Node c;
  static String agreementId;

  @BeforeAll
  static void start() throws Exception {
    cluster = new Cluster(dir);
    a = cluster.node("A");
    b = cluster.node("B");
    // C's operator keeps 2000 m from A whatever is agreed.
    c = cluster.node(NodeOptions.dev("C", cluster.hubUrl, 0, dir.resolve("C")).withSeparation(SeparationPolicy.parse(
        Json.MAPPER.readTree("{\"parties\": {\"A\": {\"horizontal_m\": 2000}}}"))));
    Map<String, ChannelsClient> hub = Map.of("A", channels("A"), "B", channels("B"), "C", channels("C"));
    hub.forEach((p, ch) -> assertThat(ch.updateParty(p, Json.MAPPER.createObjectNode().put("language", "en")).status())
        .isEqualTo(200));
    ObjectNode channel = Json.MAPPER.createObjectNode().put("name", "A-B-C line").put("kind", "group");
    channel.putArray("members").add("B").add("C");
    ChannelsClient.Answer ch = hub.get("A").createChannel(channel);
    assertThat(ch.status()).as(ch.body().toString()).isEqualTo(201);
    ObjectNode doc = agreement(ch.body().path("id").asText(), 10_000, 300);
    // The nodes publish their parties' keys, so each party signs its agreement statements with them.
    Map<String, ChannelsClient> signing = new java.util.HashMap<>();
    for (String party : List.of("A", "B", "C")) {
      ChannelsClient k = hub.get(party).signingWith(PartyKeys.load(dir.resolve(party), party), Clock.systemUTC());
      assertThat(k.ensurePublished().ok()).isTrue();
      signing.put(party, k);
    }
    ChannelsClient.Answer p = hub.get("A").call("POST", "/agreements", signing.get("A").agreementProposal(doc));
    assertThat(p.status()).as(p.body().toString()).isEqualTo(201);
    agreementId = p.body().path("id").asText();
    String sha = ChannelsClient.agreementSha256(doc);
    for (String party : List.of("B", "C")) {
      ChannelsClient.Answer acc = hub.get(party).call("POST", "/agreements/" + agreementId + "/accept",
          signing.get(party).agreementAcceptance(agreementId, 1, sha));
      assertThat(acc.status()).as(acc.body().toString()).isEqualTo(200);
    }
    for (Node n : List.of(a, b, c)) {
      NodeClient.Answer r = Cluster.client(n).call("POST", "/liaison/v1/separation/refresh", null);
      assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    }
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static ChannelsClient channels(String party) {
    return new ChannelsClient(cluster.hubUrl, TokenProvider.devAuth(cluster.hubUrl, party, Node.CHANNEL_SCOPES,
        Clock.systemUTC()));
  }

  static ObjectNode agreement(String channel, double horizontalM, double verticalM) {
    ObjectNode a = Json.MAPPER.createObjectNode().put("title", "A-B-C memorandum");
    a.putArray("parties").add("A").add("B").add("C");
    a.put("channel", channel);
    a.putObject("minimum_notice").put("default_minutes", 0);
    a.putObject("separation").put("horizontal_m", horizontalM).put("vertical_m", verticalM);
    a.putObject("acknowledgement").put("safety-of-flight", 300).put("urgent", 900).put("routine", 3600);
    a.putArray("escalation");
    ObjectNode line = a.putObject("line");
    line.putObject("hours").put("from", "00:00").put("to", "24:00");
    line.put("heartbeat_seconds", 30).put("unreachable_after_seconds", 90);
    a.putArray("languages").add("en");
    return a;
  }

  @Test
  void the_agreed_buffers_are_the_default_and_the_conflict_names_the_agreement() {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(30));
    NodeClient ac = Cluster.client(a);
    NodeClient bc = Cluster.client(b);
    NodeClient.Answer sep = bc.call("GET", "/liaison/v1/separation", null);
    assertThat(sep.body().path("agreed").path("A").path("horizontal_m").asDouble()).isEqualTo(10_000.0);
    assertThat(sep.body().path("agreed").path("A").path("vertical_m").asDouble()).isEqualTo(300.0);
    assertThat(sep.body().path("agreed").path("A").path("time_s").asDouble()).isEqualTo(300.0);
    assertThat(sep.body().path("agreements").path("in_force").get(0).path("id").asText()).isEqualTo(agreementId);
    assertThat(sep.body().path("agreements").path("error").isNull()).isTrue();

    NodeClient.Answer ar = ac.submit(plan(0, "A's survey", volume(40.0, 20.0, 100, 100, 200, t0, t0.plus(Duration.ofMinutes(20)))));
    assertThat(ar.status()).as(ar.body().toString()).isEqualTo(201);
    // About 7.8 km from A's edge: clear of the node default (5556 m), inside the agreed 10 km.
    ObjectNode near = plan(0, "B's transit", volume(40.072, 20.0, 100, 100, 200, t0, t0.plus(Duration.ofMinutes(20))));
    NodeClient.Answer br = bc.submit(near);
    assertThat(br.status()).as(br.body().toString()).isEqualTo(409);
    JsonNode conflict = br.body().path("conflicts").get(0);
    assertThat(conflict.path("manager").asText()).isEqualTo("A");
    assertThat(conflict.path("buffers").path("horizontal_m").asDouble()).isEqualTo(10_000.0);
    assertThat(conflict.path("buffers_from").path("source").asText()).isEqualTo("agreement");
    JsonNode setter = conflict.path("buffers_from").path("agreements").get(0);
    assertThat(setter.path("id").asText()).isEqualTo(agreementId);
    assertThat(setter.path("version").asInt()).isEqualTo(1);
    assertThat(setter.path("sets").toString()).contains("horizontal_m", "vertical_m");
    assertThat(conflict.path("summary").asText()).contains("buffers set by agreement " + agreementId + " version 1");
    double distance = conflict.path("pairs").get(0).path("horizontal").path("distance_m").asDouble();
    assertThat(distance).isBetween(SeparationPolicy.DEFAULT.horizontalM(), 10_000.0);

    // C's operator set 2000 m against A: that entry overrides the agreement, and C's plan is clear.
    NodeClient.Answer cs = Cluster.client(c).call("GET", "/liaison/v1/separation", null);
    assertThat(cs.body().path("agreed").path("A").path("applies").asBoolean()).isFalse();
    NodeClient.Answer cr = Cluster.client(c).submit(plan(0, "C's transit",
        volume(39.928, 20.0, 100, 100, 200, t0, t0.plus(Duration.ofMinutes(20)))));
    assertThat(cr.status()).as(cr.body().toString()).isEqualTo(201);
  }

  @Test
  void an_unreachable_hub_leaves_the_node_its_own_buffers_and_it_says_so() throws IOException {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    Node lone = cluster.node(NodeOptions.dev("D", URI.create("http://localhost:" + dead), 0, dir.resolve("D")));
    NodeClient.Answer r = Cluster.client(lone).call("POST", "/liaison/v1/separation/refresh", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("agreements").path("fetched").isNull()).isTrue();
    assertThat(r.body().path("agreements").path("note").asText()).startsWith("the hub's agreements could not be fetched");
    assertThat(r.body().path("agreed").size()).isZero();
    assertThat(r.body().path("default").path("horizontal_m").asDouble()).isEqualTo(SeparationPolicy.DEFAULT.horizontalM());
  }

  @Test
  void a_failed_refresh_keeps_what_was_fetched_and_notes_it() throws IOException {
    TestClock clock = new TestClock(Instant.parse("2026-03-01T06:00:00Z"));
    AgreementInForce wide = new AgreementInForce("a1", 2, "wide", List.of("X", "Y", "Z"), 9000, 100,
        Duration.ofSeconds(30), Duration.ofSeconds(90));
    AgreementInForce tall = new AgreementInForce("a2", 1, "tall", List.of("X", "Y"), 4000, 400,
        Duration.ofSeconds(30), Duration.ofSeconds(90));
    AgreementInForce others = new AgreementInForce("a3", 1, "not ours", List.of("Y", "Z"), 50_000, 5000,
        Duration.ofSeconds(30), Duration.ofSeconds(90));
    boolean[] up = {true};
    AgreedSeparation agreed = new AgreedSeparation("X", () -> {
      if (!up[0]) {
        throw new ServiceException(0, "GET", URI.create("http://hub/liaison/v1/agreements/in-force"), "no answer", null);
      }
      return List.of(wide, tall, others);
    }, clock);
    agreed.refresh();
    SeparationPolicy p = SeparationPolicy.defaults().withAgreed(agreed.current());
    // Y: the widest of each dimension of a1 and a2; a3 does not bind X.
    assertThat(p.against("Y")).isEqualTo(new Buffers(9000, 400, 300));
    assertThat(p.against("Z")).isEqualTo(new Buffers(9000, 100, 300));
    assertThat(p.against("W")).isEqualTo(SeparationPolicy.DEFAULT);
    JsonNode y = p.source("Y");
    assertThat(y.path("agreements").toString()).contains("\"id\":\"a1\",\"version\":2", "\"id\":\"a2\",\"version\":1");
    assertThat(y.path("note").isMissingNode()).isTrue();
    // An operator's group entry wins over what is agreed; its default does not.
    SeparationPolicy own = SeparationPolicy.parse(Json.MAPPER.readTree(
        "{\"default\": {\"horizontal_m\": 20000}, \"groups\": [{\"name\": \"close\", \"members\": [\"Y\"], \"horizontal_m\": 1000}]}"))
        .withAgreed(agreed.current());
    assertThat(own.against("Y")).isEqualTo(new Buffers(1000, 152.4, 300));
    assertThat(own.source("Y").path("source").asText()).isEqualTo("group");
    assertThat(own.against("Z")).isEqualTo(new Buffers(9000, 100, 300));
    assertThat(own.source("Z").path("source").asText()).isEqualTo("agreement");
    assertThat(own.largest().horizontalM()).isEqualTo(20000);

    up[0] = false;
    clock.advance(Duration.ofMinutes(1));
    agreed.refresh();
    SeparationPolicy q = SeparationPolicy.defaults().withAgreed(agreed.current());
    assertThat(q.against("Y")).isEqualTo(new Buffers(9000, 400, 300));
    assertThat(q.source("Y").path("note").asText())
        .isEqualTo("agreements as fetched at 2026-03-01T06:00:00Z; the hub has not answered since 2026-03-01T06:01:00Z"
            + " (GET http://hub/liaison/v1/agreements/in-force: no answer)");
  }
}
