package org.liaison.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.liaison.proof.Checkpoint;
import org.liaison.ledger.KeyFiles;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.SignedNote;
import org.liaison.proof.VerificationException;

/**
 * {@code liaison admin backup}: every table of a hub's store, read in one transaction, so the file
 * is one consistent snapshot even while the hub keeps writing. On PostgreSQL the transaction is
 * REPEATABLE READ, which takes one snapshot for all its statements; on SQLite in WAL mode a read
 * transaction sees the database as of its first read until it ends.
 */
public final class Backup {
  /** Told how far a long run has come: rows of {@code table} done out of {@code total}. */
  @FunctionalInterface
  public interface Progress {
    void at(String table, long done, long total);

    Progress NONE = (table, done, total) -> {};
  }

  /** What was written. {@code ledgerOrigin} and {@code checkpointSize} are null without a checkpoint. */
  public record Summary(Path file, String vendor, String schemaVersion, Map<String, Long> rows, long bytes,
      String sha256, String ledgerOrigin, Long checkpointSize, boolean ledgerKeyRecorded) {}

  static final int PROGRESS_EVERY = 10_000;

  private Backup() {}

  /**
   * Writes a backup of {@code from} to {@code out}. The file appears only when complete: it is
   * written beside {@code out} and moved into place at the end.
   *
   * @param ledgerKey the hub's ledger key file, to record its public half so that a restore can
   *     check the signed checkpoint; null for the one in the data directory, if there is one
   */
  public static Summary write(Store from, Path out, Path ledgerKey, Clock clock, Progress progress) throws IOException {
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    try (Connection c = from.connectExisting()) {
      c.setAutoCommit(false);
      if (from.postgres()) {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
      }
      try {
        Summary s = snapshot(c, from, partial, ledgerKey, clock, progress);
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Summary(out, s.vendor(), s.schemaVersion(), s.rows(), Files.size(out), s.sha256(),
            s.ledgerOrigin(), s.checkpointSize(), s.ledgerKeyRecorded());
      } finally {
        c.rollback();
        Files.deleteIfExists(partial);
      }
    } catch (SQLException e) {
      throw new BackupException("cannot read " + from.describe() + ": " + e.getMessage(), e);
    }
  }

  private static Summary snapshot(Connection c, Store from, Path file, Path ledgerKey, Clock clock, Progress progress)
      throws SQLException, IOException {
    String where = from.describe();
    // The first read fixes the snapshot; everything below sees the same one.
    String version = Layout.schemaVersion(c, where);
    Layout layout = Layout.read(c);
    List<BackupFile.TableInfo> tables = new ArrayList<>();
    for (Layout.Table t : layout.tables()) {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t.quoted())) {
        rs.next();
        tables.add(new BackupFile.TableInfo(t, rs.getLong(1)));
      }
    }
    BackupFile.LedgerInfo ledger = ledgerInfo(c, layout, from, ledgerKey);
    BackupFile.Header header = new BackupFile.Header(clock.instant().toString(), from.vendor(), version, ledger, tables);
    Map<String, Long> rows = new LinkedHashMap<>();
    String sha;
    try (BackupFile.Writer w = new BackupFile.Writer(file)) {
      w.header(header);
      for (BackupFile.TableInfo info : tables) {
        Layout.Table t = info.table();
        w.startTable(t.name());
        long n = 0;
        String order = t.primaryKey().isEmpty() ? ""
            : " ORDER BY " + String.join(", ", t.primaryKey().stream().map(Layout::quote).toList());
        try (Statement st = c.createStatement()) {
          st.setFetchSize(1000);
          try (ResultSet rs = st.executeQuery("SELECT " + t.columnList() + " FROM " + t.quoted() + order)) {
            while (rs.next()) {
              w.row(t.columns(), Rows.read(rs, t.columns()));
              if (++n % PROGRESS_EVERY == 0) {
                progress.at(t.name(), n, info.rows());
              }
            }
          }
        }
        if (n != info.rows()) {
          throw new BackupException("table " + t.name() + " had " + info.rows() + " rows when counted but " + n
              + " when read, inside one transaction: " + where + " did not give a consistent snapshot");
        }
        progress.at(t.name(), n, info.rows());
        rows.put(t.name(), n);
      }
      sha = w.finish();
    }
    return new Summary(file, from.vendor(), version, rows, -1, sha, ledger == null ? null : ledger.origin(),
        ledger == null ? null : ledger.checkpointSize(), ledger != null && ledger.vkey() != null);
  }

  /**
   * The origin and size of the latest checkpoint, and the public half of the key that signed it,
   * read from the hub's key file; that file itself never goes into the backup.
   */
  private static BackupFile.LedgerInfo ledgerInfo(Connection c, Layout layout, Store from, Path ledgerKey)
      throws SQLException, IOException {
    if (layout.table("ledger_checkpoints") == null) {
      return null;
    }
    String note;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1")) {
      note = rs.next() ? rs.getString(1) : null;
    }
    if (note == null) {
      return null;
    }
    Checkpoint cp;
    try {
      int split = note.lastIndexOf("\n\n");
      cp = Checkpoint.parse(split < 0 ? note : note.substring(0, split + 1));
    } catch (IllegalArgumentException e) {
      throw new BackupException("the latest ledger checkpoint in " + from.describe() + " cannot be read: " + e.getMessage(), e);
    }
    Path keyFile = ledgerKey != null ? ledgerKey : from.ledgerKeyFile();
    if (keyFile == null || !Files.isRegularFile(keyFile)) {
      if (ledgerKey != null) {
        throw new BackupException("ledger key file " + ledgerKey + " does not exist");
      }
      return new BackupFile.LedgerInfo(cp.origin(), null, cp.size());
    }
    LedgerKey key = KeyFiles.load(keyFile, cp.origin());
    try {
      SignedNote.verify(note, key.verifierKey());
    } catch (VerificationException e) {
      throw new BackupException("the ledger key in " + keyFile + " did not sign the latest checkpoint of "
          + from.describe() + " (" + e.getMessage() + "); give the key of the hub that uses this store", e);
    }
    return new BackupFile.LedgerInfo(cp.origin(), key.vkey(), cp.size());
  }
}
