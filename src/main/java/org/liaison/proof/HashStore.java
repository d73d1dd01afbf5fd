package org.liaison.proof;

import java.util.Arrays;

/**
 * An append-only sequence of 32-byte hashes in flat chunks, so a million-leaf tree is a few dozen
 * arrays rather than millions of objects.
 *
 * <p>One writer, any number of readers: the writer publishes every new chunk through the volatile
 * directory before it publishes the new size elsewhere, and a reader reads that size first, so it
 * only ever reads slots that were complete before it looked.
 */
final class HashStore {
  private static final int HASH = Merkle.HASH_BYTES;
  private static final int CHUNK_SHIFT = 15; // 32768 hashes, 1 MiB per full chunk
  private static final int CHUNK_HASHES = 1 << CHUNK_SHIFT;
  private static final int FIRST_CHUNK_HASHES = 8; // upper levels stay small

  private volatile byte[][] chunks = new byte[0][];
  private long count; // touched by the writer only

  void add(byte[] hash) {
    int c = (int) (count >>> CHUNK_SHIFT);
    int offset = (int) (count & (CHUNK_HASHES - 1)) * HASH;
    byte[][] dir = chunks;
    if (c == dir.length) {
      byte[][] grown = Arrays.copyOf(dir, c + 1);
      grown[c] = new byte[(c == 0 ? FIRST_CHUNK_HASHES : CHUNK_HASHES) * HASH];
      chunks = dir = grown;
    } else if (offset == dir[c].length) {
      byte[][] grown = dir.clone();
      grown[c] = Arrays.copyOf(dir[c], Math.min(2 * dir[c].length, CHUNK_HASHES * HASH));
      chunks = dir = grown;
    }
    System.arraycopy(hash, 0, dir[c], offset, HASH);
    count++;
  }

  /** Receives a slice of stored hashes, in order. */
  interface Slices {
    void accept(byte[] bytes, int off, int len) throws java.io.IOException;
  }

  /** Fills {@code len} bytes of {@code into} from {@code off}. */
  interface Filler {
    void fill(byte[] into, int off, int len) throws java.io.IOException;
  }

  /** Hands the first {@code n} hashes to {@code out}, a chunk at a time, without copying them. */
  void forEach(long n, Slices out) throws java.io.IOException {
    byte[][] dir = chunks;
    for (int c = 0; (long) c << CHUNK_SHIFT < n; c++) {
      out.accept(dir[c], 0, (int) Math.min(CHUNK_HASHES, n - ((long) c << CHUNK_SHIFT)) * HASH);
    }
  }

  /** A store of {@code n} hashes read in order from {@code in}, straight into its chunks. */
  static HashStore read(long n, Filler in) throws java.io.IOException {
    HashStore s = new HashStore();
    byte[][] dir = new byte[(int) ((n + CHUNK_HASHES - 1) >>> CHUNK_SHIFT)][];
    for (int c = 0; c < dir.length; c++) {
      // The last chunk is exactly as long as it needs to be; add() grows it as usual.
      dir[c] = new byte[(int) Math.min(CHUNK_HASHES, n - ((long) c << CHUNK_SHIFT)) * HASH];
      in.fill(dir[c], 0, dir[c].length);
    }
    s.count = n;
    s.chunks = dir;
    return s;
  }

  byte[] get(long index) {
    byte[] chunk = chunks[(int) (index >>> CHUNK_SHIFT)];
    int offset = (int) (index & (CHUNK_HASHES - 1)) * HASH;
    return Arrays.copyOfRange(chunk, offset, offset + HASH);
  }
}
