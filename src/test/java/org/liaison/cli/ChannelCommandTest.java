package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;

/** {@code liaison channel} and {@code liaison token} against a real hub with dev-auth: create, list, send, read, ack, and the failures. */
class ChannelCommandTest {
  @TempDir static Path dir;
  static Hub hub;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    hub = Hub.start(new HubOptions("hub", "127.0.0.1", 0, dir.resolve("hub"), null, "localhost", List.of(), null, true, true),
        Clock.systemUTC());
    url = "http://localhost:" + hub.port();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  record Run(int exit, String out, String err) {}

  static Run channel(String party, String... args) {
    List<String> all = new ArrayList<>(List.of("channel"));
    all.addAll(List.of(args));
    all.addAll(List.of("--hub", url, "--as", party));
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = Main.run(all.toArray(String[]::new));
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void a_message_goes_from_one_party_to_another_and_is_acknowledged() {
    Run created = channel("red", "create", "hotline-1", "--kind", "bilateral", "--member", "blue");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).startsWith("created ").contains("hotline-1", "members: ");

    Run listed = channel("blue", "list");
    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("hotline-1").contains("red").contains("blue");

    Run sent = channel("red", "send", "hotline-1", "leaving the corridor at 14:00", "--ack-within", "600");
    assertThat(sent.exit()).as(sent.err()).isZero();
    Matcher m = Pattern.compile("sent #1 ([0-9a-f-]{36}) ").matcher(sent.out());
    assertThat(m.find()).as(sent.out()).isTrue();
    String id = m.group(1);

    Run read = channel("blue", "read", "hotline-1");
    assertThat(read.exit()).as(read.err()).isZero();
    assertThat(read.out()).contains("leaving the corridor at 14:00");

    Run acked = channel("blue", "ack", "hotline-1", id, "--reply", "understood");
    assertThat(acked.exit()).as(acked.err()).isZero();
    assertThat(acked.out()).startsWith("acknowledged at ");
    Run again = channel("blue", "ack", "hotline-1", id);
    assertThat(again.out()).startsWith("already acknowledged at ");
  }

  @Test
  void an_unknown_channel_name_fails_with_a_message_and_exit_code_1() {
    Run r = channel("red", "send", "no-such-channel", "hello");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("you are in no channel named \"no-such-channel\"");
  }

  @Test
  void the_hubs_refusal_is_shown_with_its_status_and_message() {
    Run r = channel("red", "ack", "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000001");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("POST /liaison/v1/channels/00000000-0000-0000-0000-000000000000/messages/")
        .containsPattern(": 4\\d\\d ");
  }

  @Test
  void an_unreachable_hub_fails_with_a_message_not_a_stack_trace() {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = Main.run("channel", "list", "--hub", "http://127.0.0.1:1", "--as", "red", "--token", "x");
    } finally {
      System.setErr(oldErr);
    }
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach the hub at http://127.0.0.1:1")
        .doesNotContain("\tat ");
  }

  @Test
  void liaison_token_prints_a_dev_auth_token_that_the_channel_commands_accept() {
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = Main.run("token", "--sub", "green", "--scope", "liaison.channels.read,liaison.channels.write", "--hub", url);
    } finally {
      System.setOut(oldOut);
    }
    assertThat(exit).isZero();
    String token = out.toString(StandardCharsets.UTF_8).trim();
    assertThat(token.split("\\.")).hasSize(3);
    Run r = channel("green", "create", "green-room", "--token", token);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("green-room");
  }
}
