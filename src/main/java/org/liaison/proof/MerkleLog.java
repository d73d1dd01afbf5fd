package org.liaison.proof;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only RFC 9162 Merkle tree over leaf hashes, held in memory.
 *
 * <p>It keeps the hash of every complete (perfect) subtree, level by level, in flat arrays: about
 * 64 bytes per leaf. Appending costs amortized O(1) hashes; a root at any past size and any
 * inclusion or consistency proof costs O(log n) reads and hashes. Proofs agree with RFC 9162
 * §2.1.3.1 PATH and §2.1.4.1 PROOF and verify with {@link Merkle}.
 *
 * <p>Appends are serialized; readers may run concurrently with an append and see the tree at the
 * size they asked for.
 */
public final class MerkleLog {
  private volatile HashStore[] levels = {new HashStore()};
  private volatile long size;

  /** Appends a 32-byte leaf hash (see {@link Merkle#leafHash}) and returns its index. */
  public synchronized long append(byte[] leafHash) {
    Merkle.requireHash(leafHash, "leaf hash");
    long index = size;
    levels[0].add(leafHash);
    // Each time the new node is a right child, its parent's subtree is now complete.
    byte[] hash = leafHash;
    long i = index;
    int level = 0;
    while ((i & 1) == 1) {
      hash = Merkle.nodeHash(levels[level].get(i - 1), hash);
      level++;
      i >>= 1;
      storeAt(level).add(hash);
    }
    size = index + 1;
    return index;
  }

  /** Receives the stored hashes of one level of the tree, a slice at a time, in order. */
  @FunctionalInterface
  public interface HashSink {
    void accept(int level, byte[] bytes, int off, int len) throws IOException;
  }

  /** Supplies the stored hashes of one level, in the order {@link #exportHashes} gave them. */
  @FunctionalInterface
  public interface HashSource {
    void read(int level, byte[] into, int off, int len) throws IOException;
  }

  /** How many levels of hashes a tree of {@code treeSize} leaves stores (leaves are level 0). */
  public static int levels(long treeSize) {
    return treeSize == 0 ? 1 : 64 - Long.numberOfLeadingZeros(treeSize);
  }

  /** How many hashes level {@code level} holds in a tree of {@code treeSize} leaves: its complete subtrees. */
  public static long levelSize(long treeSize, int level) {
    return treeSize >>> level;
  }

  /**
   * Hands every hash the tree stored when it held {@code treeSize} leaves to {@code sink}, level
   * by level from the leaves up, each level in index order ({@link #levelSize} of them), so that
   * {@link #restore} can rebuild that tree without hashing. Complete subtrees never change, so
   * this is safe while others append.
   */
  public void exportHashes(long treeSize, HashSink sink) throws IOException {
    requireSize(treeSize, "tree size");
    HashStore[] ls = levels;
    for (int level = 0; level < levels(treeSize); level++) {
      int l = level;
      ls[level].forEach(levelSize(treeSize, level), (b, off, len) -> sink.accept(l, b, off, len));
    }
  }

  /**
   * The tree of {@code treeSize} leaves whose hashes {@code source} supplies in the order of
   * {@link #exportHashes}. Nothing is rehashed: the caller must check the result (its root against
   * a signed checkpoint, its bytes against their checksums) before trusting it.
   */
  public static MerkleLog restore(long treeSize, HashSource source) throws IOException {
    if (treeSize < 0) {
      throw new IllegalArgumentException("tree size must not be negative, was " + treeSize);
    }
    HashStore[] ls = new HashStore[levels(treeSize)];
    for (int level = 0; level < ls.length; level++) {
      int l = level;
      ls[level] = HashStore.read(levelSize(treeSize, level), (into, off, len) -> source.read(l, into, off, len));
    }
    MerkleLog tree = new MerkleLog();
    tree.levels = ls;
    tree.size = treeSize;
    return tree;
  }

  private HashStore storeAt(int level) {
    HashStore[] current = levels;
    if (level == current.length) {
      HashStore[] grown = Arrays.copyOf(current, level + 1);
      grown[level] = new HashStore();
      levels = current = grown;
    }
    return current[level];
  }

  /** Number of leaves appended so far. */
  public long size() {
    return size;
  }

  /** The leaf hash at {@code index}. */
  public byte[] leafHash(long index) {
    long n = size;
    if (index < 0 || index >= n) {
      throw new IllegalArgumentException("leaf index " + index + " is outside the tree of size " + n);
    }
    return levels[0].get(index);
  }

  /** The root hash of the whole tree as it is now. */
  public byte[] root() {
    return rootAt(size);
  }

  /** The root hash the tree had when it held {@code treeSize} leaves. */
  public byte[] root(long treeSize) {
    return rootAt(requireSize(treeSize, "tree size"));
  }

  private byte[] rootAt(long treeSize) {
    return treeSize == 0 ? Merkle.emptyRoot() : rangeHash(0, treeSize);
  }

  /** RFC 9162 inclusion proof of leaf {@code index} in the tree of {@code treeSize} leaves. */
  public List<byte[]> inclusionProof(long index, long treeSize) {
    requireSize(treeSize, "tree size");
    if (index < 0 || index >= treeSize) {
      throw new IllegalArgumentException("leaf index " + index + " is outside the tree of size " + treeSize);
    }
    return Merkle.path(index, 0, treeSize, this::rangeHash);
  }

  /**
   * RFC 9162 consistency proof from the tree of {@code first} leaves to that of {@code second}.
   * Empty when {@code first == second} or {@code first == 0}, as those need no proof.
   */
  public List<byte[]> consistencyProof(long first, long second) {
    requireSize(second, "second tree size");
    if (first < 0 || first > second) {
      throw new IllegalArgumentException(
          "first tree size " + first + " must be between 0 and the second tree size " + second);
    }
    if (first == 0 || first == second) {
      return List.of();
    }
    return Merkle.consistency(first, second, this::rangeHash);
  }

  private long requireSize(long treeSize, String what) {
    long n = size;
    if (treeSize < 0 || treeSize > n) {
      throw new IllegalArgumentException(what + " " + treeSize + " is outside 0.." + n);
    }
    return treeSize;
  }

  /**
   * MTH(D[start:end]). The ranges that proofs ask for start on a multiple of their largest
   * power-of-two part, so this walks down at most one edge of stored perfect subtrees.
   */
  private byte[] rangeHash(long start, long end) {
    long n = end - start;
    if (Long.bitCount(n) == 1 && start % n == 0) {
      int level = Long.numberOfTrailingZeros(n);
      return levels[level].get(start >>> level);
    }
    long k = Merkle.split(n);
    return Merkle.nodeHash(rangeHash(start, start + k), rangeHash(start + k, end));
  }
}
