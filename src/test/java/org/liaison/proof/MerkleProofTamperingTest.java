package org.liaison.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way of bending a valid proof must make the verifier say no. */
class MerkleProofTamperingTest {
  private static final int MAX = 130;
  private static final MerkleLog LOG = new MerkleLog();

  @BeforeAll
  static void buildTree() {
    for (int i = 0; i < MAX; i++) {
      LOG.append(Merkle.leafHash(new byte[] {(byte) i, 42}));
    }
  }

  @Test
  void tampered_inclusion_proofs_fail() {
    for (int n = 1; n <= MAX; n++) {
      byte[] root = LOG.root(n);
      for (int i = 0; i < n; i++) {
        byte[] leaf = LOG.leafHash(i);
        List<byte[]> proof = LOG.inclusionProof(i, n);
        String at = "leaf " + i + " of " + n;
        for (int e = 0; e < proof.size(); e++) {
          assertThat(Merkle.verifyInclusion(leaf, i, n, flipBit(proof, e), root)).as("%s, element %d flipped", at, e).isFalse();
        }
        if (!proof.isEmpty()) {
          assertThat(Merkle.verifyInclusion(leaf, i, n, proof.subList(0, proof.size() - 1), root)).as("%s, truncated", at).isFalse();
        }
        assertThat(Merkle.verifyInclusion(leaf, i, n, append(proof, root), root)).as("%s, extended", at).isFalse();
        assertThat(Merkle.verifyInclusion(flip(leaf), i, n, proof, root)).as("%s, other leaf", at).isFalse();
        assertThat(Merkle.verifyInclusion(leaf, i, n, proof, flip(root))).as("%s, other root", at).isFalse();
        if (n > 1) {
          int other = (i + 1) % n;
          assertThat(Merkle.verifyInclusion(leaf, other, n, proof, root)).as("%s, claimed index %d", at, other).isFalse();
        }
        // The size is not checked alone: a proof can fit a neighbouring size with the same root
        // (leaf 0 of 3 also "fits" 4), which is why a checkpoint signs size and root together.
        assertThat(Merkle.verifyInclusion(leaf, n, n, proof, root)).as("%s, index == size", at).isFalse();
      }
    }
  }

  @Test
  void tampered_consistency_proofs_fail() {
    for (int n = 2; n <= MAX; n++) {
      byte[] second = LOG.root(n);
      for (int m = 1; m < n; m++) {
        byte[] first = LOG.root(m);
        List<byte[]> proof = LOG.consistencyProof(m, n);
        String at = m + " -> " + n;
        for (int e = 0; e < proof.size(); e++) {
          assertThat(Merkle.verifyConsistency(m, n, flipBit(proof, e), first, second)).as("%s, element %d flipped", at, e).isFalse();
        }
        assertThat(Merkle.verifyConsistency(m, n, proof.subList(0, proof.size() - 1), first, second)).as("%s, truncated", at).isFalse();
        assertThat(Merkle.verifyConsistency(m, n, append(proof, second), first, second)).as("%s, extended", at).isFalse();
        assertThat(Merkle.verifyConsistency(m, n, proof, flip(first), second)).as("%s, other first root", at).isFalse();
        assertThat(Merkle.verifyConsistency(m, n, proof, first, flip(second))).as("%s, other second root", at).isFalse();
        assertThat(Merkle.verifyConsistency(m, n, List.of(), first, second)).as("%s, empty", at).isFalse();
        assertThat(Merkle.verifyConsistency(n, m, proof, second, first)).as("%s, reversed", at).isFalse();
        if (m + 1 < n) {
          assertThat(Merkle.verifyConsistency(m + 1, n, proof, first, second)).as("%s, claimed first +1", at).isFalse();
        }
      }
    }
  }

  @Test
  void malformed_inputs_are_rejected_without_exceptions() {
    byte[] root = LOG.root(8);
    byte[] leaf = LOG.leafHash(3);
    List<byte[]> proof = LOG.inclusionProof(3, 8);
    assertThat(Merkle.verifyInclusion(leaf, 3, 8, proof, root)).isTrue();
    assertThat(Merkle.verifyInclusion(null, 3, 8, proof, root)).isFalse();
    assertThat(Merkle.verifyInclusion(leaf, 3, 8, null, root)).isFalse();
    assertThat(Merkle.verifyInclusion(leaf, -1, 8, proof, root)).isFalse();
    List<byte[]> shortElement = new ArrayList<>(proof);
    shortElement.set(1, new byte[31]);
    assertThat(Merkle.verifyInclusion(leaf, 3, 8, shortElement, root)).isFalse();
    assertThat(Merkle.verifyConsistency(3, 8, null, LOG.root(3), root)).isFalse();
    assertThat(Merkle.verifyConsistency(-1, 8, List.of(), LOG.root(3), root)).isFalse();
    assertThat(Merkle.verifyConsistency(8, 8, List.of(), root, root)).isTrue();
    assertThat(Merkle.verifyConsistency(8, 8, List.of(root), root, root)).isFalse();
    assertThat(Merkle.verifyConsistency(8, 8, List.of(), root, LOG.root(7))).isFalse();
  }

  private static List<byte[]> flipBit(List<byte[]> proof, int element) {
    List<byte[]> copy = new ArrayList<>(proof);
    copy.set(element, flip(proof.get(element)));
    return copy;
  }

  private static List<byte[]> append(List<byte[]> proof, byte[] extra) {
    List<byte[]> copy = new ArrayList<>(proof);
    copy.add(extra);
    return copy;
  }

  private static byte[] flip(byte[] hash) {
    byte[] copy = hash.clone();
    copy[copy.length - 1] ^= 1;
    return copy;
  }
}
