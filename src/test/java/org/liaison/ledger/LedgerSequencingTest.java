package org.liaison.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.store.Database;
import org.liaison.store.StoreException;
import org.liaison.proof.Checkpoint;
import org.liaison.proof.CompactRange;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.LogEntry;
import org.liaison.proof.Merkle;
import org.liaison.proof.Receipt;
import org.liaison.proof.SignedNote;

/** The hub's ledger over a real SQLite file: indexing, failed transactions, restarts, catching up. */
class LedgerSequencingTest {
  private static final LedgerKey KEY = LedgerKey.generate("liaison/seq");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;
  private Database db;
  private final List<Ledger> open = new ArrayList<>();

  @BeforeEach
  void openDatabase() {
    db = Database.embedded(dir);
  }

  @AfterEach
  void closeAll() {
    open.forEach(Ledger::close);
    db.close();
  }

  private Ledger ledger(boolean indexOnRecord) {
    Ledger l = Ledger.open(db, KEY, "liaison/seq", CLOCK, indexOnRecord);
    open.add(l);
    return l;
  }

  private static Receipt record(Ledger l, Database db, int n) {
    return db.inTransaction(c -> l.record(c, l.entry("test.entry", "blue", CLOCK.instant()).put("n", n))).receipt();
  }

  /** The root recomputed from the stored entry bytes, independently of the ledger's tree. */
  private static byte[] rootOfEntries(Ledger l) {
    CompactRange r = new CompactRange();
    for (LogEntry e : l.entries(0, l.size())) {
      r.append(Merkle.leafHash(e.entry()));
    }
    return r.root();
  }

  @Test
  void receipts_carry_the_index_when_the_write_transaction_assigns_it() throws Exception {
    Ledger l = ledger(true);
    for (int i = 0; i < 5; i++) {
      Receipt r = record(l, db, i);
      assertThat(r.index()).isEqualTo(i);
      assertThat(r.verify(KEY.publicKey())).isTrue();
    }
    l.sequence();
    assertThat(l.size()).isEqualTo(5);
    Checkpoint head = SignedNote.verify(l.checkpointNote(), KEY.verifierKey());
    assertThat(head.size()).isEqualTo(5);
    assertThat(head.root()).isEqualTo(rootOfEntries(l));
  }

  @Test
  void a_rolled_back_write_leaves_neither_entry_nor_gap() {
    Ledger l = ledger(true);
    record(l, db, 0);
    assertThatThrownBy(() -> db.inTransaction(c -> {
      l.record(c, l.entry("test.entry", "blue", CLOCK.instant()).put("n", 1));
      throw new SQLException("the change this entry records failed");
    })).isInstanceOf(StoreException.class);
    Receipt next = record(l, db, 2);
    assertThat(next.index()).isEqualTo(1);
    l.sequence();
    assertThat(l.size()).isEqualTo(2);
    assertThat(l.entries(0, 2)).extracting(e -> new String(e.entry(), java.nio.charset.StandardCharsets.UTF_8))
        .allSatisfy(s -> assertThat(s).doesNotContain("\"n\":1"));
    assertThat(l.published().checkpoint().root()).isEqualTo(rootOfEntries(l));
  }

  @Test
  void the_sequencer_indexes_entries_recorded_without_an_index() throws Exception {
    Ledger l = ledger(false);
    for (int i = 0; i < 7; i++) {
      assertThat(record(l, db, i).index()).isNull();
    }
    l.sequence(); // the background sequencer may have been first; either way all 7 are in
    assertThat(l.size()).isEqualTo(7);
    assertThat(l.sequence()).isZero();
    assertThat(l.entries(0, 7)).extracting(LogEntry::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    Checkpoint head = SignedNote.verify(l.checkpointNote(), KEY.verifierKey());
    assertThat(head.size()).isEqualTo(7);
    assertThat(head.root()).isEqualTo(rootOfEntries(l));
  }

  @Test
  void entries_stored_without_an_index_are_indexed_when_an_indexing_ledger_opens() throws Exception {
    // An indexing ledger sweeps for unindexed entries once, at open, not after every commit; the
    // entry below stands for one written before entries were indexed as they were recorded.
    Ledger first = ledger(true);
    record(first, db, 0);
    first.sequence();
    first.close();
    Ledger.Prepared old = first.prepare(first.entry("test.entry", "blue", CLOCK.instant()).put("n", 1));
    db.inTransaction(c -> {
      try (var ps = c.prepareStatement(
          "INSERT INTO ledger_entries (entry, leaf_hash, type, party, time_ms) VALUES (?, ?, ?, ?, ?)")) {
        ps.setBytes(1, old.bytes());
        ps.setBytes(2, old.leafHash());
        ps.setString(3, old.type());
        ps.setString(4, old.party());
        ps.setLong(5, old.time().toEpochMilli());
        return ps.executeUpdate();
      }
    });

    Ledger again = ledger(true);
    assertThat(again.size()).isEqualTo(2);
    assertThat(record(again, db, 2).index()).isEqualTo(2);
    again.sequence();
    assertThat(again.size()).isEqualTo(3);
    assertThat(again.entries(0, 3)).extracting(LogEntry::index).containsExactly(0L, 1L, 2L);
    assertThat(again.published().checkpoint().root()).isEqualTo(rootOfEntries(again));
  }

  @Test
  void a_sequencer_that_lost_a_race_catches_up_from_the_rows_the_winner_wrote() {
    // Two instances on one database: what the second sees is what a sequencer sees after a commit
    // it believed had failed. Neither may fork or skip.
    Ledger a = ledger(false);
    Ledger b = ledger(false);
    for (int i = 0; i < 4; i++) {
      record(a, db, i);
    }
    a.sequence();
    assertThat(a.size()).isEqualTo(4);
    for (int i = 4; i < 6; i++) {
      record(b, db, i);
    }
    b.sequence();
    assertThat(b.size()).isEqualTo(6);
    a.sequence();
    assertThat(a.size()).isEqualTo(6);
    assertThat(a.tree().root()).isEqualTo(b.tree().root()).isEqualTo(rootOfEntries(a));
  }

  @Test
  void the_sequencer_thread_publishes_a_checkpoint_on_its_own() throws Exception {
    Ledger l = ledger(true);
    record(l, db, 0);
    l.nudge();
    // Normally milliseconds; the generous deadline only keeps a loaded test machine from flaking.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (l.published().checkpoint().size() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(2); // waiting for the sequencer thread, not for a clock
    }
    assertThat(l.published().checkpoint().size()).isEqualTo(1);
  }

  @Test
  void after_a_restart_the_log_is_intact_and_keeps_growing_consistently() throws Exception {
    Ledger first = ledger(true);
    for (int i = 0; i < 11; i++) {
      record(first, db, i);
    }
    first.sequence();
    Checkpoint before = SignedNote.verify(first.checkpointNote(), KEY.verifierKey());
    first.close();
    db.close();

    db = Database.embedded(dir);
    Ledger again = ledger(true);
    assertThat(again.size()).isEqualTo(11);
    assertThat(SignedNote.verify(again.checkpointNote(), KEY.verifierKey())).isEqualTo(before);
    assertThat(record(again, db, 11).index()).isEqualTo(11);
    again.sequence();
    Checkpoint after = SignedNote.verify(again.checkpointNote(), KEY.verifierKey());
    assertThat(after.size()).isEqualTo(12);
    assertThat(Merkle.verifyConsistency(11, 12, again.tree().consistencyProof(11, 12), before.root(), after.root()))
        .isTrue();
  }

  @Test
  void a_restart_over_a_rewritten_log_refuses_to_sign_it() throws Exception {
    Ledger first = ledger(true);
    for (int i = 0; i < 3; i++) {
      record(first, db, i);
    }
    first.sequence();
    first.close();
    db.close();
    // An attacker with the file: drop the guard trigger, rewrite entry 1 and its leaf hash.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hub.db"));
        Statement st = c.createStatement()) {
      st.execute("DROP TRIGGER ledger_entries_no_update");
      byte[] forged = "{\"n\":99,\"party\":\"blue\",\"time\":\"2026-05-01T12:00:00Z\",\"type\":\"test.entry\"}"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      try (var ps = c.prepareStatement("UPDATE ledger_entries SET entry = ?, leaf_hash = ? WHERE seq = 2")) {
        ps.setBytes(1, forged);
        ps.setBytes(2, Merkle.leafHash(forged));
        ps.executeUpdate();
      }
    }
    db = Database.embedded(dir);
    assertThatThrownBy(() -> ledger(true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not match the checkpoint this hub signed at size 3")
        .hasMessageContaining("rewritten");
  }

  @Test
  void the_storage_layer_refuses_to_update_or_delete_entries() {
    Ledger l = ledger(true);
    record(l, db, 0);
    assertThatThrownBy(() -> db.inTransaction(c -> {
      try (Statement st = c.createStatement()) {
        return st.executeUpdate("UPDATE ledger_entries SET party = 'red'");
      }
    })).hasMessageContaining("append-only");
    assertThatThrownBy(() -> db.inTransaction(c -> {
      try (Statement st = c.createStatement()) {
        return st.executeUpdate("DELETE FROM ledger_entries");
      }
    })).hasMessageContaining("append-only");
  }
}
