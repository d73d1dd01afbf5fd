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

  static Captured channel(String party, String... args) {
    List<String> all = new ArrayList<>(List.of("channel"));
    all.addAll(List.of(args));
    return liaison(party, all.toArray(String[]::new));
  }

  /** {@code liaison ARGS --hub URL --as PARTY}. */
  static Captured liaison(String party, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--hub", url, "--as", party));
    return Captured.run(all.toArray(String[]::new));
  }

  @Test
  void a_message_goes_from_one_party_to_another_and_is_acknowledged() {
    Captured created = channel("red", "create", "hotline-1", "--kind", "bilateral", "--member", "blue");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).startsWith("created ").contains("hotline-1", "members: ");

    Captured listed = channel("blue", "list");
    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("hotline-1").contains("red").contains("blue");

    Captured sent = channel("red", "send", "hotline-1", "leaving the corridor at 14:00", "--ack-within", "600");
    assertThat(sent.exit()).as(sent.err()).isZero();
    Matcher m = Pattern.compile("sent #1 ([0-9a-f-]{36}) ").matcher(sent.out());
    assertThat(m.find()).as(sent.out()).isTrue();
    String id = m.group(1);

    Captured read = channel("blue", "read", "hotline-1");
    assertThat(read.exit()).as(read.err()).isZero();
    assertThat(read.out()).contains("leaving the corridor at 14:00");

    Captured acked = channel("blue", "ack", "hotline-1", id, "--reply", "understood");
    assertThat(acked.exit()).as(acked.err()).isZero();
    assertThat(acked.out()).startsWith("acknowledged at ");
    Captured again = channel("blue", "ack", "hotline-1", id);
    assertThat(again.out()).startsWith("already acknowledged at ");
  }

  @Test
  void an_unknown_channel_name_fails_with_a_message_and_exit_code_1() {
    Captured r = channel("red", "send", "no-such-channel", "hello");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("you are in no channel named \"no-such-channel\"");
  }

  @Test
  void the_hubs_refusal_is_shown_with_its_status_and_message() {
    Captured r = channel("red", "ack", "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000001");
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
    Captured r = channel("green", "create", "green-room", "--token", token);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("green-room");
  }

  @Test
  void with_keys_a_party_seals_for_an_encrypted_channel_and_opens_and_acknowledges_what_it_reads() {
    Path usaKeys = dir.resolve("usa-keys");
    Path rusKeys = dir.resolve("rus-keys");
    for (String[] p : List.of(new String[] {"usa", usaKeys.toString()}, new String[] {"rus", rusKeys.toString()})) {
      assertThat(liaison(p[0], "keys", "generate", "--keys", p[1]).exit()).isZero();
      Captured published = liaison(p[0], "keys", "publish", "--keys", p[1]);
      assertThat(published.exit()).as(published.err()).isZero();
    }
    Captured created = channel("usa", "create", "sealed-line", "--kind", "bilateral", "--member", "rus", "--encryption", "e2e");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("encryption e2e");

    Captured plain = channel("usa", "send", "sealed-line", "in the clear");
    assertThat(plain.exit()).as("without keys nothing is posted").isEqualTo(1);
    assertThat(plain.err()).contains("400 signature is missing");

    String secret = "Strikes planned near Homs at 0600Z";
    Captured sent = channel("usa", "send", "sealed-line", secret, "--ack-within", "600", "--keys", usaKeys.toString());
    assertThat(sent.exit()).as(sent.err()).isZero();
    assertThat(sent.out()).contains("sealed for rus, usa").contains("en: " + secret);
    Matcher m = Pattern.compile("sent #1 ([0-9a-f-]{36}) ").matcher(sent.out());
    assertThat(m.find()).as(sent.out()).isTrue();
    String id = m.group(1);

    // The hub holds ciphertext only; without keys the reader is told it is sealed.
    Captured closed = channel("rus", "read", "sealed-line", "--no-mark");
    assertThat(closed.exit()).as(closed.err()).isZero();
    assertThat(closed.out()).doesNotContain(secret).contains("not opened: end-to-end encrypted; give --keys DIR");

    Captured read = channel("rus", "read", "sealed-line", "--keys", rusKeys.toString());
    assertThat(read.exit()).as(read.err()).isZero();
    assertThat(read.out()).contains(secret);
    assertThat(channel("rus", "read", "sealed-line", "--no-mark").out()).as("marked delivered and read, signed")
        .contains("rus=read");
    Captured acked = channel("rus", "ack", "sealed-line", id, "--keys", rusKeys.toString());
    assertThat(acked.exit()).as(acked.err()).isZero();
    assertThat(acked.out()).startsWith("acknowledged at ");
    Captured after = channel("usa", "read", "sealed-line", "--keys", usaKeys.toString());
    assertThat(after.out()).contains(secret).contains("rus=acknowledged");

    // A reader whose key the message was not sealed for says so, signed, instead of dropping it.
    Path other = dir.resolve("rus-other-keys");
    assertThat(liaison("rus", "keys", "generate", "--keys", other.toString()).exit()).isZero();
    Captured wrong = channel("rus", "read", "sealed-line", "--no-mark", "--keys", other.toString());
    assertThat(wrong.out()).doesNotContain(secret).contains("not opened:");
  }

  @Test
  void consent_plain_lets_keyed_parties_talk_on_a_plain_channel() {
    Path gbrKeys = dir.resolve("gbr-keys");
    assertThat(liaison("gbr", "keys", "generate", "--keys", gbrKeys.toString()).exit()).isZero();
    assertThat(liaison("gbr", "keys", "publish", "--keys", gbrKeys.toString()).exit()).isZero();
    assertThat(channel("gbr", "create", "open-line", "--member", "plainparty").exit()).isZero();
    Captured refused = channel("plainparty", "send", "open-line", "hello");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("409").contains("gbr has published keys but not consented");
    Captured listed = channel("plainparty", "list");
    assertThat(listed.out()).contains("open-line").contains("awaiting plain-text consent of gbr");
    Captured consented = channel("gbr", "consent-plain", "open-line", "--keys", gbrKeys.toString());
    assertThat(consented.exit()).as(consented.err()).isZero();
    assertThat(consented.out()).startsWith("consented to plain text on ").contains("ledger leaf");
    Captured sent = channel("plainparty", "send", "open-line", "hello");
    assertThat(sent.exit()).as(sent.err()).isZero();
  }
}
