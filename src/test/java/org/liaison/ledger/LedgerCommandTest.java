package org.liaison.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.cli.LedgerCommand;
import picocli.CommandLine;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.Receipt;
import org.liaison.proof.SignedNote;

/**
 * {@code liaison ledger verify | export | prove} run in-process against a real hub: an honest log
 * verifies, online and offline; a log altered behind the hub's back does not, and the verdict says
 * which entry.
 */
class LedgerCommandTest {
  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = LedgerCommand.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static List<Receipt> notices(HubFixture hub, int from, int count) throws Exception {
    List<Receipt> receipts = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      receipts.add(hub.putNotice(i % 3 == 0 ? "red" : "blue", 10.0 + i * 0.1));
    }
    hub.sequence();
    return receipts;
  }

  @Test
  void an_honest_log_verifies_and_keeps_verifying_from_a_saved_checkpoint() throws Exception {
    Path saved = dir.resolve("checkpoint.txt");
    try (HubFixture hub = HubFixture.start(dir.resolve("hub"))) {
      notices(hub, 0, 9);
      Run first = run("verify", "--hub", hub.uri.toString(), "--token", hub.readToken(), "--save-checkpoint", saved.toString());
      assertThat(first.exit()).as(first.all()).isZero();
      assertThat(first.out()).contains("every one of the 9 leaf hashes matches its entry")
          .contains("the 9 entries recompute the signed root")
          .contains("VERIFIED: liaison/test at size 9");
      assertThat(first.err()).contains("downloaded 9/9 entries (100%)");
      assertThat(SignedNote.verify(Files.readString(saved), hub.ledger().key().verifierKey()).size()).isEqualTo(9);

      notices(hub, 9, 4);
      Run second = run("verify", "--hub", hub.uri.toString(), "--sub", "auditor", "--from-checkpoint", saved.toString(),
          "--key", hub.ledger().key().vkey());
      assertThat(second.exit()).as(second.all()).isZero();
      assertThat(second.out()).contains("the saved checkpoint (size 9) is a prefix of the log: it only grew")
          .contains("the hub's consistency proof from size 9 to 13 verifies")
          .contains("VERIFIED: liaison/test at size 13");
    }
  }

  @Test
  void an_entry_changed_in_the_database_fails_verify_naming_the_entry() throws Exception {
    try (HubFixture hub = HubFixture.start(dir.resolve("hub"))) {
      notices(hub, 0, 6);
      // An attacker with access to the file: the trigger forbids UPDATE, so they drop it first.
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + hub.databaseFile());
          Statement st = c.createStatement()) {
        st.execute("PRAGMA busy_timeout = 10000");
        st.execute("DROP TRIGGER ledger_entries_no_update");
        byte[] entry;
        try (ResultSet rs = st.executeQuery(
            "SELECT e.entry FROM ledger_entries e JOIN ledger_index i ON i.seq = e.seq WHERE i.idx = 3")) {
          rs.next();
          entry = rs.getBytes(1);
        }
        String text = new String(entry, StandardCharsets.UTF_8);
        assertThat(text).contains("\"party\":\"red\"");
        byte[] forged = text.replace("\"party\":\"red\"", "\"party\":\"rex\"").getBytes(StandardCharsets.UTF_8);
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE ledger_entries SET entry = ? WHERE seq = (SELECT seq FROM ledger_index WHERE idx = 3)")) {
          ps.setBytes(1, forged);
          assertThat(ps.executeUpdate()).isEqualTo(1);
        }
      }
      Run r = run("verify", "--hub", hub.uri.toString(), "--token", hub.readToken());
      assertThat(r.exit()).as(r.all()).isEqualTo(1);
      assertThat(r.out()).contains("FAIL  entry 3: its bytes hash to leaf")
          .contains("the entry or its hash was altered")
          .contains("VERIFICATION FAILED")
          .doesNotContain("VERIFIED");
      assertThat(r.out()).contains("FAIL  the 6 entries give root");
    }
  }

  @Test
  void an_export_verifies_offline_and_an_altered_bundle_does_not() throws Exception {
    Path bundle = dir.resolve("ledger.jsonl");
    String vkey;
    try (HubFixture hub = HubFixture.start(dir.resolve("hub"))) {
      notices(hub, 0, 5);
      vkey = hub.ledger().key().vkey();
      Run export = run("export", "--hub", hub.uri.toString(), "--token", hub.readToken(), bundle.toString());
      assertThat(export.exit()).as(export.all()).isZero();
      assertThat(export.out()).contains("exported 5 entries of liaison/test");
    }
    // The hub is gone: the bundle is all there is.
    Run offline = run("verify", "--bundle", bundle.toString(), "--key", vkey);
    assertThat(offline.exit()).as(offline.all()).isZero();
    assertThat(offline.out()).contains("VERIFIED: liaison/test at size 5");

    List<String> lines = new ArrayList<>(Files.readAllLines(bundle));
    String line = lines.get(3); // entry 2
    int at = line.indexOf("\"entry\":\"") + 20;
    char c = line.charAt(at);
    lines.set(3, line.substring(0, at) + (c == 'A' ? 'B' : 'A') + line.substring(at + 1));
    Path altered = dir.resolve("altered.jsonl");
    Files.write(altered, lines);
    Run bad = run("verify", "--bundle", altered.toString());
    assertThat(bad.exit()).as(bad.all()).isEqualTo(1);
    assertThat(bad.out()).contains("FAIL  entry 2: its bytes hash to leaf").contains("VERIFICATION FAILED");

    Run otherKey = run("verify", "--bundle", bundle.toString(), "--key", LedgerKey.generate("liaison/test").vkey());
    assertThat(otherKey.exit()).as(otherKey.all()).isEqualTo(1);
    assertThat(otherKey.out()).contains("is not the trusted key");
  }

  @Test
  void prove_prints_the_entry_its_index_proof_and_checkpoint() throws Exception {
    try (HubFixture hub = HubFixture.start(dir.resolve("hub"))) {
      List<Receipt> receipts = notices(hub, 0, 7);
      Receipt asked = receipts.get(4);
      Run r = run("prove", "--hub", hub.uri.toString(), "--token", hub.readToken(), "--entry", asked.leafHash());
      assertThat(r.exit()).as(r.all()).isZero();
      assertThat(r.out()).contains("entry 4 (leaf hash " + asked.leafHash() + ")")
          .contains("\"type\" : \"notice.create\"")
          .contains("inclusion proof of index 4 in the tree of size 7 (3 hashes, leaf to root)")
          .contains("liaison/test\n  7\n")
          .contains("PROVEN: entry 4 is in liaison/test at size 7");

      Run missing = run("prove", "--hub", hub.uri.toString(), "--token", hub.readToken(), "--entry",
          java.util.HexFormat.of().formatHex(new byte[32]));
      assertThat(missing.exit()).isEqualTo(2);
      assertThat(missing.err()).contains("is not in the log");
    }
  }

  @Test
  void an_unreachable_hub_or_a_missing_token_cannot_be_verified() throws Exception {
    Run unreachable = run("verify", "--hub", "http://127.0.0.1:1", "--token", "x");
    assertThat(unreachable.exit()).isEqualTo(2);
    assertThat(unreachable.err()).contains("cannot verify").contains("cannot reach http://127.0.0.1:1");
    try (HubFixture hub = HubFixture.start(dir.resolve("hub"))) {
      Run anonymous = run("verify", "--hub", hub.uri.toString());
      assertThat(anonymous.exit()).isEqualTo(2);
      assertThat(anonymous.err()).contains("answered 401");
    }
  }
}
