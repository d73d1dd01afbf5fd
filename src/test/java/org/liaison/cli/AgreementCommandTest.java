package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/** {@code liaison agreement} against a real hub with dev-auth: propose, list, accept, amend, show, withdraw, and a refusal. */
class AgreementCommandTest {
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

  static Captured liaison(String party, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--hub", url, "--as", party));
    return Captured.run(all.toArray(String[]::new));
  }

  static String doc(String channel, int horizontal) {
    return """
        {"title": "Hotline memorandum", "parties": ["red", "blue"], "channel": "%s",
         "minimum_notice": {"default_minutes": 60},
         "separation": {"horizontal_m": %d, "vertical_m": 300},
         "acknowledgement": {"safety-of-flight": 300, "urgent": 900, "routine": 3600},
         "line": {"hours": {"from": "00:00", "to": "24:00"}, "heartbeat_seconds": 30, "unreachable_after_seconds": 90},
         "languages": ["en", "ru"]}
        """.formatted(channel, horizontal);
  }

  @Test
  void an_agreement_is_proposed_accepted_amended_and_withdrawn_from_the_command_line() throws Exception {
    Captured created = liaison("red", "channel", "create", "hotline", "--kind", "bilateral", "--member", "blue");
    assertThat(created.exit()).as(created.err()).isZero();
    Matcher ch = Pattern.compile("created ([0-9a-f-]{36}) ").matcher(created.out());
    assertThat(ch.find()).as(created.out()).isTrue();
    Path file = dir.resolve("agreement.json");
    Files.writeString(file, doc(ch.group(1), 5000));

    Captured proposed = liaison("red", "agreement", "propose", file.toString());
    assertThat(proposed.exit()).as(proposed.err()).isZero();
    Matcher m = Pattern.compile("proposed ([0-9a-f-]{36})\\s+proposed ").matcher(proposed.out());
    assertThat(m.find()).as(proposed.out()).isTrue();
    String id = m.group(1);
    assertThat(proposed.out()).contains("blue (pending)");

    Captured accepted = liaison("blue", "agreement", "accept", id);
    assertThat(accepted.exit()).as(accepted.err()).isZero();
    assertThat(accepted.out()).contains("in_force").contains("in force: v1");

    Files.writeString(file, doc(ch.group(1), 9000));
    Captured amended = liaison("blue", "agreement", "amend", id, file.toString());
    assertThat(amended.exit()).as(amended.err()).isZero();
    assertThat(amended.out()).contains("in force: v1, latest: v2").contains("red (pending)");

    Captured listed = liaison("red", "agreement", "list");
    assertThat(listed.out()).contains(id).contains("Hotline memorandum");
    Captured shown = liaison("red", "agreement", "show", id);
    assertThat(shown.out()).contains("\"horizontal_m\" : 9000");

    Captured report = liaison("blue", "agreement", "report", id);
    assertThat(report.exit()).as(report.err()).isZero();
    assertThat(report.out()).contains("agreement " + id + " v1").contains("red: declarations 0")
        .contains("blue: declarations 0");

    Captured withdrawn = liaison("red", "agreement", "withdraw", id);
    assertThat(withdrawn.exit()).as(withdrawn.err()).isZero();
    assertThat(withdrawn.out()).contains("withdrawn");

    Captured refused = liaison("red", "agreement", "amend", id, file.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("409").contains("withdrawn");
  }

  @Test
  void a_bad_document_is_refused_naming_the_field() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, doc("nowhere", -3));
    Captured r = liaison("red", "agreement", "propose", file.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("400").contains("separation.horizontal_m").contains("-3");
  }

  @Test
  void with_keys_each_step_is_signed_and_without_them_a_keyed_party_is_refused() throws Exception {
    Path greenKeys = dir.resolve("green-keys");
    Path goldKeys = dir.resolve("gold-keys");
    for (String[] p : List.of(new String[] {"green", greenKeys.toString()}, new String[] {"gold", goldKeys.toString()})) {
      assertThat(liaison(p[0], "keys", "generate", "--keys", p[1]).exit()).isZero();
      Captured published = liaison(p[0], "keys", "publish", "--keys", p[1]);
      assertThat(published.exit()).as(published.err()).isZero();
    }
    Captured created = liaison("green", "channel", "create", "signed-line", "--kind", "bilateral", "--member", "gold");
    assertThat(created.exit()).as(created.err()).isZero();
    Matcher ch = Pattern.compile("created ([0-9a-f-]{36}) ").matcher(created.out());
    assertThat(ch.find()).as(created.out()).isTrue();
    Path file = dir.resolve("signed-agreement.json");
    Files.writeString(file, doc(ch.group(1), 5000).replace("\"red\", \"blue\"", "\"green\", \"gold\""));

    Captured unsigned = liaison("green", "agreement", "propose", file.toString());
    assertThat(unsigned.exit()).isEqualTo(1);
    assertThat(unsigned.err()).contains("400 signature is missing").contains("agreement.propose");

    Captured proposed = liaison("green", "agreement", "propose", file.toString(), "--keys", greenKeys.toString());
    assertThat(proposed.exit()).as(proposed.err()).isZero();
    Matcher m = Pattern.compile("proposed ([0-9a-f-]{36})\\s+proposed ").matcher(proposed.out());
    assertThat(m.find()).as(proposed.out()).isTrue();
    String id = m.group(1);

    Captured wrongKeys = liaison("gold", "agreement", "accept", id, "--keys", greenKeys.toString());
    assertThat(wrongKeys.exit()).as("gold cannot sign with green's keys").isEqualTo(1);
    Captured accepted = liaison("gold", "agreement", "accept", id, "--keys", goldKeys.toString());
    assertThat(accepted.exit()).as(accepted.err()).isZero();
    assertThat(accepted.out()).contains("in force: v1");

    Files.writeString(file, doc(ch.group(1), 9000).replace("\"red\", \"blue\"", "\"green\", \"gold\""));
    Captured amended = liaison("gold", "agreement", "amend", id, file.toString(), "--keys", goldKeys.toString());
    assertThat(amended.exit()).as(amended.err()).isZero();
    assertThat(amended.out()).contains("latest: v2");
    Captured withdrawn = liaison("green", "agreement", "withdraw", id, "--keys", greenKeys.toString());
    assertThat(withdrawn.exit()).as(withdrawn.err()).isZero();
    assertThat(withdrawn.out()).contains("withdrawn");

    hub.ledger().sequence();
    for (String type : List.of("agreement.propose", "agreement.accept", "agreement.amend", "agreement.withdraw")) {
      long signed = hub.ledger().search(null, type, null, null, 1000).stream()
          .map(e -> new String(e.entry(), StandardCharsets.UTF_8))
          .filter(e -> e.contains(id) && e.contains("\"signature\"")).count();
      assertThat(signed).as(type).isEqualTo(1);
    }

    // The evidence about the agreement, written by the hub's ledger and checked offline.
    Path bundle = dir.resolve("agreement-evidence.json");
    Captured proved = Captured.run("ledger", "prove", "--hub", url, "--sub", "auditor", "--agreement", id, "--out", bundle.toString());
    assertThat(proved.exit()).as(proved.out() + proved.err()).isZero();
    Captured verified = Captured.run("ledger", "verify-evidence", bundle.toString());
    assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).contains("agreement.propose signed by green").contains("agreement.accept signed by gold")
        .contains("agreement.amend signed by gold").contains("agreement.withdraw signed by green");
  }

}
