package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.ServiceException;
import org.liaison.client.Written;
import org.liaison.astm.ErrorReports;
import org.liaison.store.Database;

/** First-request and first-answer records: once per peer and moment, retried while the hub fails. */
class TelemetryLedgerTest {
  @TempDir Path dir;

  @Test
  void each_moment_is_filed_once_per_peer_and_a_failing_hub_is_retried_until_it_takes_it() throws Exception {
    List<ObjectNode> filed = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();
    try (Database db = Database.embedded(dir, "node.db", List.of("classpath:db/node"), Database.DEFAULT_TIMEOUT)) {
      NodeStore store = new NodeStore(db);
      TelemetryLedger ledger = new TelemetryLedger(store, report -> {
        if (calls.incrementAndGet() == 1) {
          throw new ServiceException(503, "POST", URI.create("http://hub/dss/v1/reports"), "answered 503: busy", null);
        }
        ErrorReports.validate(report); // what the hub would check
        filed.add(report);
        return new Written<>("r" + calls.get(), List.of(), null);
      }, exec, Clock.systemUTC(), "http://node-a");
      UUID id = UUID.randomUUID();
      URI url = URI.create("http://node-a/uss/v1/operational_intents/" + id + "/telemetry");
      ledger.exchanged(id, "B", TelemetryLedger.Role.Server, url, Instant.now(), 412);
      ledger.exchanged(id, "B", TelemetryLedger.Role.Server, url, Instant.now(), 412);
      ledger.exchanged(id, "B", TelemetryLedger.Role.Server, url, Instant.now(), 200);
      ledger.exchanged(id, "B", TelemetryLedger.Role.Server, url, Instant.now(), 200);
      ledger.exchanged(id, "C", TelemetryLedger.Role.Server, url, Instant.now(), 0);

      Cluster.await(Duration.ofSeconds(30), "every moment filed", () -> store.marks(id).size() == 3
          && store.marks(id).stream().allMatch(m -> m.hubReport() != null && m.hubReport().startsWith("{")));
      assertThat(filed).hasSize(3);
      assertThat(calls.get()).as("one failure, then one call per moment").isEqualTo(4);
      assertThat(store.marks(id)).extracting(m -> m.peer() + " " + m.mark() + " " + m.status())
          .containsExactlyInAnyOrder("B requested 412", "B served 200", "C requested 0");
      assertThat(filed).extracting(r -> r.at("/exchange/problem").asText())
          .anySatisfy(p -> assertThat(p).contains("first requested by B; answered 412"))
          .anySatisfy(p -> assertThat(p).contains("first served to B; answered 200"))
          .anySatisfy(p -> assertThat(p).contains("first requested by C; no answer"));
      assertThat(filed).allSatisfy(r -> assertThat(r.at("/exchange/recorder_role").asText()).isEqualTo("Server"));

      // A restarted node remembers what was first: nothing is filed again.
      AtomicInteger refiled = new AtomicInteger();
      TelemetryLedger again = new TelemetryLedger(store, report -> {
        refiled.incrementAndGet();
        return new Written<>("x", List.of(), null);
      }, exec, Clock.systemUTC(), "http://node-a");
      again.exchanged(id, "B", TelemetryLedger.Role.Server, url, Instant.now(), 200);
      exec.submit(() -> { }).get(); // the executor is one thread: anything filed has run by now
      assertThat(refiled.get()).isZero();
      assertThat(store.marks(id)).hasSize(3);
    } finally {
      exec.shutdownNow();
    }
  }
}
