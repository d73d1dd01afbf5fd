package org.liaison.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.liaison.testkit.EmbeddedPg;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.cli.AdminCommand;
import org.liaison.cli.LedgerCommand;
import org.liaison.http.Json;
import picocli.CommandLine;

/**
 * {@code liaison admin backup | restore | verify} end to end: a hub with real data, written over
 * HTTP and still being written to while the backup runs, restored into a fresh embedded store and
 * into PostgreSQL, and the other way round; a hub started on each restored store serves the data
 * and its ledger verifies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupRestoreTest {
  private final AtomicInteger databases = new AtomicInteger();
  private EmbeddedPostgres pg;

  @TempDir
  Path dir;

  @BeforeAll
  void startPostgres() throws Exception {
    pg = EmbeddedPg.start();
  }

  @AfterAll
  void stopPostgres() throws Exception {
    pg.close();
  }

  String freshDatabase() throws Exception {
    String name = "admin_" + databases.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  static Run admin(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = AdminCommand.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Run ledgerVerify(Traffic hub) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = LedgerCommand.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute("verify", "--hub", hub.uri.toString(), "--sub", "auditor");
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void a_running_sqlite_hub_backs_up_and_restores_into_a_fresh_data_dir_and_into_postgres() throws Exception {
    Path source = dir.resolve("source");
    Path file = dir.resolve("hub.backup.gz");
    Traffic.Written w;
    long ledgerAtBackup;
    try (Traffic hub = Traffic.start(source, null)) {
      w = hub.writeSome(6);
      // The hub keeps taking writes while the backup reads: the snapshot must still be consistent.
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread writer = new Thread(() -> {
        for (int i = 0; !stop.get(); i++) {
          try {
            hub.putNotice(java.util.UUID.randomUUID().toString(), "green", 40.0 + i * 0.01);
          } catch (Throwable e) {
            failed.set(e);
            return;
          }
        }
      });
      writer.start();
      try {
        Thread.sleep(300);
        ledgerAtBackup = hub.hub.ledger().size();
        Run b = admin("backup", "--data", source.toString(), "--out", file.toString());
        assertThat(b.exit()).as(b.all()).isZero();
        assertThat(b.out()).contains("BACKED UP", "operational_intents", "ledger_entries", "key recorded");
      } finally {
        stop.set(true);
        writer.join();
      }
      assertThat(failed.get()).isNull();
    }
    assertThat(Files.exists(dir.resolve("hub.backup.gz.partial"))).isFalse();
    // Every table the migrations create is in the file; Flyway's history is not (restore migrates).
    List<String> tables = new java.util.ArrayList<>();
    Json.MAPPER.readTree(Damage.lines(Files.readAllBytes(file)).get(0)).path("tables")
        .forEach(t -> tables.add(t.path("name").asText()));
    assertThat(tables).contains("operational_intents", "constraint_refs", "subscriptions", "uss_availability", "reports",
        "settings", "channel_parties", "channels", "channel_memberships", "channel_messages", "channel_deliveries",
        "channel_events", "channel_event_audience", "channel_counters", "ledger_entries", "ledger_index",
        "ledger_checkpoints", "ledger_witnesses", "ledger_cosignatures").doesNotContain(Layout.FLYWAY_HISTORY);
    // Parents before children, so foreign keys hold row by row during the load.
    assertThat(tables.indexOf("channels")).isLessThan(tables.indexOf("channel_messages"));
    assertThat(tables.indexOf("channel_messages")).isLessThan(tables.indexOf("channel_deliveries"));
    assertThat(tables.indexOf("ledger_entries")).isLessThan(tables.indexOf("ledger_index"));

    Run verified = admin("verify", "--in", file.toString());
    assertThat(verified.exit()).as(verified.all()).isZero();
    assertThat(verified.out()).contains("VERIFIED", "recompute the signed root");

    Path sqlite = dir.resolve("restored-sqlite");
    Run r = admin("restore", "--in", file.toString(), "--data", sqlite.toString(), "--ledger-key",
        source.resolve(Store.LEDGER_KEY_FILE).toString());
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("RESTORED", "recompute the signed root", "--name test");
    assertRestoredHubServes(Traffic.start(sqlite, null), w, ledgerAtBackup);

    Path pgKeys = dir.resolve("restored-pg");
    String url = freshDatabase();
    Run p = admin("restore", "--in", file.toString(), "--db", url, "--data", pgKeys.toString(), "--ledger-key",
        source.resolve(Store.LEDGER_KEY_FILE).toString());
    assertThat(p.exit()).as(p.all()).isZero();
    assertThat(p.out()).contains("RESTORED", "(postgresql)");
    assertRestoredHubServes(Traffic.start(pgKeys, url), w, ledgerAtBackup);
  }

  @Test
  void a_postgres_hub_backs_up_and_restores_into_sqlite() throws Exception {
    String url = freshDatabase();
    Path keys = dir.resolve("pg-hub");
    Path file = dir.resolve("pg.backup.gz");
    Traffic.Written w;
    long ledger;
    try (Traffic hub = Traffic.start(keys, url)) {
      w = hub.writeSome(4);
      hub.hub.ledger().sequence();
      ledger = hub.hub.ledger().size();
      Run b = admin("backup", "--db", url, "--data", keys.toString(), "--out", file.toString());
      assertThat(b.exit()).as(b.all()).isZero();
    }
    Path sqlite = dir.resolve("from-pg");
    Run r = admin("restore", "--in", file.toString(), "--data", sqlite.toString(), "--ledger-key",
        keys.resolve(Store.LEDGER_KEY_FILE).toString());
    assertThat(r.exit()).as(r.all()).isZero();
    assertRestoredHubServes(Traffic.start(sqlite, null), w, ledger);
  }

  /** Starts nothing itself: takes the hub started on the restored store, checks it, closes it. */
  private void assertRestoredHubServes(Traffic restored, Traffic.Written w, long ledgerAtLeast) throws Exception {
    try (restored) {
      for (int i = 0; i < w.notices().size(); i++) {
        String party = i % 2 == 0 ? "red" : "blue";
        JsonNode n = Traffic.expect(restored.get(Traffic.OIR + w.notices().get(i), restored.token(party,
            List.of(Traffic.SC))), 200);
        assertThat(n.path("operational_intent_reference").path("ovn").asText()).isEqualTo(w.ovns().get(i));
      }
      Traffic.expect(restored.get("/dss/v1/subscriptions/" + w.watch(), restored.token("blue", List.of(Traffic.SC))), 200);
      JsonNode m = Traffic.expect(restored.get("/liaison/v1/channels/" + w.channel() + "/messages/" + w.message(),
          restored.token("red", Traffic.CHANNELS)), 200);
      assertThat(m.toString()).contains("Strikes planned at 0600Z", "Understood");
      long restoredSize = restored.hub.ledger().size();
      assertThat(restoredSize).as("entries in the restored ledger").isGreaterThanOrEqualTo(ledgerAtLeast);
      // The restored hub goes on writing: its identity counters and ledger carry on from the backup.
      restored.putNotice(java.util.UUID.randomUUID().toString(), "red", 60.0);
      restored.hub.ledger().sequence();
      assertThat(restored.hub.ledger().size()).isGreaterThan(restoredSize);
      Run v = ledgerVerify(restored);
      assertThat(v.exit()).as(v.all()).isZero();
      assertThat(v.out()).contains("VERIFIED: liaison/test");
    }
  }

  @Test
  void restore_refuses_a_target_with_data_and_names_it_unless_forced() throws Exception {
    Path source = dir.resolve("src");
    Path file = dir.resolve("b.gz");
    try (Traffic hub = Traffic.start(source, null)) {
      hub.writeSome(2);
      assertThat(admin("backup", "--data", source.toString(), "--out", file.toString()).exit()).isZero();
    }
    Run refused = admin("restore", "--in", file.toString(), "--data", source.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("is not empty", source.toString(), "operational_intents (2 rows)", "--force");

    Run forced = admin("restore", "--in", file.toString(), "--data", source.toString(), "--force");
    assertThat(forced.exit()).as(forced.all()).isZero();
    assertThat(forced.out()).contains("is the one that signed this ledger");
    try (Traffic again = Traffic.start(source, null)) {
      Run v = ledgerVerify(again);
      assertThat(v.exit()).as(v.all()).isZero();
    }
  }

  @Test
  void bad_input_is_refused_with_a_clear_error_and_restores_nothing() throws Exception {
    Path source = dir.resolve("good");
    Path file = dir.resolve("good.gz");
    try (Traffic hub = Traffic.start(source, null)) {
      hub.writeSome(3);
      assertThat(admin("backup", "--data", source.toString(), "--out", file.toString()).exit()).isZero();
    }
    byte[] gz = Files.readAllBytes(file);
    List<String> lines = Damage.lines(gz);

    Damage.expectRefused(this, "truncated", java.util.Arrays.copyOf(gz, gz.length / 2), "truncated");
    Damage.expectRefused(this, "not-gzip", "hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "not a gzip file");
    Damage.expectRefused(this, "flipped", Damage.flip(gz, gz.length / 2), "backup");
    // A row altered after the fact: the checksum gives it away.
    int row = Damage.firstRowOf(lines, "operational_intents");
    List<String> altered = new java.util.ArrayList<>(lines);
    altered.set(row, lines.get(row).replace("https://", "http://"));
    assertThat(altered.get(row)).isNotEqualTo(lines.get(row));
    Damage.expectRefused(this, "altered", Damage.gzip(altered), "checksum does not match");
    // The checksum recomputed too, but the ledger entry no longer hashes to the signed root.
    int entry = Damage.firstRowOf(lines, "ledger_entries");
    JsonNode e = Json.MAPPER.readTree(lines.get(entry));
    List<String> forged = new java.util.ArrayList<>(lines);
    String entryB64 = e.get(1).asText();
    byte[] bytes = java.util.Base64.getDecoder().decode(entryB64);
    bytes[bytes.length / 2] ^= 1;
    forged.set(entry, lines.get(entry).replace(entryB64, java.util.Base64.getEncoder().encodeToString(bytes)));
    Damage.expectRefused(this, "forged", Damage.gzip(Damage.resealed(forged)), "ledger check failed");
    // A backup from a schema this Liaison does not have.
    JsonNode header = Json.MAPPER.readTree(lines.get(0));
    ((com.fasterxml.jackson.databind.node.ObjectNode) header).put("schema_version", "99");
    List<String> future = new java.util.ArrayList<>(lines);
    future.set(0, header.toString());
    Damage.expectRefused(this, "future", Damage.gzip(Damage.resealed(future)), "wrong schema version");
    // Extra data after the checksum line, and a checksum line missing.
    List<String> trailing = new java.util.ArrayList<>(lines);
    trailing.add("[\"more\"]");
    Damage.expectRefused(this, "trailing", Damage.gzip(trailing), "after the checksum line");
    Damage.expectRefused(this, "no-footer", Damage.gzip(lines.subList(0, lines.size() - 1)), "without its checksum line");
  }

  /** Used by {@link Damage}: the restore fails naming {@code why}, and the target is still empty. */
  void expectRefusedInto(String name, Path file, String why) {
    Path target = dir.resolve("target-" + name);
    Run r = admin("restore", "--in", file.toString(), "--data", target.toString());
    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.err()).as(name).contains(why);
    // Nothing half-restored: a good backup still goes into the same target without --force.
    Run good = admin("restore", "--in", dir.resolve("good.gz").toString(), "--data", target.toString());
    assertThat(good.exit()).as(name + ": " + good.all()).isZero();
  }
}
