package org.liaison.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.store.Database;
import org.liaison.testkit.PgDatabases;
import org.liaison.proof.CompactRange;
import org.liaison.proof.Cosignature;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.Merkle;
import org.liaison.proof.Receipt;
import org.liaison.proof.SignedNote;
import org.liaison.proof.Witness;
import org.liaison.proof.WitnessKey;

/**
 * The ledger over a real PostgreSQL server, where writers leave indexing to the sequencer: the
 * whole hub path (DSS writes, API, verify, witnesses, so the V5 migration too), and two
 * sequencers racing on one database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerPostgresTest {
  private final PgDatabases databases = new PgDatabases("ledger");

  @TempDir
  Path dir;

  @AfterAll
  void stopPostgres() {
    databases.close();
  }

  private String freshDatabase() {
    return databases.fresh();
  }

  @Test
  void a_hub_on_postgres_sequences_serves_verifies_and_takes_cosignatures() throws Exception {
    LedgerKey blueKey = LedgerKey.generate("witness.blue.example");
    try (HubFixture hub = HubFixture.start(dir, freshDatabase())) {
      for (int i = 0; i < 5; i++) {
        Receipt r = hub.putNotice(i % 2 == 0 ? "red" : "blue", 30.0 + i * 0.1);
        assertThat(r.verify(hub.ledger().key().publicKey())).isTrue();
      }
      LedgerClient blue = new LedgerClient(hub.uri, hub.token("blue", LedgerRoutes.WITNESS));
      blue.registerWitness("blue", WitnessKey.of(blueKey));
      hub.sequence();
      assertThat(hub.ledger().size()).isEqualTo(6);

      LedgerClient.CheckpointInfo cp = blue.checkpoint();
      Witness w = new Witness(blueKey, hub.ledger().origin(), hub.ledger().key().verifierKey(), Clock.systemUTC());
      String cosigned = blue.submitCosignature(cp.note(), w.cosign(cp.note(), List.of()));
      assertThat(Cosignature.verify(cosigned, blueKey.name(), blueKey.publicKey())).isNotNull();

      LedgerCommandTest.Run r = LedgerCommandTest.run("verify", "--hub", hub.uri.toString(), "--token", hub.readToken());
      assertThat(r.exit()).as(r.all()).isZero();
      assertThat(r.out()).contains("VERIFIED: liaison/test at size 6")
          .contains("cosignature by blue's witness witness.blue.example");
      String leaf = java.util.Base64.getEncoder().encodeToString(hub.ledger().entries(2, 3).get(0).leafHash());
      LedgerCommandTest.Run prove = LedgerCommandTest.run("prove", "--hub", hub.uri.toString(), "--token",
          hub.readToken(), "--entry", leaf);
      assertThat(prove.out()).as(prove.all()).contains("PROVEN: entry 2 is in liaison/test at size 6");
    }
  }

  private static void sequenceOrLoseTheRace(Ledger l) {
    try {
      l.sequence();
    } catch (org.liaison.store.StoreException lost) {
      // the other sequencer won this round; nothing in memory changed
    }
  }

  @Test
  void racing_sequencers_on_one_database_agree_on_one_history() throws Exception {
    LedgerKey key = LedgerKey.generate("liaison/race");
    try (Database db = Database.postgres(freshDatabase());
        Ledger a = Ledger.open(db, key, "liaison/race", Clock.systemUTC(), false);
        Ledger b = Ledger.open(db, key, "liaison/race", Clock.systemUTC(), false)) {
      for (int round = 0; round < 5; round++) {
        Ledger writer = round % 2 == 0 ? a : b;
        for (int i = 0; i < 7; i++) {
          int n = round * 7 + i;
          Receipt r = db.inTransaction(c -> writer.record(c, writer.entry("test.entry", "blue", writer.now()).put("n", n))).receipt();
          assertThat(r.index()).isNull();
        }
        // Serializable transactions: the loser of a race on an index gets a serialization failure,
        // retries, and reads back the winner's rows. Should it still fail, the next round heals.
        Thread race = new Thread(() -> sequenceOrLoseTheRace(a));
        race.start();
        sequenceOrLoseTheRace(b);
        race.join();
      }
      a.sequence();
      b.sequence();
      assertThat(a.size()).isEqualTo(35).isEqualTo(b.size());
      assertThat(a.tree().root()).isEqualTo(b.tree().root());
      CompactRange fromRows = new CompactRange();
      a.entries(0, 35).forEach(e -> fromRows.append(Merkle.leafHash(e.entry())));
      assertThat(fromRows.root()).isEqualTo(a.tree().root());
      assertThat(SignedNote.verify(a.checkpointNote(), key.verifierKey()).size()).isEqualTo(35);
    }
  }
}
