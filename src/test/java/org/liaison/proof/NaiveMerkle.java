package org.liaison.proof;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 9162 §2.1 written as the RFC states it, recursively over sub-lists of entries, sharing no
 * code with the production tree. MTH results are memoized per (start, end) of one entry list only
 * to keep the exhaustive tests fast; the recursion itself is the RFC's.
 */
final class NaiveMerkle {
  private final List<byte[]> entries;
  private final Map<Long, byte[]> mth = new HashMap<>();

  NaiveMerkle(List<byte[]> entries) {
    this.entries = entries;
  }

  /** MTH(D[start:end]). */
  byte[] mth(int start, int end) {
    long key = (long) start << 32 | end;
    byte[] cached = mth.get(key);
    if (cached != null) {
      return cached;
    }
    int n = end - start;
    byte[] result;
    if (n == 0) {
      result = sha256(new byte[0]);
    } else if (n == 1) {
      result = sha256(new byte[] {0x00}, entries.get(start));
    } else {
      int k = largestPowerOfTwoLessThan(n);
      result = sha256(new byte[] {0x01}, mth(start, start + k), mth(start + k, end));
    }
    mth.put(key, result);
    return result;
  }

  /** PATH(m, D[start:end]). */
  List<byte[]> path(int m, int start, int end) {
    int n = end - start;
    if (n == 1) {
      return new ArrayList<>();
    }
    int k = largestPowerOfTwoLessThan(n);
    List<byte[]> out;
    if (m < k) {
      out = path(m, start, start + k);
      out.add(mth(start + k, end));
    } else {
      out = path(m - k, start + k, end);
      out.add(mth(start, start + k));
    }
    return out;
  }

  /** PROOF(m, D[0:n]). */
  List<byte[]> proof(int m, int n) {
    return subproof(m, 0, n, true);
  }

  /** SUBPROOF(m, D[start:end], b). */
  private List<byte[]> subproof(int m, int start, int end, boolean b) {
    int n = end - start;
    if (m == n) {
      List<byte[]> out = new ArrayList<>();
      if (!b) {
        out.add(mth(start, end));
      }
      return out;
    }
    int k = largestPowerOfTwoLessThan(n);
    List<byte[]> out;
    if (m <= k) {
      out = subproof(m, start, start + k, b);
      out.add(mth(start + k, end));
    } else {
      out = subproof(m - k, start + k, end, false);
      out.add(mth(start, start + k));
    }
    return out;
  }

  private static int largestPowerOfTwoLessThan(int n) {
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
