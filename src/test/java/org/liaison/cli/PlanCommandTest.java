package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.Json;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.node.Node;
import org.liaison.node.NodeOptions;

/** {@code liaison plan} against a real hub and two real nodes. */
class PlanCommandTest {
  @TempDir static Path dir;
  static Hub hub;
  static Node a;
  static Node b;
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(30));

  @BeforeAll
  static void start() throws Exception {
    hub = Hub.start(new HubOptions("hub", "127.0.0.1", 0, dir.resolve("hub"), null, "localhost", List.of(), null, true, true),
        Clock.systemUTC());
    URI url = URI.create("http://localhost:" + hub.port());
    a = Node.start(NodeOptions.dev("A", url, 0, dir.resolve("a")), Clock.systemUTC());
    b = Node.start(NodeOptions.dev("B", url, 0, dir.resolve("b")), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    b.close();
    a.close();
    hub.close();
  }

  record Run(int exit, String out) {}

  static Run run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int exit = Main.run(args);
      return new Run(exit, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(old);
    }
  }

  static Path planFile(String name, int startMinute, int endMinute) throws Exception {
    ObjectNode p = Json.MAPPER.createObjectNode();
    ObjectNode v = p.putArray("volumes").addObject();
    ObjectNode vol = v.putObject("volume");
    ObjectNode c = vol.putObject("outline_circle");
    c.putObject("center").put("lat", 20.0).put("lng", 20.0);
    c.putObject("radius").put("value", 500).put("units", "M");
    vol.putObject("altitude_lower").put("value", 0).put("reference", "W84").put("units", "M");
    vol.putObject("altitude_upper").put("value", 100).put("reference", "W84").put("units", "M");
    v.putObject("time_start").put("value", T0.plus(Duration.ofMinutes(startMinute)).toString()).put("format", "RFC3339");
    v.putObject("time_end").put("value", T0.plus(Duration.ofMinutes(endMinute)).toString()).put("format", "RFC3339");
    p.put("purpose", name);
    Path f = dir.resolve(name + ".json");
    Files.writeString(f, p.toPrettyString());
    return f;
  }

  @Test
  void submit_refuse_suggest_take_and_list() throws Exception {
    Run first = run("plan", "submit", planFile("a", 0, 30).toString(), "--node", a.baseUrl(), "--data", dir.resolve("a").toString());
    assertThat(first.exit()).as(first.out()).isZero();
    assertThat(first.out()).startsWith("accepted: plan ").contains("receipt: leaf ");

    Path bFile = planFile("b", 10, 40);
    Run refused = run("plan", "submit", bFile.toString(), "--suggest", "--node", b.baseUrl(), "--token", b.operatorToken());
    assertThat(refused.exit()).as(refused.out()).isEqualTo(PlanCommand.REFUSED);
    assertThat(refused.out())
        .contains("refused: the plan comes within the separation buffers of 1 operation")
        .contains("inside the buffers by 5556 m horizontally, 252.4 m vertically, 1500 s in time")
        .contains("suggestion (time): start 1500 s later");
    Path later = dir.resolve("b.suggested-time.json");
    assertThat(later).exists();

    Run taken = run("plan", "submit", later.toString(), "--node", b.baseUrl(), "--token", b.operatorToken());
    assertThat(taken.exit()).as(taken.out()).isZero();
    assertThat(taken.out()).contains("notifying 1 subscriber(s)");

    Run list = run("plan", "list", "--node", b.baseUrl(), "--token", b.operatorToken());
    assertThat(list.out()).contains("Accepted").contains(" b");
  }

  @Test
  void a_missing_token_or_node_is_a_clear_error() {
    Run noToken = run("plan", "list", "--node", a.baseUrl(), "--data", dir.resolve("nowhere").toString());
    assertThat(noToken.exit()).isEqualTo(1);
    Run wrong = run("plan", "list", "--node", a.baseUrl(), "--token", "wrong");
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.out()).contains("error 401");
  }

  @Test
  void a_contingency_and_its_positions_one_at_a_time_and_as_a_stream() throws Exception {
    Path f = planFile("c", 120, 150);
    ObjectNode moved = (ObjectNode) Json.MAPPER.readTree(Files.readString(f));
    ((ObjectNode) moved.at("/volumes/0/volume/outline_circle/center")).put("lat", 25.0);
    Files.writeString(f, moved.toString());
    String[] node = {"--node", a.baseUrl(), "--token", a.operatorToken()};
    Run submitted = run(concat(new String[] {"plan", "submit", f.toString(), "--json"}, node));
    assertThat(submitted.exit()).as(submitted.out()).isZero();
    String id = Json.MAPPER.readTree(submitted.out()).path("plan").path("id").asText();
    assertThat(run(concat(new String[] {"plan", "activate", id}, node)).exit()).isZero();

    Run nominal = run(concat(new String[] {"plan", "telemetry", id, "--lat", "25.0", "--lng", "20.0", "--alt", "60"}, node));
    assertThat(nominal.exit()).as(nominal.out()).isZero();
    assertThat(nominal.out()).contains("(Activated): 1 position(s), 1 new; kept; served to peers once off-nominal");

    Run contingent = run(concat(new String[] {"plan", "contingent", id}, node));
    assertThat(contingent.exit()).as(contingent.out()).isZero();
    assertThat(contingent.out()).contains("declared Contingent").contains("Contingent, version");

    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Path stream = dir.resolve("track.jsonl");
    Files.writeString(stream, line(t.minusSeconds(2), 25.001) + "\n\n" + line(t.minusSeconds(1), 25.002) + "\n");
    Run streamed = run(concat(new String[] {"plan", "telemetry", id, "--file", stream.toString()}, node));
    assertThat(streamed.exit()).as(streamed.out()).isZero();
    assertThat(streamed.out().lines().filter(l -> l.contains("(Contingent): 1 position(s), 1 new; served to peers")))
        .hasSize(2);

    Files.writeString(stream, line(t, 25.003) + "\n" + "{\"time_measured\": 3}\n" + line(t.plusSeconds(1), 25.004) + "\n");
    Run bad = run(concat(new String[] {"plan", "telemetry", id, "--file", stream.toString()}, node));
    assertThat(bad.exit()).as("the stream stops at the first refused line").isEqualTo(1);
    assertThat(bad.out()).contains("error 400 at line 2: time_measured must be a JSON object");
    assertThat(run(concat(new String[] {"plan", "telemetry", id}, node)).exit()).as("neither --lat/--lng nor --file").isEqualTo(2);
  }

  private static String line(Instant t, double lat) {
    return "{\"time_measured\":{\"value\":\"" + t + "\",\"format\":\"RFC3339\"},\"position\":{\"latitude\":" + lat
        + ",\"longitude\":20.0}}";
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
