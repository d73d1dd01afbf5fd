package org.liaison.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A tree restored from {@link MerkleLog#exportHashes} answers exactly as the tree it came from
 * and as the RFC 9162 definition ({@link NaiveMerkle}), and keeps doing so as it grows.
 */
class MerkleLogRestoreTest {

  private static List<byte[]> entries(int n, int seed) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(("{\"seed\":" + seed + ",\"entry\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static MerkleLog appended(List<byte[]> entries, int n) {
    MerkleLog t = new MerkleLog();
    for (int i = 0; i < n; i++) {
      t.append(Merkle.leafHash(entries.get(i)));
    }
    return t;
  }

  /** Exports {@code tree} at {@code size} into one byte array per level, then restores from them. */
  private static MerkleLog roundTrip(MerkleLog tree, long size) throws Exception {
    List<ByteArrayOutputStream> levels = new ArrayList<>();
    for (int l = 0; l < MerkleLog.levels(size); l++) {
      levels.add(new ByteArrayOutputStream());
    }
    tree.exportHashes(size, (level, bytes, off, len) -> levels.get(level).write(bytes, off, len));
    for (int l = 0; l < levels.size(); l++) {
      assertThat(levels.get(l).size()).as("level %d", l).isEqualTo(MerkleLog.levelSize(size, l) * Merkle.HASH_BYTES);
    }
    List<ByteBuffer> sources = levels.stream().map(b -> ByteBuffer.wrap(b.toByteArray())).toList();
    MerkleLog restored = MerkleLog.restore(size, (level, into, off, len) -> sources.get(level).get(into, off, len));
    for (ByteBuffer b : sources) {
      assertThat(b.hasRemaining()).as("every exported hash read back").isFalse();
    }
    return restored;
  }

  /** Roots at every size, every inclusion proof and every consistency proof of {@code t} match the definition. */
  private static void assertMatchesDefinition(MerkleLog t, NaiveMerkle naive, int n) {
    assertThat(t.size()).isEqualTo(n);
    for (int m = 0; m <= n; m++) {
      assertThat(t.root(m)).as("root(%d)", m).isEqualTo(naive.mth(0, m));
    }
    for (int i = 0; i < n; i++) {
      assertThat(t.inclusionProof(i, n)).as("PATH(%d, %d)", i, n).containsExactlyElementsOf(naive.path(i, 0, n));
    }
    for (int m = 1; m <= n; m++) {
      assertThat(Merkle.verifyConsistency(m, n, t.consistencyProof(m, n), naive.mth(0, m), naive.mth(0, n)))
          .as("consistency %d -> %d", m, n).isTrue();
    }
  }

  @Property(tries = 60)
  void a_restored_tree_equals_the_appended_one_and_grows_alike(
      @ForAll @IntRange(min = 0, max = 200) int exported,
      @ForAll @IntRange(min = 0, max = 60) int later,
      @ForAll @IntRange(min = 0, max = 40) int moreBeforeExport,
      @ForAll @IntRange(min = 0, max = 1000) int seed) throws Exception {
    List<byte[]> entries = entries(exported + later + moreBeforeExport, seed);
    // The source tree may already be larger than the size exported: a past size is exported.
    MerkleLog source = appended(entries, exported + moreBeforeExport);
    MerkleLog restored = roundTrip(source, exported);
    assertMatchesDefinition(restored, new NaiveMerkle(entries), exported);
    for (int i = exported; i < exported + later; i++) {
      assertThat(restored.append(Merkle.leafHash(entries.get(i)))).isEqualTo(i);
    }
    assertMatchesDefinition(restored, new NaiveMerkle(entries), exported + later);
  }

  @Test
  void a_tree_spanning_several_storage_chunks_round_trips_and_grows() throws Exception {
    // 70,000 leaves cross the 32,768-hash chunk boundary twice at level 0 and once at level 1.
    int n = 70_000;
    List<byte[]> entries = entries(n + 3, 7);
    MerkleLog source = appended(entries, n);
    MerkleLog restored = roundTrip(source, n);
    for (long m : new long[] {1, 2, 3, 32_767, 32_768, 32_769, 65_536, 65_537, n}) {
      assertThat(restored.root(m)).as("root(%d)", m).isEqualTo(source.root(m));
    }
    for (long i : new long[] {0, 32_767, 32_768, 65_535, 65_536, n - 1}) {
      assertThat(restored.inclusionProof(i, n)).containsExactlyElementsOf(source.inclusionProof(i, n));
    }
    for (int i = n; i < n + 3; i++) {
      source.append(Merkle.leafHash(entries.get(i)));
      restored.append(Merkle.leafHash(entries.get(i)));
      assertThat(restored.root()).isEqualTo(source.root());
    }
  }
}
