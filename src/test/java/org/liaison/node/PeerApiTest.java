package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.node.Cluster.plan;
import static org.liaison.node.Cluster.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.NodeClient;
import org.liaison.http.Json;

/** The bad-input and security list of issue #6, through a real port. */
class PeerApiTest {
  @TempDir static Path dir;
  static Cluster cluster;
  static Node a;
  static UUID planId;
  static String ovn;
  static final HttpClient http = HttpClient.newHttpClient();
  static final String SC = "utm.strategic_coordination";
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(30));

  @BeforeAll
  static void start() throws Exception {
    cluster = new Cluster(dir);
    a = cluster.node("A");
    NodeClient.Answer r = Cluster.client(a).submit(plan(3, "PURPOSE-never-leaves-the-node",
        volume(10.0, 20.0, 500, 0, 120, T0, T0.plus(Duration.ofMinutes(20)))));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    planId = UUID.fromString(r.body().path("plan").path("id").asText());
    ovn = r.body().path("plan").path("reference").path("ovn").asText();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(a.baseUrl() + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String message(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body()).path("message").asText();
  }

  // ---------------------------------------------------------------- details

  @Test
  void details_are_served_to_a_peer_with_the_scope_without_the_purpose() throws Exception {
    HttpResponse<String> r = send("GET", "/uss/v1/operational_intents/" + planId, cluster.token("B", SC), null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode oi = Json.MAPPER.readTree(r.body()).path("operational_intent");
    assertThat(oi.path("reference").path("ovn").asText()).isEqualTo(ovn);
    assertThat(oi.path("details").path("priority").asInt()).isEqualTo(3);
    assertThat(oi.path("details").path("volumes")).hasSize(1);
    assertThat(oi.path("details").path("off_nominal_volumes")).isEmpty();
    assertThat(r.body()).doesNotContain("PURPOSE").doesNotContain("purpose");
  }

  @Test
  void details_without_a_token_are_401() throws Exception {
    assertThat(send("GET", "/uss/v1/operational_intents/" + planId, null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void details_without_the_strategic_coordination_scope_are_403() throws Exception {
    HttpResponse<String> r = send("GET", "/uss/v1/operational_intents/" + planId, cluster.token("B", "utm.constraint_processing"), null);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(message(r)).contains("utm.strategic_coordination");
  }

  @Test
  void details_of_an_unknown_id_are_404() throws Exception {
    HttpResponse<String> r = send("GET", "/uss/v1/operational_intents/" + UUID.randomUUID(), cluster.token("B", SC), null);
    assertThat(r.statusCode()).isEqualTo(404);
  }

  @Test
  void details_of_a_malformed_id_are_400() throws Exception {
    HttpResponse<String> r = send("GET", "/uss/v1/operational_intents/not-a-uuid", cluster.token("B", SC), null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(message(r)).contains("entityid");
  }

  @Test
  void a_token_for_another_audience_is_401() throws Exception {
    String t = cluster.hub.devAuthority().mint("B", java.util.List.of(SC), "elsewhere.example", "test", Duration.ofMinutes(5));
    assertThat(send("GET", "/uss/v1/operational_intents/" + planId, t, null).statusCode()).isEqualTo(401);
  }

  // ---------------------------------------------------------------- notifications

  static ObjectNode notification(UUID id, String manager, long version, String ovnText) {
    ObjectNode ref = Json.MAPPER.createObjectNode();
    ref.put("id", id.toString()).put("manager", manager).put("uss_availability", "Normal").put("version", version)
        .put("state", "Accepted").put("ovn", ovnText).put("uss_base_url", "http://peer.example");
    ref.putObject("time_start").put("value", T0.toString()).put("format", "RFC3339");
    ref.putObject("time_end").put("value", T0.plusSeconds(600).toString()).put("format", "RFC3339");
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("operational_intent_id", id.toString());
    ObjectNode oi = n.putObject("operational_intent");
    oi.set("reference", ref);
    ObjectNode d = oi.putObject("details");
    d.putArray("volumes").add(volume(10.1, 20.1, 300, 0, 100, T0, T0.plusSeconds(600)));
    d.putArray("off_nominal_volumes");
    d.put("priority", 0);
    n.putArray("subscriptions").addObject().put("subscription_id", UUID.randomUUID().toString()).put("notification_index", 1);
    return n;
  }

  @Test
  void a_notification_from_the_manager_is_204_and_enters_the_picture() throws Exception {
    UUID id = UUID.randomUUID();
    HttpResponse<String> r = send("POST", "/uss/v1/operational_intents", cluster.token("B", SC), notification(id, "B", 1, "o1").toString());
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(Cluster.client(a).picture().body().path("others").toString()).contains(id.toString());
  }

  @Test
  void a_notification_from_a_party_that_is_not_the_manager_is_403() throws Exception {
    HttpResponse<String> r = send("POST", "/uss/v1/operational_intents", cluster.token("C", SC),
        notification(UUID.randomUUID(), "B", 1, "o1").toString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(message(r)).contains("\"C\" is not the manager");
  }

  @Test
  void a_party_cannot_take_over_an_operation_another_party_notified() throws Exception {
    UUID id = UUID.randomUUID();
    assertThat(send("POST", "/uss/v1/operational_intents", cluster.token("B", SC), notification(id, "B", 1, "o1").toString())
        .statusCode()).isEqualTo(204);
    HttpResponse<String> r = send("POST", "/uss/v1/operational_intents", cluster.token("C", SC), notification(id, "C", 2, "o2").toString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(message(r)).contains("according to this node's records");
    ObjectNode deletion = notification(id, "C", 2, "o2");
    deletion.remove("operational_intent");
    assertThat(send("POST", "/uss/v1/operational_intents", cluster.token("C", SC), deletion.toString()).statusCode()).isEqualTo(403);
  }

  @Test
  void an_older_version_is_409_and_the_same_one_again_is_204() throws Exception {
    UUID id = UUID.randomUUID();
    String t = cluster.token("B", SC);
    assertThat(send("POST", "/uss/v1/operational_intents", t, notification(id, "B", 5, "o5").toString()).statusCode()).isEqualTo(204);
    assertThat(send("POST", "/uss/v1/operational_intents", t, notification(id, "B", 5, "o5").toString()).statusCode()).isEqualTo(204);
    assertThat(send("POST", "/uss/v1/operational_intents", t, notification(id, "B", 4, "o4").toString()).statusCode()).isEqualTo(409);
    assertThat(send("POST", "/uss/v1/operational_intents", t, notification(id, "B", 5, "other").toString()).statusCode()).isEqualTo(409);
  }

  @Test
  void malformed_notifications_are_400_naming_the_field() throws Exception {
    String t = cluster.token("B", SC);
    assertThat(send("POST", "/uss/v1/operational_intents", t, "{not json").statusCode()).isEqualTo(400);
    assertThat(send("POST", "/uss/v1/operational_intents", t, "").statusCode()).isEqualTo(400);

    ObjectNode noSubs = notification(UUID.randomUUID(), "B", 1, "o");
    noSubs.remove("subscriptions");
    HttpResponse<String> r = send("POST", "/uss/v1/operational_intents", t, noSubs.toString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(message(r)).isEqualTo("subscriptions is missing");

    ObjectNode badVolume = notification(UUID.randomUUID(), "B", 1, "o");
    ((ObjectNode) badVolume.at("/operational_intent/details/volumes/0/volume/outline_circle/center")).put("lat", 91);
    r = send("POST", "/uss/v1/operational_intents", t, badVolume.toString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(message(r)).contains("operational_intent.details.volumes[0].volume.outline_circle.center.lat");

    ObjectNode otherId = notification(UUID.randomUUID(), "B", 1, "o");
    otherId.put("operational_intent_id", UUID.randomUUID().toString());
    assertThat(send("POST", "/uss/v1/operational_intents", t, otherId.toString()).statusCode()).isEqualTo(400);

    ObjectNode hiddenOvn = notification(UUID.randomUUID(), "B", 1, "Available from USS");
    r = send("POST", "/uss/v1/operational_intents", t, hiddenOvn.toString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(message(r)).contains("ovn must be populated");
  }

  @Test
  void a_report_is_archived_with_an_id() throws Exception {
    String body = "{\"exchange\":{\"url\":\"http://x/uss/v1/operational_intents/1\",\"method\":\"GET\",\"recorder_role\":\"Client\","
        + "\"request_time\":{\"value\":\"2030-01-01T00:00:00Z\",\"format\":\"RFC3339\"},\"request_source\":\"B\","
        + "\"problem\":\"timed out\"}}";
    HttpResponse<String> r = send("POST", "/uss/v1/reports", cluster.token("B", SC), body);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(Json.MAPPER.readTree(r.body()).path("report_id").asText()).isNotEmpty();
    assertThat(send("POST", "/uss/v1/reports", cluster.token("B", SC), "{\"exchange\":{}}").statusCode()).isEqualTo(400);
  }

  // ---------------------------------------------------------------- the operator API

  @Test
  void the_operator_api_needs_the_operator_token() throws Exception {
    assertThat(send("GET", "/liaison/v1/plans", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/liaison/v1/plans", cluster.token("A", SC), null).statusCode())
        .as("a party's JWT is not the operator token").isEqualTo(401);
    assertThat(send("POST", "/liaison/v1/plans", "wrong", "{}").statusCode()).isEqualTo(401);
    HttpResponse<String> r = send("GET", "/liaison/v1/plans", a.operatorToken(), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("PURPOSE-never-leaves-the-node");
  }

  @Test
  void bad_plans_are_400_naming_the_field() throws Exception {
    String t = a.operatorToken();
    assertThat(message(send("POST", "/liaison/v1/plans", t, "{\"volumes\":[]}"))).isEqualTo("volumes must hold at least one volume");
    ObjectNode past = plan(0, "x", volume(10, 20, 100, 0, 10, Instant.now().minusSeconds(600), Instant.now().minusSeconds(60)));
    assertThat(message(send("POST", "/liaison/v1/plans", t, past.toString()))).contains("volumes[0].time_end").contains("not in the future");
    ObjectNode extra = plan(0, "x", volume(10, 20, 100, 0, 10, T0, T0.plusSeconds(60)));
    extra.put("colour", "red");
    assertThat(message(send("POST", "/liaison/v1/plans", t, extra.toString()))).contains("colour is not a plan field");
    ObjectNode limits = plan(0, "x", volume(10, 20, 100, 0, 10, T0, T0.plusSeconds(60)));
    limits.putObject("suggest").put("max_delay_s", -1);
    assertThat(message(send("POST", "/liaison/v1/plans", t, limits.toString()))).contains("suggest.max_delay_s");
  }

  @Test
  void the_event_stream_carries_received_notifications() throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(a.baseUrl() + "/liaison/v1/events?access_token=" + a.operatorToken()))
        .header("Accept", "text/event-stream").GET().build();
    java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
    var stream = http.sendAsync(req, HttpResponse.BodyHandlers.ofLines()).thenAccept(resp -> {
      assertThat(resp.statusCode()).isEqualTo(200);
      resp.body().forEach(lines::add);
    });
    Cluster.await(Duration.ofSeconds(5), "the stream to connect", () -> a.events.clients() > 0);
    UUID id = UUID.randomUUID();
    assertThat(send("POST", "/uss/v1/operational_intents", cluster.token("B", SC), notification(id, "B", 1, "o1").toString())
        .statusCode()).isEqualTo(204);
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!seen.toString().contains(id.toString()) && System.nanoTime() < deadline) {
      String line = lines.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.append(line).append('\n');
      }
    }
    assertThat(seen.toString()).contains("event: operational_intent").contains(id.toString());
    stream.cancel(true);
  }
}
