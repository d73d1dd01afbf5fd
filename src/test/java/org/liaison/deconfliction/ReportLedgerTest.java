package org.liaison.deconfliction;

import org.liaison.proof.LogEntry;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.ledger.Ledger;
import org.liaison.proof.Merkle;
import org.liaison.proof.Receipt;

class ReportLedgerTest {
  @Test
  void a_report_is_on_the_ledger_with_a_hash_of_its_text_and_a_valid_receipt(@TempDir Path dir) throws Exception {
    try (Hub hub = Hub.start(new HubOptions("t", "127.0.0.1", 0, dir, null, "localhost", List.of(), null, true, true),
        Clock.systemUTC())) {
      String doc = "{\"exchange\":{\"problem\":\"notification to http://b.example given up after 12 attempts\"}}";
      Receipt r = hub.airspace().saveReport("8c0b3b7e-4a1e-4f0e-9c1d-0c7d3f1e2a55", "alpha", doc);
      hub.ledger().sequence();

      List<LogEntry> entries = hub.ledger().entries(0, hub.ledger().size());
      LogEntry e = entries.get(entries.size() - 1);
      String json = new String(e.entry(), StandardCharsets.UTF_8);
      assertThat(json).contains("\"type\":\"report.filed\"").contains("\"party\":\"alpha\"")
          .contains("8c0b3b7e-4a1e-4f0e-9c1d-0c7d3f1e2a55").doesNotContain("given up");
      assertThat(Merkle.leafHash(e.entry())).isEqualTo(r.leafHashBytes());
      assertThat(r.verify(hub.ledger().key().publicKey())).isTrue();
    }
  }
}
