package org.liaison.proof;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of an RFC 9162 tree: the roots of the perfect subtrees that make up leaves [0,
 * size), one per set bit of {@code size}, largest first. That is all it takes to keep appending
 * leaves and to compute the root, so a verifier can fold a log of any length in O(log n) memory.
 *
 * <p>Not thread-safe; each user owns its own.
 */
public final class CompactRange {
  private final List<byte[]> hashes = new ArrayList<>();
  private long size;

  /** An empty range, at size 0. */
  public CompactRange() {}

  public long size() {
    return size;
  }

  /** Appends one leaf hash: amortized one node hash. */
  public void append(byte[] leafHash) {
    byte[] hash = Merkle.requireHash(leafHash, "leaf hash");
    // Each trailing one bit of the old size is a perfect subtree the new leaf now completes.
    for (long s = size; (s & 1) == 1; s >>>= 1) {
      hash = Merkle.nodeHash(hashes.remove(hashes.size() - 1), hash);
    }
    hashes.add(hash);
    size++;
  }

  /** MTH of the leaves so far; SHA-256("") when there are none. */
  public byte[] root() {
    if (hashes.isEmpty()) {
      return Merkle.emptyRoot();
    }
    // MTH splits off the largest perfect subtree on the left, so the root folds from the right.
    byte[] r = hashes.get(hashes.size() - 1);
    for (int i = hashes.size() - 2; i >= 0; i--) {
      r = Merkle.nodeHash(hashes.get(i), r);
    }
    return r.clone();
  }
}
