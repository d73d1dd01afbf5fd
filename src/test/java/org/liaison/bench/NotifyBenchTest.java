package org.liaison.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.Json;
import org.liaison.testkit.Http;

/**
 * {@code bench notify} against an embedded hub and a real subscriber node: every successful write
 * is followed by exactly one notification, the node acknowledges each with 204, its picture then
 * holds exactly the notices the writers still hold, and each write's latency is counted once.
 */
class NotifyBenchTest {
  @Test
  void every_write_notifies_the_subscriber_node_once_and_the_node_has_what_was_written(@TempDir Path dir) throws Exception {
    try (Target target = Target.embedded(Transport.Kind.RAW, dir);
        NotifyBench.Subscriber sub = NotifyBench.Subscriber.start(target)) {
      Recorder r = Recorder.standalone();
      int writes = 3 * NotifyBench.KEEP;
      long before = System.nanoTime();
      try (Runner.Client writer = NotifyBench.writers(target, 1_000).open(0)) {
        for (int i = 0; i < writes; i++) {
          writer.step(r);
        }
        long elapsed = System.nanoTime() - before;

        Map<Integer, Long> creates = r.ops.get("create").statuses;
        Map<Integer, Long> deletes = r.ops.get("delete").statuses;
        assertThat(creates).as("creates").containsOnlyKeys(201);
        assertThat(deletes).as("deletes").containsOnlyKeys(200);
        long written = creates.get(201) + deletes.get(200);
        assertThat(written).isEqualTo(writes);
        // Creates until KEEP are held, then a delete and a create in turn.
        assertThat(deletes.get(200)).isEqualTo((writes - NotifyBench.KEEP) / 2);

        Recorder.Op n = r.ops.get(NotifyBench.NOTIFICATION);
        assertThat(n.statuses).as("the node acknowledged every notification").containsOnlyKeys(204);
        assertThat(n.latency.count()).as("one notification per write").isEqualTo(written);
        assertThat(r.counters).containsEntry("writes notified", written).containsEntry("notifications sent", written);
        assertThat(n.latency.max()).as("answered → received lies within the run").isBetween(0L, elapsed);
        assertThat(n.latency.percentile(50)).isLessThanOrEqualTo(n.latency.percentile(95));

        // The node's picture holds exactly the notices the writer still holds: the creates it was
        // told of, less the deletes it was told of.
        Http node = new Http(URI.create(sub.node.baseUrl()));
        var picture = node.get("/liaison/v1/picture", sub.node.operatorToken());
        assertThat(picture.statusCode()).isEqualTo(200);
        Set<String> others = new HashSet<>();
        for (JsonNode o : Json.MAPPER.readTree(picture.body()).path("others")) {
          assertThat(o.path("manager").asText()).isEqualTo(Scenarios.party(0));
          others.add(o.path("id").asText());
        }
        assertThat(others).hasSize(NotifyBench.KEEP);
      }
    }
  }

  @Test
  void writers_scale_with_the_rate_within_bounds() {
    assertThat(NotifyBench.writersFor(1_000)).isEqualTo(50);
    assertThat(NotifyBench.writersFor(1)).isEqualTo(4);
    assertThat(NotifyBench.writersFor(1_000_000)).isEqualTo(256);
  }
}
