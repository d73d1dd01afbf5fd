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
}
