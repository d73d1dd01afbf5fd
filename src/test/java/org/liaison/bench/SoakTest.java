package org.liaison.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * {@code liaison bench soak}, briefly: the mixed load against an embedded hub draws no error, the
 * heap left after GC does not trend upwards, and the verdict and its figures reach the JSON. No
 * latency is asserted: this machine's timing is not the hub's.
 */
class SoakTest {
  @TempDir
  Path dir;

  @Test
  void a_short_soak_has_no_errors_a_bounded_heap_and_a_verdict() throws Exception {
    Path json = dir.resolve("soak.json");
    Bench.Options o = new Bench.Options(Bench.Scenario.SOAK, null, null, "localhost", List.of(8), Duration.ofSeconds(3),
        Duration.ofSeconds(1), List.of(0L), json, null, "raw", null, null, null, 1,
        new Bench.SoakPlan(Duration.ofSeconds(30), Duration.ofSeconds(5), 150));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Bench.run(o, new PrintStream(out, true, StandardCharsets.UTF_8), null);
    String printed = out.toString(StandardCharsets.UTF_8);

    JsonNode soak = Json.MAPPER.readTree(json.toFile()).path("soak");
    assertThat(soak.path("windows")).as(printed).hasSize(6);
    JsonNode v = soak.path("verdict");
    assertThat(v.path("errors").asLong()).as(printed).isZero();
    assertThat(soak.path("errors_by_status")).as(printed).isEmpty();
    for (String field : List.of("heapSampled", "slopeBytesPerMinute", "netSlopeBytesPerMinute", "memoryBounded",
        "p99MedianMs", "p99MaxMs", "p99Ratio", "p99Stable", "pass")) {
      assertThat(v.has(field)).as("verdict field %s in %s", field, v).isTrue();
    }
    assertThat(v.path("heapSampled").asBoolean()).isTrue();
    long requests = 0;
    for (JsonNode w : soak.path("windows")) {
      requests += w.path("requests").asLong();
      assertThat(w.path("heapAfterGcBytes").asLong()).isPositive();
    }
    assertThat(requests).as("the load ran").isGreaterThan(100);
    // Every kind of request the soak makes was made and answered as promised.
    JsonNode ops = Json.MAPPER.readTree(json.toFile()).path("runs").get(0).path("ops");
    for (String op : List.of("query", "create", "update", "delete", "watch create")) {
      assertThat(ops.has(op)).as("operation %s in %s", op, ops).isTrue();
    }
    // Bounded, generously: the heap left after GC in the last third is within a quarter plus
    // 16 MB of the first third's. A leak per request would grow far beyond that.
    double first = v.path("firstThirdNetBytes").asDouble();
    double last = v.path("lastThirdNetBytes").asDouble();
    assertThat(last).as(printed).isLessThan(first * 1.25 + 16e6);
    assertThat(printed).contains("soak verdict:").contains("window 6/6");
  }

  @Test
  void the_verdict_fits_a_line_through_the_heap_and_nets_out_the_ledger_tree() {
    List<SoakVerdict.HeapSample> heap = new ArrayList<>();
    for (int m = 0; m <= 10; m++) {
      // 1 MB per minute of raw growth, all of it ledger entries (64 B each).
      long entries = m * 1_000_000L / SoakVerdict.LEDGER_BYTES_PER_ENTRY;
      heap.add(new SoakVerdict.HeapSample(60.0 * m, 50_000_000 + entries * SoakVerdict.LEDGER_BYTES_PER_ENTRY, entries));
    }
    SoakVerdict v = SoakVerdict.of(0, heap, 1_000_000_000L, new double[] {10, 12, 11, 30});
    assertThat(v.slopeBytesPerMinute()).isCloseTo(1_000_000, within(1.0));
    assertThat(v.netSlopeBytesPerMinute()).isCloseTo(0, within(1.0));
    assertThat(v.memoryBounded()).isTrue();
    assertThat(v.p99MedianMs()).isEqualTo(11.5);
    assertThat(v.p99Ratio()).isCloseTo(30 / 11.5, within(1e-9));
    assertThat(v.p99Stable()).isTrue();
    assertThat(v.pass()).isTrue();
  }

  @Test
  void growth_beyond_the_ledger_fails_the_memory_verdict_and_so_does_one_error() {
    List<SoakVerdict.HeapSample> heap = new ArrayList<>();
    for (int m = 0; m <= 10; m++) {
      heap.add(new SoakVerdict.HeapSample(60.0 * m, 50_000_000 + m * 1_000_000L, 0));
    }
    // 1 MB/min is 60 MB/h, 6% of a 1 GB heap: over the 1% limit.
    SoakVerdict v = SoakVerdict.of(1, heap, 1_000_000_000L, new double[] {10, 10, 40});
    assertThat(v.memoryBounded()).isFalse();
    assertThat(v.p99Stable()).isFalse();
    assertThat(v.pass()).isFalse();
    assertThat(v.lastThirdNetBytes()).isGreaterThan(v.firstThirdNetBytes());
  }
}
