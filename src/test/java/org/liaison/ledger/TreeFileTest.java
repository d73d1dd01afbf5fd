package org.liaison.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.Merkle;
import org.liaison.proof.MerkleLog;
import org.liaison.store.Database;

/**
 * The ledger's tree read from a {@link TreeFile} equals the tree rebuilt from the database, and a
 * file that is stale, corrupt, truncated, of another log or that disagrees with the database is
 * refused, so the ledger rebuilds the tree from the stored entries and answers the same.
 */
class TreeFileTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-08T00:00:00Z"), ZoneOffset.UTC);
  private static final LedgerKey KEY = LedgerKey.generate("liaison/tree-test");
  private static final String ORIGIN = "liaison/tree-test";

  /** A real embedded store and the leaf hashes recorded in it, in order: the model. */
  private static final class Store implements AutoCloseable {
    final Path dir;
    final Path file;
    final Database db;
    final List<byte[]> leaves = new ArrayList<>();

    Store() throws IOException {
      dir = Files.createTempDirectory("liaison-tree-");
      file = dir.resolve("ledger-tree.snapshot");
      db = Database.embedded(dir);
    }

    /** A ledger that keeps its tree in the file (this build). */
    Ledger open() {
      return Ledger.open(db, KEY, ORIGIN, CLOCK, file);
    }

    /** A ledger that knows nothing of the file, as a build before it. */
    Ledger openWithoutFile() {
      return Ledger.open(db, KEY, ORIGIN, CLOCK, true);
    }

    void record(Ledger l, int n) {
      for (int i = 0; i < n; i++) {
        int k = leaves.size();
        Ledger.Recorded r = db.inTransaction(c -> l.record(c, l.entry("test.entry", "blue", CLOCK.instant()).put("n", k)));
        leaves.add(r.leafHash());
      }
    }

    @Override
    public void close() throws IOException {
      db.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The tree answers as one appended from the recorded leaves, and the checkpoint signs its root. */
  private static void assertSameAsRebuild(Ledger l, List<byte[]> leaves) {
    l.sequence(); // what the sequencer does within 200 ms
    MerkleLog rebuilt = new MerkleLog();
    leaves.forEach(rebuilt::append);
    MerkleLog tree = l.tree();
    assertThat(tree.size()).isEqualTo(leaves.size());
    for (int m = 0; m <= leaves.size(); m++) {
      assertThat(tree.root(m)).as("root(%d)", m).isEqualTo(rebuilt.root(m));
    }
    for (int i = 0; i < leaves.size(); i++) {
      assertThat(tree.leafHash(i)).isEqualTo(leaves.get(i));
      assertThat(tree.inclusionProof(i, leaves.size())).containsExactlyElementsOf(rebuilt.inclusionProof(i, leaves.size()));
    }
    assertThat(l.published().checkpoint().size()).isEqualTo(leaves.size());
    assertThat(l.published().checkpoint().root()).isEqualTo(rebuilt.root());
  }

  enum Step { RECORD, CLEAN_RESTART, CRASH, OLD_BUILD_RUN }

  @Property(tries = 15)
  void after_any_history_of_restarts_the_tree_equals_a_rebuild_from_the_database(
      @ForAll @Size(min = 1, max = 8) List<Step> steps,
      @ForAll @IntRange(min = 1, max = 40) int perRecord) throws IOException {
    try (Store s = new Store()) {
      Ledger l = s.open();
      for (Step step : steps) {
        switch (step) {
          case RECORD -> s.record(l, perRecord);
          case CLEAN_RESTART -> {
            l.close();
            assertThat(s.file).exists();
            l = s.open();
            assertThat(s.file).as("deleted once read").doesNotExist();
          }
          case CRASH -> {
            // A crash writes no file; the one read at open was deleted then.
            l.close();
            Files.deleteIfExists(s.file);
            l = s.open();
          }
          case OLD_BUILD_RUN -> {
            // Another build appends behind the file's back; the file's tree is a prefix of the log then.
            l.close();
            Ledger old = s.openWithoutFile();
            s.record(old, perRecord);
            old.close();
            l = s.open();
          }
        }
        assertSameAsRebuild(l, s.leaves);
      }
      l.close();
    }
  }

  @Test
  void a_tree_read_from_the_file_equals_the_rebuilt_one_and_the_file_is_deleted() throws IOException {
    try (Store s = new Store()) {
      Ledger first = s.open();
      s.record(first, 70);
      first.close();
      assertThat(s.file).exists();
      MerkleLog fromFile = readFile(s);
      assertThat(fromFile.size()).isEqualTo(70);
      Ledger second = s.open();
      assertThat(s.file).doesNotExist();
      assertSameAsRebuild(second, s.leaves);
      s.record(second, 5);
      assertSameAsRebuild(second, s.leaves);
      second.close();
      Ledger rebuilt = s.openWithoutFile();
      assertSameAsRebuild(rebuilt, s.leaves);
      rebuilt.close();
    }
  }

  private static MerkleLog readFile(Store s) {
    try {
      return TreeFile.read(s.file, ORIGIN);
    } catch (TreeFile.Refused e) {
      throw new AssertionError("refused: " + e.getMessage(), e);
    }
  }

  @Test
  void every_single_changed_byte_and_every_truncation_is_refused() throws Exception {
    try (Store s = new Store()) {
      Ledger l = s.open();
      s.record(l, 37);
      l.close();
      byte[] good = Files.readAllBytes(s.file);
      assertThat(readFile(s).root()).isEqualTo(l.tree().root());
      for (int at = 0; at < good.length; at++) {
        byte[] bad = good.clone();
        bad[at] ^= 0x10;
        Files.write(s.file, bad);
        int where = at;
        assertThatThrownBy(() -> TreeFile.read(s.file, ORIGIN)).as("byte %d changed", where)
            .isInstanceOf(TreeFile.Refused.class);
      }
      for (int at = 0; at < good.length; at++) {
        Files.write(s.file, Arrays.copyOf(good, at));
        int where = at;
        assertThatThrownBy(() -> TreeFile.read(s.file, ORIGIN)).as("cut to %d bytes", where)
            .isInstanceOf(TreeFile.Refused.class);
      }
      Files.write(s.file, Arrays.copyOf(good, good.length + 1));
      assertThatThrownBy(() -> TreeFile.read(s.file, ORIGIN)).isInstanceOf(TreeFile.Refused.class)
          .hasMessageContaining("extended");
      Files.write(s.file, good);
      assertThatThrownBy(() -> TreeFile.read(s.file, "liaison/other")).isInstanceOf(TreeFile.Refused.class)
          .hasMessageContaining("liaison/other");
      Files.delete(s.file);
      assertThatThrownBy(() -> TreeFile.read(s.file, ORIGIN)).isInstanceOf(TreeFile.Refused.class)
          .hasMessageContaining("there is none");
    }
  }

  @Test
  void a_corrupt_file_is_refused_and_the_tree_rebuilt_from_the_database() throws IOException {
    try (Store s = new Store()) {
      Ledger l = s.open();
      s.record(l, 20);
      l.close();
      byte[] bad = Files.readAllBytes(s.file);
      bad[bad.length - 40] ^= 1; // a hash of the top level
      Files.write(s.file, bad);
      Ledger reopened = s.open();
      assertThat(s.file).doesNotExist();
      assertSameAsRebuild(reopened, s.leaves);
      reopened.close();
    }
  }

  @Test
  void a_well_formed_file_the_database_does_not_confirm_is_refused() throws IOException {
    try (Store s = new Store()) {
      Ledger l = s.open();
      s.record(l, 20);
      l.close();
      // Checksums right, last leaf the database's, but the leaves before it are not the log's:
      // the root differs from the signed checkpoint's, so the database wins.
      MerkleLog forged = new MerkleLog();
      for (int i = 0; i < 19; i++) {
        forged.append(Merkle.leafHash(("forged " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      forged.append(s.leaves.get(19));
      TreeFile.write(s.file, forged, 20, ORIGIN);
      Ledger reopened = s.open();
      assertThat(s.file).doesNotExist();
      assertSameAsRebuild(reopened, s.leaves);
      reopened.close();

      // A file holding more entries than the database (taken from a longer copy of the log).
      MerkleLog longer = new MerkleLog();
      s.leaves.forEach(longer::append);
      longer.append(Merkle.leafHash(new byte[] {1}));
      TreeFile.write(s.file, longer, 21, ORIGIN);
      Ledger again = s.open();
      assertSameAsRebuild(again, s.leaves);
      again.close();

      // A file whose last leaf is not the database's entry at that index.
      MerkleLog shifted = new MerkleLog();
      s.leaves.subList(1, 20).forEach(shifted::append);
      TreeFile.write(s.file, shifted, 19, ORIGIN);
      Ledger third = s.open();
      assertSameAsRebuild(third, s.leaves);
      third.close();
    }
  }

  @Test
  void an_empty_log_round_trips() throws IOException {
    try (Store s = new Store()) {
      Ledger l = s.open();
      l.close();
      assertThat(readFile(s).size()).isZero();
      Ledger reopened = s.open();
      assertSameAsRebuild(reopened, s.leaves);
      s.record(reopened, 3);
      assertSameAsRebuild(reopened, s.leaves);
      reopened.close();
    }
  }
}
