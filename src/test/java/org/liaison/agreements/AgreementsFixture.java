package org.liaison.agreements;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.proof.LogEntry;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.http.Json;
import org.liaison.ledger.Ledger;
import org.liaison.testkit.TestClock;

/** A real hub on a real port and database, a clock the test moves, and three registered parties. */
abstract class AgreementsFixture {
  static final String BASE = "/liaison/v1/agreements";
  @TempDir Path dir;
  TestClock clock;
  Hub hub;
  Party usa;
  Party rus;
  Party tur;
  /** A group channel with all three. */
  String group;

  /** The JDBC URL of a fresh, empty PostgreSQL database, or null for the embedded store. */
  abstract String jdbcUrl();

  @BeforeEach
  void startHub() throws IOException {
    clock = new TestClock(Instant.parse("2026-03-01T06:00:00.123Z"));
    hub = Hub.start(new HubOptions("test", "127.0.0.1", 0, dir, jdbcUrl(), "localhost", List.of(), null, true, true),
        clock);
    usa = as("usa");
    rus = as("rus");
    tur = as("tur");
    for (Party p : List.of(usa, rus, tur)) {
      Party.Resp r = p.put("/liaison/v1/parties/" + p.name, Json.MAPPER.createObjectNode().put("language", "en"));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
    }
    ObjectNode ch = Json.MAPPER.createObjectNode().put("name", "contact group").put("kind", "group");
    ch.putArray("members").add("rus").add("tur");
    Party.Resp r = usa.post("/liaison/v1/channels", ch);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    group = r.at("/id");
  }

  @AfterEach
  void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }

  Party as(String party) {
    return new Party(party, hub.port(), hub.devAuthority().withClock(clock));
  }

  /** A valid agreement among {@code parties} on {@code channel}. */
  static ObjectNode agreement(String channel, String... parties) {
    ObjectNode a = Json.MAPPER.createObjectNode().put("title", "Test memorandum");
    var ps = a.putArray("parties");
    for (String p : parties) {
      ps.add(p);
    }
    a.put("channel", channel);
    a.putObject("minimum_notice").put("default_minutes", 60);
    a.putObject("separation").put("horizontal_m", 5000).put("vertical_m", 300);
    a.putObject("acknowledgement").put("safety-of-flight", 300).put("urgent", 900).put("routine", 3600);
    var esc = a.putArray("escalation");
    var step = esc.addObject().put("after_seconds", 0).put("channel", channel);
    var notify = step.putArray("notify");
    for (String p : parties) {
      notify.add(p);
    }
    ObjectNode line = a.putObject("line");
    line.putObject("hours").put("from", "00:00").put("to", "24:00");
    line.put("heartbeat_seconds", 30).put("unreachable_after_seconds", 90);
    a.putArray("languages").add("en").add("ru");
    return a;
  }

  /** Proposes {@code doc} as {@code by} and expects 201; returns the answer. */
  JsonNode propose(Party by, ObjectNode doc) {
    Party.Resp r = by.post(BASE, doc);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json();
  }

  JsonNode accept(Party by, String id) {
    Party.Resp r = by.post(BASE + "/" + id + "/accept", null);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  /** Sequenced ledger entries of {@code type}, oldest first. */
  List<JsonNode> ledger(String type) throws IOException {
    hub.ledger().sequence();
    List<JsonNode> out = new ArrayList<>();
    for (LogEntry e : hub.ledger().search(null, type, null, null, 10_000)) {
      out.add(Json.MAPPER.readTree(e.entry()));
    }
    return out;
  }
}
