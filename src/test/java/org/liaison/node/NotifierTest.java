package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.PeerClient;
import org.liaison.client.ServiceException;
import org.liaison.node.NodeStore.Delivery;
import org.liaison.node.NodeStore.Outgoing;
import org.liaison.node.NodeStore.Status;
import org.liaison.store.Database;

class NotifierTest {
  @TempDir Path dir;
  Database db;
  NodeStore store;
  MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  Deque<Object> answers = new ArrayDeque<>();
  List<URI> sent = new ArrayList<>();
  List<ObjectNode> reports = new ArrayList<>();
  Events events = new Events();

  @BeforeEach
  void open() {
    db = Database.embedded(dir, "node.db", List.of("classpath:db/node"));
    store = new NodeStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private Notifier notifier(int attempts) {
    Notifier.Sender sender = (url, body) -> {
      sent.add(url);
      Object a = answers.isEmpty() ? 204 : answers.pop();
      return a instanceof Integer s ? CompletableFuture.completedFuture(new PeerClient.Answer(s, ""))
          : CompletableFuture.failedFuture(new ServiceException(0, "POST", url, "no answer (refused)", null));
    };
    Notifier.Reporter reporter = r -> {
      reports.add(r);
      return "r-1";
    };
    // No jitter, so the schedule is exact.
    return new Notifier(store, sender, reporter, clock, new Notifier.Policy(attempts, Duration.ofMillis(500), Duration.ofSeconds(60), 0),
        events, new Random(1), "http://me");
  }

  private long enqueue() {
    return db.inTransaction(c -> NodeStore.enqueue(c, List.of(new Outgoing("operational_intent", UUID.randomUUID(),
        "http://peer/uss/v1/operational_intents", "{\"operational_intent_id\":\"x\",\"secret\":\"details\"}")), clock.millis())).get(0);
  }

  @Test
  void a_204_delivers_at_the_first_attempt() {
    long id = enqueue();
    assertThat(notifier(12).runDue()).isEqualTo(1);
    Delivery d = store.delivery(id);
    assertThat(d.status()).isEqualTo(Status.delivered);
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(d.lastStatus()).isEqualTo(204);
  }

  @Test
  void anything_but_204_is_retried_after_a_doubling_delay() {
    long id = enqueue();
    Notifier n = notifier(12);
    answers.add(503);
    answers.add("no answer");
    answers.add(200);
    n.runDue();
    assertThat(store.delivery(id).nextAttemptMs()).isEqualTo(clock.millis() + 500);
    assertThat(n.runDue()).as("not due yet").isZero();
    clock.advance(Duration.ofMillis(500));
    n.runDue();
    assertThat(store.delivery(id).lastError()).contains("no answer");
    assertThat(store.delivery(id).nextAttemptMs()).isEqualTo(clock.millis() + 1000);
    clock.advance(Duration.ofMillis(1000));
    n.runDue();
    assertThat(store.delivery(id).lastStatus()).as("a 200 is not the 204 ASTM asks for").isEqualTo(200);
    assertThat(store.delivery(id).status()).isEqualTo(Status.pending);
    clock.advance(Duration.ofMillis(2000));
    n.runDue();
    Delivery d = store.delivery(id);
    assertThat(d.status()).isEqualTo(Status.delivered);
    assertThat(d.attempts()).isEqualTo(4);
    assertThat(sent).hasSize(4);
  }

  @Test
  void versions_of_one_entity_reach_a_peer_in_order_even_when_the_older_is_retried() {
    UUID entity = UUID.randomUUID();
    String url = "http://peer/uss/v1/operational_intents";
    List<Long> ids = db.inTransaction(c -> NodeStore.enqueue(c, List.of(
        new Outgoing("operational_intent", entity, url, "{\"version\":21}"),
        new Outgoing("operational_intent", entity, url, "{\"version\":22}"),
        new Outgoing("operational_intent", UUID.randomUUID(), url, "{\"version\":1}")), clock.millis()));
    Notifier n = notifier(12);
    answers.add(503);
    assertThat(n.runDue()).as("the newer version waits for the older; another entity does not").isEqualTo(2);
    assertThat(store.delivery(ids.get(0)).status()).isEqualTo(Status.pending);
    assertThat(store.delivery(ids.get(1)).attempts()).isZero();
    assertThat(store.delivery(ids.get(2)).status()).isEqualTo(Status.delivered);
    assertThat(store.nextDue()).as("the waiting newer version does not make the loop spin").isEqualTo(clock.millis() + 500);
    clock.advance(Duration.ofMillis(500));
    assertThat(n.runDue()).isEqualTo(1);
    assertThat(store.delivery(ids.get(0)).status()).isEqualTo(Status.delivered);
    assertThat(n.runDue()).isEqualTo(1);
    assertThat(store.delivery(ids.get(1)).status()).isEqualTo(Status.delivered);
    assertThat(store.delivery(ids.get(0)).deliveredMs()).isLessThanOrEqualTo(store.delivery(ids.get(1)).deliveredMs());
  }

  @Test
  void the_delay_doubles_up_to_a_minute_and_twelve_attempts_take_about_five_minutes() {
    Notifier.Policy p = Notifier.Policy.DEFAULT;
    assertThat(p.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(p.delayAfter(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.delayAfter(8)).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.delayAfter(11)).isEqualTo(Duration.ofSeconds(60));
    Duration total = Duration.ZERO;
    for (int i = 1; i < p.maxAttempts(); i++) {
      total = total.plus(p.delayAfter(i));
    }
    assertThat(total).isEqualTo(Duration.ofMillis(303_500));
  }

  @Test
  void given_up_after_the_limit_it_is_failed_and_reported_to_the_hub_without_the_details() {
    long id = enqueue();
    Notifier n = notifier(3);
    answers.add(500);
    answers.add(500);
    answers.add(404);
    List<JsonNode> seen = new ArrayList<>();
    events.listen((name, data) -> seen.add(data));
    for (int i = 0; i < 3; i++) {
      n.runDue();
      clock.advance(Duration.ofMinutes(1));
    }
    Delivery d = store.delivery(id);
    assertThat(d.status()).isEqualTo(Status.failed);
    assertThat(d.attempts()).isEqualTo(3);
    assertThat(d.hubReport()).isEqualTo("report_id r-1");
    assertThat(reports).hasSize(1);
    JsonNode ex = reports.get(0).path("exchange");
    assertThat(ex.path("url").asText()).isEqualTo("http://peer/uss/v1/operational_intents");
    assertThat(ex.path("response_code").asInt()).isEqualTo(404);
    assertThat(ex.path("problem").asText()).contains("after 3 attempts");
    assertThat(reports.get(0).toString()).doesNotContain("secret");
    assertThat(seen).anyMatch(e -> e.path("status").asText().equals("failed"));
    clock.advance(Duration.ofHours(1));
    assertThat(n.runDue()).as("a failed notification is not tried again").isZero();
  }

  @Test
  void a_new_notifier_over_the_same_store_resumes_pending_notifications() {
    long id = enqueue();
    answers.add(503);
    notifier(12).runDue();
    clock.advance(Duration.ofSeconds(1));
    // As after a restart: a fresh notifier finds the pending one due.
    assertThat(notifier(12).runDue()).isEqualTo(1);
    assertThat(store.delivery(id).status()).isEqualTo(Status.delivered);
  }
}
