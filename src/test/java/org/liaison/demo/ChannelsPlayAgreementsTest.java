package org.liaison.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.http.Json;
import org.liaison.keys.PartyKeys;
import org.liaison.keys.Statement;
import org.liaison.proof.LogEntry;

/**
 * The demo's agreements, without the day: every party has keys, so each proposal and acceptance
 * the demo makes is its own signed statement, and every agreement comes into force.
 */
class ChannelsPlayAgreementsTest {
  @TempDir Path dir;

  @Test
  void the_demos_parties_propose_and_accept_their_agreements_with_signed_statements() throws Exception {
    Scenario s = Scenario.builtIn();
    SimClock clock = new SimClock(Instant.parse("2026-03-01T05:40:00Z"), 1);
    try (Hub hub = Hub.start(new HubOptions("levant", "127.0.0.1", 0, dir.resolve("hub"), null, "localhost",
        List.of(), null, true, true), clock)) {
      Map<String, PartyKeys> keys = new LinkedHashMap<>();
      s.parties().forEach(p -> keys.put(p.id(), PartyKeys.generate(p.id(), clock.instant())));
      ChannelsPlay play = new ChannelsPlay(URI.create("http://127.0.0.1:" + hub.port()), hub, s, clock, keys, Map.of());
      PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      play.setUp(out);
      play.agree(out);

      assertThat(play.agreements()).isNotEmpty();
      hub.ledger().sequence();
      int proposals = 0;
      for (String type : List.of("agreement.propose", "agreement.accept")) {
        Statement.Type st = Statement.Type.parse(type);
        for (LogEntry le : hub.ledger().search(null, type, null, null, 1000)) {
          JsonNode e = Json.MAPPER.readTree(le.entry());
          String party = e.path("party").asText();
          if (type.equals("agreement.accept") && !e.has("statement")) {
            // The proposer's own acceptance, implied by its signed proposal.
            assertThat(hub.ledger().search(party, "agreement.propose", null, null, 1000)).isNotEmpty();
            continue;
          }
          Statement statement = Statement.parse(st, e.get("statement"));
          assertThat(statement.party()).isEqualTo(party);
          assertThat(statement.body().path("agreement_id").asText()).isEqualTo(e.path("agreement_id").asText());
          assertThat(statement.body().path("document_sha256").asText()).isEqualTo(e.path("document_sha256").asText());
          assertThat(statement.verify(keys.get(party).publicKeys().ed25519(), e.path("signature").asText()))
              .as(type + " by " + party).isTrue();
          proposals += type.equals("agreement.propose") ? 1 : 0;
        }
      }
      assertThat(proposals).isEqualTo(play.agreements().size());
    }
  }
}
