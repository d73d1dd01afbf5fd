package org.liaison.node;

import org.liaison.proof.LogEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.node.Cluster.plan;
import static org.liaison.node.Cluster.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.NodeClient;
import org.liaison.http.Json;
import org.liaison.ledger.Ledger;

/**
 * {@code GET /uss/v1/operational_intents/{id}/telemetry} and the operator's position reports,
 * every status, through real ports: A flies, goes Contingent and reports positions; B's node,
 * notified of the change, follows the track; both first requests and first answers are on the
 * hub's ledger. The tests run in order, as the flight does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TelemetryTest {
  @TempDir static Path dir;
  static Cluster cluster;
  static Node a;
  static Node b;
  static UUID flight;
  static UUID ended;
  static final HttpClient http = HttpClient.newHttpClient();
  static final String CMSA = "utm.conformance_monitoring_sa";
  static final String SC = "utm.strategic_coordination";
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(1));

  @BeforeAll
  static void start() throws Exception {
    cluster = new Cluster(dir);
    a = cluster.node("A");
    b = cluster.node("B");
    // B plans first, just clear of A's buffers in time, so its watch covers A's flight.
    NodeClient.Answer rb = Cluster.client(b).submit(plan(0, "B's later survey",
        volume(10.0, 20.0, 500, 0, 120, T0.plus(Duration.ofMinutes(26)), T0.plus(Duration.ofMinutes(46)))));
    assertThat(rb.status()).as(rb.body().toString()).isEqualTo(201);
    NodeClient.Answer ra = Cluster.client(a).submit(plan(0, "A's flight",
        volume(10.0, 20.0, 500, 0, 120, T0, T0.plus(Duration.ofMinutes(20)))));
    assertThat(ra.status()).as(ra.body().toString()).isEqualTo(201);
    flight = UUID.fromString(ra.body().path("plan").path("id").asText());
    assertThat(Cluster.client(a).lifecycle(flight, "activate").status()).isEqualTo(200);
    NodeClient.Answer re = Cluster.client(a).submit(plan(0, "short hop",
        volume(11.0, 21.0, 200, 0, 120, T0, T0.plus(Duration.ofMinutes(5)))));
    ended = UUID.fromString(re.body().path("plan").path("id").asText());
    assertThat(Cluster.client(a).lifecycle(ended, "cancel").status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static HttpResponse<String> send(Node n, String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(n.baseUrl() + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      rb.header("Authorization", "Bearer " + token);
    }
    rb.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> telemetry(UUID id, String token) throws Exception {
    return send(a, "GET", "/uss/v1/operational_intents/" + id + "/telemetry", token, null);
  }

  static String message(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body()).path("message").asText();
  }

  static ObjectNode position(Instant t, double lat, double lng) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.putObject("time_measured").put("value", t.toString()).put("format", "RFC3339");
    ObjectNode p = n.putObject("position");
    p.put("latitude", lat).put("longitude", lng).put("accuracy_h", "HA3m").put("accuracy_v", "VA3m");
    p.putObject("altitude").put("value", 80.5).put("reference", "W84").put("units", "M");
    n.putObject("velocity").put("speed", 12.5).put("units_speed", "MetersPerSecond").put("track", 90);
    return n;
  }

  // ---------------------------------------------------------------- the peer endpoint, before the contingency

  @Test
  @Order(1)
  void without_a_valid_token_telemetry_is_401_and_without_the_conformance_scope_403() throws Exception {
    assertThat(telemetry(flight, null).statusCode()).isEqualTo(401);
    assertThat(telemetry(flight, "not.a.jwt").statusCode()).isEqualTo(401);
    HttpResponse<String> r = telemetry(flight, cluster.token("B", SC));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(message(r)).isNotBlank();
  }

  @Test
  @Order(2)
  void a_malformed_id_is_400_and_unknown_or_withdrawn_operations_404() throws Exception {
    HttpResponse<String> r = send(a, "GET", "/uss/v1/operational_intents/not-a-uuid/telemetry", cluster.token("B", CMSA), null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(message(r)).contains("entityid").contains("not-a-uuid");
    UUID unknown = UUID.randomUUID();
    r = telemetry(unknown, cluster.token("B", CMSA));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(message(r)).contains(unknown.toString());
    assertThat(telemetry(ended, cluster.token("B", CMSA)).statusCode()).isEqualTo(404);
  }

  @Test
  @Order(3)
  void a_nominal_operation_is_409_even_with_positions_reported() throws Exception {
    NodeClient.Answer p = Cluster.client(a).telemetry(flight, position(Instant.now().minusSeconds(30), 10.0, 20.0));
    assertThat(p.status()).as(p.body().toString()).isEqualTo(200);
    assertThat(p.body().path("served_to_peers").asBoolean()).isFalse();
    HttpResponse<String> r = telemetry(flight, cluster.token("C", CMSA));
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(message(r)).contains("Activated").contains(flight.toString());
  }

  // ---------------------------------------------------------------- operator position reports

  @Test
  @Order(4)
  void position_reports_need_the_operator_token_a_known_declared_plan_and_valid_fields() throws Exception {
    String one = position(Instant.now(), 10.0, 20.0).toString();
    assertThat(send(a, "POST", "/liaison/v1/plans/" + flight + "/telemetry", null, one).statusCode()).isEqualTo(401);
    assertThat(send(a, "POST", "/liaison/v1/plans/" + flight + "/telemetry", cluster.token("A", CMSA), one).statusCode())
        .isEqualTo(401);
    HttpResponse<String> r = send(a, "POST", "/liaison/v1/plans/" + UUID.randomUUID() + "/telemetry", a.operatorToken(), one);
    assertThat(r.statusCode()).isEqualTo(404);
    r = send(a, "POST", "/liaison/v1/plans/" + ended + "/telemetry", a.operatorToken(), one);
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(message(r)).contains("Cancelled");

    record Bad(String body, String field) {}
    ObjectNode noTime = position(Instant.now(), 10, 20);
    noTime.remove("time_measured");
    ObjectNode noPosition = position(Instant.now(), 10, 20);
    noPosition.remove("position");
    ObjectNode latOut = position(Instant.now(), 91, 20);
    ObjectNode lngText = position(Instant.now(), 10, 20);
    ((ObjectNode) lngText.get("position")).put("longitude", "20E");
    ObjectNode badAccuracy = position(Instant.now(), 10, 20);
    ((ObjectNode) badAccuracy.get("position")).put("accuracy_h", "HA2m");
    ObjectNode badUnits = position(Instant.now(), 10, 20);
    ((ObjectNode) badUnits.get("velocity")).put("units_speed", "Knots");
    ObjectNode badTime = position(Instant.now(), 10, 20);
    ((ObjectNode) badTime.get("time_measured")).put("value", "noon");
    ObjectNode future = position(Instant.now().plus(Duration.ofHours(1)), 10, 20);
    ObjectNode secondBad = Json.MAPPER.createObjectNode();
    secondBad.putArray("telemetry").add(position(Instant.now(), 10, 20)).add(latOut);
    for (Bad c : List.of(new Bad(noTime.toString(), "time_measured"), new Bad(noPosition.toString(), "position"),
        new Bad(latOut.toString(), "position.latitude"), new Bad(lngText.toString(), "position.longitude"),
        new Bad(badAccuracy.toString(), "position.accuracy_h"), new Bad(badUnits.toString(), "velocity.units_speed"),
        new Bad(badTime.toString(), "time_measured.value"), new Bad(future.toString(), "time_measured"),
        new Bad(secondBad.toString(), "telemetry[1].position.latitude"), new Bad("{\"telemetry\":[]}", "telemetry"),
        new Bad("[1]", "body"), new Bad("{\"telemetry\":{}}", "telemetry"))) {
      r = send(a, "POST", "/liaison/v1/plans/" + flight + "/telemetry", a.operatorToken(), c.body());
      assertThat(r.statusCode()).as(c.body() + " → " + r.body()).isEqualTo(400);
      assertThat(message(r)).as(c.body()).contains(c.field());
    }
  }

  // ---------------------------------------------------------------- the contingency

  @Test
  @Order(5)
  void contingent_without_a_new_position_is_412_and_with_positions_200_with_the_latest_and_the_next_opportunity()
      throws Exception {
    NodeClient.Answer c = Cluster.client(a).lifecycle(flight, "contingent");
    assertThat(c.status()).as(c.body().toString()).isEqualTo(200);
    assertThat(c.body().path("plan").path("state").asText()).isEqualTo("Contingent");
    assertThat(c.body().path("plan").path("reference").path("state").asText()).isEqualTo("Contingent");

    HttpResponse<String> r = telemetry(flight, cluster.token("C", CMSA));
    assertThat(r.statusCode()).as("the position reported while nominal is served now").isEqualTo(200);

    // A contingent operation without any position yet: 412.
    NodeClient.Answer other = Cluster.client(a).submit(plan(0, "second aircraft",
        volume(12.0, 22.0, 300, 0, 120, T0, T0.plus(Duration.ofMinutes(10)))));
    UUID second = UUID.fromString(other.body().path("plan").path("id").asText());
    assertThat(Cluster.client(a).lifecycle(second, "activate").status()).isEqualTo(200);
    assertThat(Cluster.client(a).lifecycle(second, "nonconforming").status()).isEqualTo(200);
    r = telemetry(second, cluster.token("C", CMSA));
    assertThat(r.statusCode()).isEqualTo(412);
    assertThat(message(r)).contains(second.toString());

    Instant t1 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(4);
    ObjectNode batch = Json.MAPPER.createObjectNode();
    batch.putArray("telemetry").add(position(t1, 10.001, 20.001)).add(position(t1.plusSeconds(2), 10.002, 20.003));
    NodeClient.Answer p = Cluster.client(a).telemetry(flight, batch);
    assertThat(p.status()).isEqualTo(200);
    assertThat(p.body().path("new").asInt()).isEqualTo(2);
    assertThat(p.body().path("served_to_peers").asBoolean()).isTrue();
    assertThat(Cluster.client(a).telemetry(flight, batch).body().path("new").asInt()).as("the same positions again").isZero();

    Instant asked = Instant.now();
    r = telemetry(flight, cluster.token("C", CMSA));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.path("operational_intent_id").asText()).isEqualTo(flight.toString());
    assertThat(body.path("telemetry").path("time_measured").path("value").asText()).isEqualTo(t1.plusSeconds(2).toString());
    assertThat(body.path("telemetry").path("position").path("latitude").asDouble()).isEqualTo(10.002);
    assertThat(body.path("telemetry").path("velocity").path("units_speed").asText()).isEqualTo("MetersPerSecond");
    Instant next = Instant.parse(body.path("next_telemetry_opportunity").path("value").asText());
    assertThat(next).as("the feed's 2 s cadence, not before now").isAfter(asked.minusMillis(1))
        .isBeforeOrEqualTo(Instant.now().plusSeconds(2));

    // Contingent must transition to Ended: it cannot be activated again, only ended.
    assertThat(Cluster.client(a).lifecycle(flight, "activate").status()).isEqualTo(409);
    assertThat(Cluster.client(a).lifecycle(second, "contingent").status()).isEqualTo(200);
  }

  @Test
  @Order(6)
  void the_other_node_follows_the_track_and_both_sides_first_request_and_answer_are_on_the_hubs_ledger()
      throws Exception {
    // B polls at the opportunities A gives; it may have taken the first position before the batch.
    Cluster.await(Duration.ofSeconds(30), "B's node to hold A's latest position", () -> {
      List<NodeStore.Position> t = b.store.track(flight, 1);
      return !t.isEmpty() && t.get(0).doc().contains("10.002");
    });
    NodeClient.Answer tracks = Cluster.client(b).call("GET", "/liaison/v1/telemetry", null);
    JsonNode track = null;
    for (JsonNode t : tracks.body().path("tracks")) {
      if (t.path("id").asText().equals(flight.toString())) {
        track = t;
      }
    }
    assertThat(track).as(tracks.body().toString()).isNotNull();
    assertThat(track.path("manager").asText()).isEqualTo("A");
    assertThat(track.path("own").asBoolean()).isFalse();
    assertThat(track.path("state").asText()).isEqualTo("Contingent");
    assertThat(track.path("positions").get(track.path("positions").size() - 1).path("lat").asDouble()).isEqualTo(10.002);

    // A (server) kept who asked first and when, and filed each at the hub.
    Cluster.await(Duration.ofSeconds(30), "A's and B's marks filed at the hub", () ->
        a.store.marks(flight).stream().filter(m -> m.peer().equals("B")).count() == 2
            && a.store.marks(flight).stream().allMatch(m -> m.hubReport() != null && m.hubReport().contains("report_id"))
            && b.store.marks(flight).size() == 2
            && b.store.marks(flight).stream().allMatch(m -> m.hubReport() != null && m.hubReport().contains("report_id")));
    assertThat(a.store.marks(flight)).extracting(NodeStore.Mark::peer).contains("C", "B");
    NodeStore.Mark cFirst = a.store.marks(flight).stream()
        .filter(m -> m.peer().equals("C") && m.mark().equals("requested")).findFirst().orElseThrow();
    assertThat(cFirst.status()).as("C first asked while the operation was nominal").isEqualTo(409);
    assertThat(cFirst.hubReport()).contains("receipt");
    assertThat(b.store.marks(flight)).extracting(NodeStore.Mark::mark).containsExactlyInAnyOrder("requested", "served");

    cluster.hub.ledger().sequence();
    List<LogEntry> entries = cluster.hub.ledger().entries(0, cluster.hub.ledger().size());
    long fromA = entries.stream().map(e -> new String(e.entry(), StandardCharsets.UTF_8))
        .filter(s -> s.contains("\"type\":\"report.filed\"") && s.contains("\"party\":\"A\"")).count();
    long fromB = entries.stream().map(e -> new String(e.entry(), StandardCharsets.UTF_8))
        .filter(s -> s.contains("\"type\":\"report.filed\"") && s.contains("\"party\":\"B\"")).count();
    // A: C requested, C served, B requested, B served, and the marks of the second plan's 412.
    assertThat(fromA).isGreaterThanOrEqualTo(4);
    assertThat(fromB).isEqualTo(2);

    HttpResponse<String> own = send(a, "GET", "/liaison/v1/plans/" + flight + "/telemetry", a.operatorToken(), null);
    JsonNode o = Json.MAPPER.readTree(own.body());
    assertThat(o.path("positions")).hasSize(3);
    assertThat(o.path("requests").findValuesAsText("peer")).contains("B", "C");
  }

  @Test
  @Order(7)
  void an_ended_operation_is_404_to_peers() throws Exception {
    assertThat(Cluster.client(a).lifecycle(flight, "end").status()).isEqualTo(200);
    assertThat(telemetry(flight, cluster.token("B", CMSA)).statusCode()).isEqualTo(404);
  }
}
