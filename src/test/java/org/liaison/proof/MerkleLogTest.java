package org.liaison.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MerkleLogTest {
  private static final int MAX = 300;
  private static final List<byte[]> ENTRIES = new ArrayList<>();
  private static final MerkleLog LOG = new MerkleLog();
  private static NaiveMerkle naive;

  @BeforeAll
  static void buildTree() {
    for (int i = 0; i < MAX; i++) {
      byte[] entry = ("{\"entry\":" + i + "}").getBytes(StandardCharsets.UTF_8);
      ENTRIES.add(entry);
      assertThat(LOG.append(Merkle.leafHash(entry))).isEqualTo(i);
    }
    naive = new NaiveMerkle(ENTRIES);
  }

  @Test
  void root_at_every_size_matches_the_rfc_definition() {
    for (int n = 0; n <= MAX; n++) {
      assertThat(LOG.root(n)).as("root(%d)", n).isEqualTo(naive.mth(0, n));
    }
    assertThat(LOG.root()).isEqualTo(naive.mth(0, MAX));
    assertThat(LOG.root(0)).isEqualTo(Merkle.emptyRoot());
  }

  @Test
  void every_inclusion_proof_for_sizes_1_to_300_matches_naive_path_and_verifies() {
    int checked = 0;
    for (int n = 1; n <= MAX; n++) {
      byte[] root = LOG.root(n);
      for (int i = 0; i < n; i++) {
        List<byte[]> proof = LOG.inclusionProof(i, n);
        assertThat(proof).as("PATH(%d, D[%d])", i, n).containsExactlyElementsOf(naive.path(i, 0, n));
        assertThat(Merkle.verifyInclusion(LOG.leafHash(i), i, n, proof, root)).as("verify %d in %d", i, n).isTrue();
        checked++;
      }
    }
    assertThat(checked).isEqualTo(MAX * (MAX + 1) / 2);
  }

  @Test
  void every_consistency_proof_for_sizes_1_to_300_matches_naive_proof_and_verifies() {
    int checked = 0;
    for (int n = 1; n <= MAX; n++) {
      byte[] second = LOG.root(n);
      for (int m = 1; m <= n; m++) {
        List<byte[]> proof = LOG.consistencyProof(m, n);
        if (m == n) {
          assertThat(proof).isEmpty();
        } else {
          assertThat(proof).as("PROOF(%d, D[%d])", m, n).containsExactlyElementsOf(naive.proof(m, n));
        }
        assertThat(Merkle.verifyConsistency(m, n, proof, LOG.root(m), second)).as("verify %d -> %d", m, n).isTrue();
        checked++;
      }
    }
    assertThat(checked).isEqualTo(MAX * (MAX + 1) / 2);
  }

  @Test
  void consistency_from_the_empty_tree_is_an_empty_proof() {
    assertThat(LOG.consistencyProof(0, 17)).isEmpty();
    assertThat(Merkle.verifyConsistency(0, 17, List.of(), Merkle.emptyRoot(), LOG.root(17))).isTrue();
    assertThat(Merkle.verifyConsistency(0, 17, List.of(), LOG.root(1), LOG.root(17))).isFalse();
  }

  @Test
  void roots_and_proofs_match_the_certificate_transparency_vectors() {
    HexFormat hex = HexFormat.of();
    String[] data = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
    String[] roots = {
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    };
    MerkleLog log = new MerkleLog();
    for (String d : data) {
      log.append(Merkle.leafHash(hex.parseHex(d)));
    }
    for (int n = 0; n <= 8; n++) {
      assertThat(hex.formatHex(log.root(n))).as("root of size %d", n).isEqualTo(roots[n]);
    }
    assertThat(log.inclusionProof(0, 8)).map(hex::formatHex).containsExactly(
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(log.inclusionProof(5, 8)).map(hex::formatHex).containsExactly(
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
  }

  @Property(tries = 200)
  void proofs_in_larger_trees_match_naive(
      @ForAll @IntRange(min = 1, max = 5000) int n,
      @ForAll @IntRange(min = 0, max = 4999) int a) {
    List<byte[]> entries = new ArrayList<>();
    MerkleLog log = new MerkleLog();
    for (int i = 0; i < n; i++) {
      byte[] entry = new byte[] {(byte) i, (byte) (i >> 8), 7};
      entries.add(entry);
      log.append(Merkle.leafHash(entry));
    }
    NaiveMerkle reference = new NaiveMerkle(entries);
    int i = a % n;
    int m = 1 + a % n;
    assertThat(log.root()).isEqualTo(reference.mth(0, n));
    assertThat(log.inclusionProof(i, n)).containsExactlyElementsOf(reference.path(i, 0, n));
    if (m < n) {
      assertThat(log.consistencyProof(m, n)).containsExactlyElementsOf(reference.proof(m, n));
    }
    assertThat(Merkle.verifyConsistency(m, n, log.consistencyProof(m, n), log.root(m), log.root())).isTrue();
  }

  @Test
  void invalid_arguments_name_the_bad_value() {
    assertThatThrownBy(() -> LOG.inclusionProof(MAX, MAX)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaf index " + MAX);
    assertThatThrownBy(() -> LOG.inclusionProof(-1, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> LOG.inclusionProof(0, MAX + 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tree size " + (MAX + 1));
    assertThatThrownBy(() -> LOG.inclusionProof(0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaf index 0");
    assertThatThrownBy(() -> LOG.root(MAX + 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(MAX + 1));
    assertThatThrownBy(() -> LOG.root(-3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-3");
    assertThatThrownBy(() -> LOG.consistencyProof(9, 8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first tree size 9");
    assertThatThrownBy(() -> LOG.consistencyProof(-2, 8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-2");
    assertThatThrownBy(() -> LOG.consistencyProof(1, MAX + 7)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(MAX + 7));
    assertThatThrownBy(() -> LOG.leafHash(MAX)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(MAX));
    assertThatThrownBy(() -> new MerkleLog().append(new byte[31])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("31 bytes");
  }

  @Test
  void equal_sizes_give_an_empty_consistency_proof() {
    assertThat(LOG.consistencyProof(42, 42)).isEmpty();
    assertThat(LOG.consistencyProof(0, 0)).isEmpty();
  }

  @Test
  void a_tree_spanning_several_storage_chunks_matches_naive() {
    // 70,000 leaves cross the 32,768-hash chunk boundary twice at level 0 and once at level 1.
    int n = 70_000;
    List<byte[]> entries = new ArrayList<>(n);
    MerkleLog log = new MerkleLog();
    for (int i = 0; i < n; i++) {
      byte[] entry = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
      entries.add(entry);
      log.append(Merkle.leafHash(entry));
    }
    NaiveMerkle reference = new NaiveMerkle(entries);
    for (int size : new int[] {32_767, 32_768, 32_769, 65_536, 65_537, n}) {
      assertThat(log.root(size)).as("root(%d)", size).isEqualTo(reference.mth(0, size));
      for (int i : new int[] {0, 32_767, 32_768, size - 1}) {
        if (i < size) {
          assertThat(log.inclusionProof(i, size)).containsExactlyElementsOf(reference.path(i, 0, size));
        }
      }
    }
    assertThat(log.consistencyProof(32_769, n)).containsExactlyElementsOf(reference.proof(32_769, n));
  }
}
