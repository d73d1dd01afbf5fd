package org.liaison.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.Json;

/**
 * A short {@code bench streams}: the streams are really held during the second run, every write
 * of every run succeeds, and the ratios are printed. No speed is asserted.
 */
class StreamsBenchTest {
  @TempDir
  Path dir;

  @Test
  void streams_are_held_during_the_second_run_and_every_write_succeeds() throws Exception {
    Path json = dir.resolve("streams.json");
    Bench.Options o = new Bench.Options(Bench.Scenario.STREAMS, null, null, "localhost", List.of(2), Duration.ZERO,
        Duration.ofSeconds(1), List.of(0L), json, null, "raw", null, null, null, 1, null, 300);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Bench.run(o, new PrintStream(out, true, StandardCharsets.UTF_8), null);
    String printed = out.toString(StandardCharsets.UTF_8);

    assertThat(printed).contains("streams: 300 held", "statuses {200=300}", "the hub reports 300 open",
        "ratio: spread at 2 clients with 300 streams held");
    JsonNode runs = Json.MAPPER.readTree(json.toFile()).path("runs");
    List<String> scenarios = new ArrayList<>();
    for (JsonNode r : runs) {
      scenarios.add(r.path("scenario").asText());
      assertThat(r.path("writes").asLong()).as(printed).isPositive();
      assertThat(r.path("writes").asLong()).as("every write succeeded: %s", printed)
          .isEqualTo(r.path("requests").asLong());
    }
    assertThat(scenarios).containsExactly("spread (warm-up, not compared)", "spread", "spread+300 streams", "spread");
  }
}
