package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.node.Cluster.plan;
import static org.liaison.node.Cluster.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.NodeClient;

/**
 * Priorities, the hub's key rule under a race, the life cycle and restrictions. Each test plans in
 * its own patch of sky, so they do not see each other.
 */
class PlanningRulesTest {
  @TempDir static Path dir;
  static Cluster cluster;
  static Node a;
  static Node b;
  static NodeClient ac;
  static NodeClient bc;
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(20));

  @BeforeAll
  static void start() throws Exception {
    cluster = new Cluster(dir);
    a = cluster.node("A");
    b = cluster.node("B");
    ac = Cluster.client(a);
    bc = Cluster.client(b);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static ObjectNode at(double lat, long priority, int minutes) {
    return plan(priority, "p", volume(lat, 5.0, 500, 0, 100, T0, T0.plus(Duration.ofMinutes(minutes))));
  }

  static UUID id(NodeClient.Answer r) {
    return UUID.fromString(r.body().path("plan").path("id").asText());
  }

  @Test
  void a_plan_may_conflict_with_lower_priority_but_not_with_higher() {
    NodeClient.Answer low = ac.submit(at(1.0, 10, 30));
    assertThat(low.status()).isEqualTo(201);
    NodeClient.Answer lower = bc.submit(at(1.0, 5, 30));
    assertThat(lower.status()).isEqualTo(409);
    assertThat(lower.body().path("conflicts").get(0).path("reason").asText()).contains("priority 10 is higher than the plan's 5");
    NodeClient.Answer higher = bc.submit(at(1.0, 20, 30));
    assertThat(higher.status()).as(higher.body().toString()).isEqualTo(201);
    JsonNode c = higher.body().path("conflicts").get(0);
    assertThat(c.path("blocking").asBoolean()).isFalse();
    assertThat(c.path("reason").asText()).contains("lower than the plan's 20");
    // A, now in conflict with a higher priority, cannot modify itself further into it.
    NodeClient.Answer mod = ac.modify(id(low), at(1.0, 10, 35));
    assertThat(mod.status()).isEqualTo(409);
  }

  @Test
  void a_reference_created_after_the_query_is_caught_by_the_key_and_checked() {
    AtomicReference<NodeClient.Answer> racer = new AtomicReference<>();
    b.planner.beforeDeclare = () -> racer.set(ac.submit(at(2.0, 0, 30)));
    try {
      NodeClient.Answer r = bc.submit(at(2.0, 0, 30));
      assertThat(racer.get().status()).isEqualTo(201);
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.body().path("message").asText()).contains("the hub named references the first query missed");
      assertThat(r.body().path("conflicts").get(0).path("id").asText()).isEqualTo(id(racer.get()).toString());
    } finally {
      b.planner.beforeDeclare = () -> {};
    }
    // The same race against a lower priority: B fetches the details, finds it may conflict, retries with the OVN.
    b.planner.beforeDeclare = () -> racer.set(ac.submit(at(2.5, 0, 30)));
    try {
      NodeClient.Answer r = bc.submit(at(2.5, 9, 30));
      assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
      assertThat(r.body().path("conflicts").get(0).path("blocking").asBoolean()).isFalse();
    } finally {
      b.planner.beforeDeclare = () -> {};
    }
  }

  @Test
  void activate_then_end_deletes_the_reference_and_peers_get_404() throws Exception {
    NodeClient.Answer r = ac.submit(at(3.0, 0, 30));
    UUID id = id(r);
    assertThat(ac.lifecycle(id, "end").status()).as("only an Activated plan ends").isEqualTo(409);
    NodeClient.Answer act = ac.lifecycle(id, "activate");
    assertThat(act.status()).as(act.body().toString()).isEqualTo(200);
    assertThat(act.body().path("plan").path("reference").path("state").asText()).isEqualTo("Activated");
    assertThat(act.body().path("receipt").isObject()).isTrue();
    NodeClient.Answer end = ac.lifecycle(id, "end");
    assertThat(end.status()).isEqualTo(200);
    assertThat(end.body().path("plan").path("state").asText()).isEqualTo("Ended");
    assertThat(end.body().path("receipt").isObject()).isTrue();
    assertThat(a.planner.plan(id).history()).extracting(Plan.Step::action)
        .containsExactly("watch.create", "notice.create", "notice.update", "notice.delete", "watch.delete");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.hub.airspace().getOi(id)).hasMessageContaining("not found");
    var peer = new org.liaison.client.PeerClient(org.liaison.client.TokenProvider.fixed(cluster.token("B", "utm.strategic_coordination")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> peer.operationalIntent(a.baseUrl(), id).join())
        .hasMessageContaining("404");
  }

  @Test
  void cancel_applies_to_an_accepted_plan_and_the_slot_is_free_again() {
    NodeClient.Answer r = ac.submit(at(4.0, 0, 30));
    assertThat(bc.submit(at(4.0, 0, 30)).status()).isEqualTo(409);
    NodeClient.Answer cancel = ac.lifecycle(id(r), "cancel");
    assertThat(cancel.status()).isEqualTo(200);
    assertThat(cancel.body().path("plan").path("state").asText()).isEqualTo("Cancelled");
    assertThat(bc.submit(at(4.0, 0, 30)).status()).isEqualTo(201);
  }

  @Test
  void take_declares_the_suggested_slot_in_one_request() {
    ac.submit(at(5.0, 0, 30));
    ObjectNode p = at(5.0, 0, 30);
    p.put("take", "altitude");
    NodeClient.Answer r = bc.submit(p);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    assertThat(r.body().path("took").path("kind").asText()).isEqualTo("altitude");
    // A flies 0-100 m; with the 152.4 m buffer B's floor goes to 253 m (whole metres).
    assertThat(r.body().path("took").path("shift_m").asDouble()).isEqualTo(253.0);
    assertThat(r.body().path("took").path("conflicts_before")).hasSize(1);
  }

  @Test
  void a_refused_plan_reports_when_no_slot_is_within_the_limits() {
    ac.submit(plan(0, "p", volume(6.0, 5.0, 500, 0, 100, T0, T0.plus(Duration.ofHours(3)))));
    ObjectNode p = at(6.0, 0, 30);
    p.putObject("suggest").put("max_delay_s", 600).put("max_climb_m", 10).put("max_descent_m", 10);
    NodeClient.Answer r = bc.submit(p);
    assertThat(r.status()).isEqualTo(409);
    JsonNode s = r.body().path("suggestions");
    assertThat(s.has("time")).isFalse();
    assertThat(s.has("altitude")).isFalse();
    assertThat(s.path("notes").toString()).contains("max_delay_s").contains("max_climb_m");
  }

  @Test
  void a_restriction_blocks_every_priority_and_is_served_to_peers() {
    ObjectNode body = Cluster.JSON.objectNode();
    body.putArray("volumes").add(volume(7.0, 5.0, 2000, 0, 3000, T0, T0.plus(Duration.ofHours(2))));
    body.put("type", "com.example.no_fly_zone");
    NodeClient.Answer r = ac.call("POST", "/liaison/v1/restrictions", body);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    assertThat(r.body().path("receipt").isObject()).isTrue();
    NodeClient.Answer p = bc.submit(at(7.0, 1000, 30));
    assertThat(p.status()).isEqualTo(409);
    JsonNode c = p.body().path("conflicts").get(0);
    assertThat(c.path("kind").asText()).isEqualTo("constraint");
    assertThat(c.path("reason").asText()).isEqualTo("it is a restriction");
    UUID rid = UUID.fromString(r.body().path("restriction").path("id").asText());
    assertThat(ac.call("DELETE", "/liaison/v1/restrictions/" + rid, null).status()).isEqualTo(200);
    assertThat(bc.submit(at(7.0, 1000, 30)).status()).isEqualTo(201);
  }

  @Test
  void own_operations_are_deconflicted_too() {
    assertThat(ac.submit(at(8.0, 0, 30)).status()).isEqualTo(201);
    NodeClient.Answer again = ac.submit(at(8.0, 0, 30));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().path("conflicts").get(0).path("manager").asText()).isEqualTo("A");
  }

  @Test
  void an_unreachable_node_blocks_its_whole_time_span() throws Exception {
    Node c = cluster.node("C");
    NodeClient.Answer r = Cluster.client(c).submit(plan(0, "p", volume(9.0, 5.0, 300, 0, 100, T0, T0.plus(Duration.ofMinutes(30)))));
    assertThat(r.status()).isEqualTo(201);
    c.close();
    cluster.nodes.remove(c);
    // B's plan is near C's reference and B's node cannot learn C's OVN, priority or volumes.
    NodeClient.Answer p = bc.submit(plan(0, "p", volume(9.0, 5.0, 300, 200, 300, T0, T0.plus(Duration.ofMinutes(30)))));
    assertThat(p.status()).isEqualTo(409);
    assertThat(p.body().path("conflicts").get(0).path("reason").asText()).contains("details are unavailable");
    UUID cId = cluster.hub.airspace().allOis().stream().filter(o -> o.manager().equals("C")).findFirst().orElseThrow().id();
    assertThat(p.body().path("conflicts").get(0).path("id").asText()).isEqualTo(cId.toString());
  }
}
