package org.liaison.proof;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * RFC 9162 §2.1 Merkle tree hashing (the Certificate Transparency v2 tree) and the verifiers of its
 * inclusion and consistency proofs. Hashes are 32-byte SHA-256 values; verifiers never throw on
 * malformed input, they return {@code false}.
 */
public final class Merkle {
  /** Size in bytes of every hash in the tree. */
  public static final int HASH_BYTES = 32;

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Merkle::newSha256);
  private static final byte[] EMPTY_ROOT = sha256().digest();

  private Merkle() {}

  /** SHA-256(0x00 ‖ entry): the hash of a log entry as a leaf. */
  public static byte[] leafHash(byte[] entry) {
    MessageDigest md = sha256();
    md.update((byte) 0x00);
    md.update(entry);
    return md.digest();
  }

  /** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest md = sha256();
    md.update((byte) 0x01);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** SHA-256 of the empty string, the root of a tree with no leaves. */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }

  /** SHA-256 of {@code bytes} in lower-case hex, as ledger payload hashes are written. */
  public static String sha256Hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /** A reset SHA-256 digest owned by the calling thread. */
  static MessageDigest sha256() {
    MessageDigest md = SHA256.get();
    md.reset();
    return md;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  /** Source of MTH(D[start:end]) for the leaves of one tree. */
  @FunctionalInterface
  interface RangeHashes {
    byte[] hash(long start, long end);
  }

  /** The largest power of two strictly smaller than n, for n >= 2 (RFC 9162's k). */
  static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  /** RFC 9162 §2.1.3.1 PATH(m, D[start:end]), leaf-to-root order. */
  static List<byte[]> path(long m, long start, long end, RangeHashes tree) {
    List<byte[]> siblings = new ArrayList<>();
    long lo = start;
    long hi = end;
    long target = start + m;
    while (hi - lo > 1) {
      long k = split(hi - lo);
      if (target < lo + k) {
        siblings.add(tree.hash(lo + k, hi));
        hi = lo + k;
      } else {
        siblings.add(tree.hash(lo, lo + k));
        lo = lo + k;
      }
    }
    Collections.reverse(siblings);
    return siblings;
  }

  /** RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true), for 0 < m < n. */
  static List<byte[]> consistency(long m, long n, RangeHashes tree) {
    List<byte[]> siblings = new ArrayList<>();
    long lo = 0;
    long hi = n;
    long mm = m;
    boolean b = true;
    while (mm != hi - lo) {
      long k = split(hi - lo);
      if (mm <= k) {
        siblings.add(tree.hash(lo + k, hi));
        hi = lo + k;
      } else {
        siblings.add(tree.hash(lo, lo + k));
        lo = lo + k;
        mm -= k;
        b = false;
      }
    }
    List<byte[]> proof = new ArrayList<>(siblings.size() + 1);
    if (!b) {
      proof.add(tree.hash(lo, hi));
    }
    Collections.reverse(siblings);
    proof.addAll(siblings);
    return proof;
  }

  /**
   * RFC 9162 §2.1.3.2: does {@code proof} show that {@code leafHash} is leaf {@code index} of the
   * tree of {@code treeSize} leaves whose root is {@code root}?
   */
  public static boolean verifyInclusion(
      byte[] leafHash, long index, long treeSize, List<byte[]> proof, byte[] root) {
    if (!isHash(leafHash) || !isHash(root) || proof == null || index < 0 || index >= treeSize) {
      return false;
    }
    long fn = index;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (!isHash(p) || sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  /**
   * RFC 9162 §2.1.4.2: does {@code proof} show that the tree of {@code first} leaves with root
   * {@code firstRoot} is a prefix of the tree of {@code second} leaves with root {@code
   * secondRoot}? Equal sizes need an empty proof and equal roots; an empty first tree needs an
   * empty proof and the empty root.
   */
  public static boolean verifyConsistency(
      long first, long second, List<byte[]> proof, byte[] firstRoot, byte[] secondRoot) {
    if (!isHash(firstRoot) || !isHash(secondRoot) || proof == null || first < 0 || first > second) {
      return false;
    }
    if (first == second) {
      return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
    }
    if (first == 0) {
      return proof.isEmpty() && MessageDigest.isEqual(firstRoot, EMPTY_ROOT);
    }
    // Step 1.
    if (proof.isEmpty()) {
      return false;
    }
    for (byte[] c : proof) {
      if (!isHash(c)) {
        return false;
      }
    }
    // Step 2.
    List<byte[]> path = proof;
    if (Long.bitCount(first) == 1) {
      path = new ArrayList<>(proof.size() + 1);
      path.add(firstRoot);
      path.addAll(proof);
    }
    // Steps 3-4.
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    // Step 5.
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    // Step 6.
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    // Step 7.
    return MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot) && sn == 0;
  }

  static boolean isHash(byte[] h) {
    return h != null && h.length == HASH_BYTES;
  }

  static byte[] requireHash(byte[] h, String what) {
    if (!isHash(h)) {
      throw new IllegalArgumentException(
          what + " must be " + HASH_BYTES + " bytes, was " + (h == null ? "null" : h.length + " bytes"));
    }
    return h;
  }
}
