package org.liaison.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.liaison.proof.LedgerKey;

/** Ledger and witness keys in files: PEM as {@link LedgerKey#pem} writes it, owner-readable only. */
public final class KeyFiles {
  private KeyFiles() {}

  /**
   * Loads the key in {@code file}, or, if there is no such file, generates one and saves it there
   * (readable by the owner only, where the file system allows).
   */
  public static LedgerKey loadOrGenerate(Path file, String name) throws IOException {
    if (Files.exists(file)) {
      return load(file, name);
    }
    LedgerKey key = LedgerKey.generate(name);
    try {
      save(key, file);
    } catch (FileAlreadyExistsException raced) {
      return load(file, name); // another process created it first; use theirs
    }
    return key;
  }

  /** Loads a key saved by {@link #save}. */
  public static LedgerKey load(Path file, String name) throws IOException {
    try {
      return LedgerKey.fromPem(Files.readString(file, StandardCharsets.US_ASCII), name);
    } catch (IllegalArgumentException e) {
      throw new IOException("key file " + file + " " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code key} to {@code file}, which must not exist yet: a key is never overwritten, since
   * its checkpoints and receipts would stop verifying.
   */
  public static void save(LedgerKey key, Path file) throws IOException {
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite a ledger key");
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".ledger-key", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Best effort: the file system has no POSIX permissions.
      }
      String pem = key.pem();
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        out.write(ByteBuffer.wrap(pem.getBytes(StandardCharsets.US_ASCII)));
        out.force(true);
      }
      try {
        // A hard link never replaces an existing file, so a concurrent creator wins cleanly.
        Files.createLink(file, tmp);
      } catch (UnsupportedOperationException noLinks) {
        Files.move(tmp, file);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
