package org.liaison.ledger;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.liaison.proof.Merkle;
import org.liaison.proof.MerkleLog;

/**
 * The ledger's Merkle tree (every stored hash, level by level) in a file, written at a clean
 * shutdown of a one-instance hub on the embedded store so that the next start need not read every
 * entry's leaf hash back from the database and rehash the tree. It is a cache, never the truth:
 * {@link Ledger} uses it only when its last leaf is the database's entry at that index and its root
 * equals the last checkpoint the hub signed, and otherwise rebuilds the tree from the database.
 *
 * <p>Layout, big-endian: the header's length, the header (magic, format version, log origin, tree
 * size), its CRC-32C; then each level from the leaves up, its {@link MerkleLog#levelSize} hashes
 * followed by their CRC-32C. The tree size fixes the file's length, so a file cut short or
 * extended is refused before anything else is read.
 */
final class TreeFile {
  private static final long MAGIC = 0x4C49_4149_5452_4545L; // "LIAITREE"
  /** Bump when the layout or the meaning of any field changes. */
  static final int VERSION = 1;
  private static final int HASH = Merkle.HASH_BYTES;

  private TreeFile() {}

  /** Why a tree file was not used. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** Writes {@code tree} as it was at {@code size} leaves, the log of {@code origin}, to {@code file} atomically. */
  static void write(Path file, MerkleLog tree, long size, String origin) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
      ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
      DataOutputStream h = new DataOutputStream(headerBytes);
      h.writeLong(MAGIC);
      h.writeInt(VERSION);
      byte[] o = origin.getBytes(StandardCharsets.UTF_8);
      h.writeInt(o.length);
      h.write(o);
      h.writeLong(size);
      h.flush();
      byte[] header = headerBytes.toByteArray();
      out.writeInt(header.length);
      out.write(header);
      out.writeInt(crc(header));
      // Each level's checksum follows its last hash.
      CRC32C[] crc = new CRC32C[MerkleLog.levels(size)];
      int[] level = {0};
      crc[0] = new CRC32C();
      tree.exportHashes(size, (l, bytes, off, len) -> {
        while (level[0] < l) {
          out.writeInt((int) crc[level[0]].getValue());
          crc[++level[0]] = new CRC32C();
        }
        crc[l].update(bytes, off, len);
        out.write(bytes, off, len);
      });
      out.writeInt((int) crc[level[0]].getValue());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The length of a tree file holding a tree of {@code size} leaves after a header of {@code header} bytes. */
  private static long length(int header, long size) {
    long n = 4L + header + 4;
    for (int level = 0; level < MerkleLog.levels(size); level++) {
      n += MerkleLog.levelSize(size, level) * HASH + 4;
    }
    return n;
  }

  /**
   * Reads the tree in {@code file} if it is a log of {@code origin} in this format and every
   * checksum holds. The caller still checks it against the database.
   *
   * @throws Refused with the reason when the file is missing, of another format or origin,
   *     truncated or corrupt
   */
  static MerkleLog read(Path file, String origin) throws Refused {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = ch.size();
      int headerLength = read(ch, 0, 4, fileSize).getInt();
      if (headerLength < 24 || headerLength > 4096) {
        throw new Refused("its header is corrupt");
      }
      ByteBuffer hb = read(ch, 4, headerLength + 4L, fileSize);
      byte[] header = new byte[headerLength];
      hb.get(header);
      if (crc(header) != hb.getInt()) {
        throw new Refused("its header is corrupt (checksum)");
      }
      ByteBuffer h = ByteBuffer.wrap(header);
      if (h.getLong() != MAGIC) {
        throw new Refused("it is not a ledger tree file");
      }
      int version = h.getInt();
      if (version != VERSION) {
        throw new Refused("it has format version " + version + ", this hub reads " + VERSION);
      }
      int originLength = h.getInt();
      if (originLength != headerLength - 24) {
        throw new Refused("its header is corrupt");
      }
      byte[] o = new byte[originLength];
      h.get(o);
      String found = new String(o, StandardCharsets.UTF_8);
      if (!found.equals(origin)) {
        throw new Refused("it is the tree of log " + found + ", not " + origin);
      }
      long size = h.getLong();
      if (size < 0 || size > fileSize / HASH) {
        throw new Refused("it is corrupt (tree size " + size + " in a file of " + fileSize + " bytes)");
      }
      long expected = length(headerLength, size);
      if (fileSize != expected) {
        throw new Refused("it is " + fileSize + " bytes where a tree of " + size + " needs " + expected
            + " (truncated or extended)");
      }
      long[] pos = {4L + headerLength + 4};
      CRC32C[] crc = {new CRC32C()};
      int[] level = {0};
      MerkleLog tree = MerkleLog.restore(size, (l, into, off, len) -> {
        if (l != level[0]) {
          checkLevel(ch, level[0], crc[0], pos, fileSize);
          crc[0] = new CRC32C();
          level[0] = l;
        }
        ByteBuffer b = ByteBuffer.wrap(into, off, len);
        while (b.hasRemaining()) {
          if (ch.read(b, pos[0] + (b.position() - off)) < 0) {
            throw new IOException("the file ended early");
          }
        }
        pos[0] += len;
        crc[0].update(into, off, len);
      });
      checkLevel(ch, level[0], crc[0], pos, fileSize);
      return tree;
    } catch (NoSuchFileException e) {
      throw new Refused("there is none");
    } catch (CorruptLevel e) {
      throw new Refused("its level " + e.level + " is corrupt (checksum)");
    } catch (IOException e) {
      throw new Refused("it cannot be read: " + e);
    }
  }

  /** Reads the CRC-32C that follows a level and compares it with the level's bytes. */
  private static void checkLevel(FileChannel ch, int level, CRC32C crc, long[] pos, long fileSize)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4);
    while (b.hasRemaining()) {
      if (ch.read(b, pos[0] + b.position()) < 0 || pos[0] + 4 > fileSize) {
        throw new IOException("the file ended early");
      }
    }
    pos[0] += 4;
    if (b.flip().getInt() != (int) crc.getValue()) {
      throw new CorruptLevel(level);
    }
  }

  /** Carries a level's bad checksum out of {@link MerkleLog#restore}'s source as an IOException. */
  private static final class CorruptLevel extends IOException {
    private static final long serialVersionUID = 1L;
    final int level;

    CorruptLevel(int level) {
      super("level " + level, null);
      this.level = level;
    }
  }

  private static ByteBuffer read(FileChannel ch, long pos, long length, long size) throws IOException, Refused {
    if (pos + length > size) {
      throw new Refused("it is truncated (" + size + " bytes)");
    }
    ByteBuffer b = ByteBuffer.allocate((int) length);
    while (b.hasRemaining()) {
      if (ch.read(b, pos + b.position()) < 0) {
        throw new Refused("it is truncated (" + size + " bytes)");
      }
    }
    return b.flip();
  }

  private static int crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b, 0, b.length);
    return (int) c.getValue();
  }
}
