package org.liaison.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.liaison.ledger.KeyFiles;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.VerifierKey;
import org.liaison.store.Database;

/**
 * {@code liaison admin restore}: loads a backup into a store, all or nothing. The file is read
 * through once and checked end to end (structure, row counts, checksum) before the target is
 * touched; then the target is migrated, its schema compared with the backup's, and every row
 * loaded in one transaction, which also resets the identity counters and runs the ledger check.
 * Anything wrong rolls the transaction back, so the target holds either the whole backup or what
 * it held before.
 */
public final class Restore {
  /** What was restored and what the ledger check said. */
  public record Summary(String vendor, String schemaVersion, Map<String, Long> rows, List<String> ledgerPassed,
      long ledgerEntries, long beyondCheckpoint, long unindexed, String ledgerOrigin, List<String> notes) {}

  /**
   * Tables that a migration fills: rows there count as data only when they differ from what the
   * migration put in ({@code channel_counters} starts at {@code ('events', 0)}).
   */
  private static final Map<String, String> SEEDED = Map.of("channel_counters", "value <> 0");

  private static final int BATCH = 1000;

  private Restore() {}

  /** Reads the whole file and checks it, without touching any database; returns its header. */
  static BackupFile.Header check(Path in, Backup.Progress progress) {
    try (BackupFile.Reader r = new BackupFile.Reader(in)) {
      for (BackupFile.TableInfo t = r.nextTable(); t != null; t = r.nextTable()) {
        long n = 0;
        while (r.nextRow() != null) {
          if (++n % Backup.PROGRESS_EVERY == 0) {
            progress.at(t.table().name(), n, t.rows());
          }
        }
        progress.at(t.table().name(), n, t.rows());
      }
      return r.header();
    }
  }

  /**
   * Restores {@code in} into {@code to}.
   *
   * @param force replace whatever the target holds; without it a target with data is refused
   * @param key the ledger's key, when the backup does not name one or to insist on a known one
   * @param ledgerKeyFile the hub's ledger key file, copied into the target's data directory after a
   *     successful restore; it must be the key that signed the backup's checkpoints
   */
  public static Summary run(Path in, Store to, boolean force, VerifierKey key, Path ledgerKeyFile,
      Backup.Progress checking, Backup.Progress loading) throws IOException {
    BackupFile.Header header = check(in, checking);
    VerifierKey trusted = trustedKey(header, key);
    if (ledgerKeyFile != null) {
      requireKeyFile(ledgerKeyFile, header, trusted);
      if (to.dataDir() == null) {
        throw new BackupException("--ledger-key needs --data DIR: the hub reads its ledger key from its data directory");
      }
      // Before the restore, so that a directory that cannot take the key fails it while nothing is changed.
      Files.createDirectories(to.dataDir());
    }
    Summary s;
    try (Database db = to.openMigrated()) {
      s = db.inTransaction(c -> load(c, in, to, header, force, trusted, loading));
    }
    List<String> notes = new ArrayList<>();
    if (ledgerKeyFile != null) {
      Path target = to.ledgerKeyFile();
      try {
        if (!Files.exists(target) || !Files.isSameFile(target, ledgerKeyFile)) {
          Files.copy(ledgerKeyFile, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new BackupException("the data is restored, but the ledger key could not be copied to " + target + " ("
            + e + "); copy " + ledgerKeyFile + " there before starting the hub", e);
      }
      notes.add("ledger key copied to " + target);
    } else if (header.ledger() != null) {
      notes.add(keyAdvice(to, header, trusted));
    }
    if (header.ledger() != null) {
      String origin = header.ledger().origin();
      if (origin.startsWith("liaison/")) {
        notes.add("start the hub with --name " + origin.substring("liaison/".length())
            + ": its ledger origin must stay " + origin);
      }
    }
    return new Summary(s.vendor(), s.schemaVersion(), s.rows(), s.ledgerPassed(), s.ledgerEntries(),
        s.beyondCheckpoint(), s.unindexed(), s.ledgerOrigin(), List.copyOf(notes));
  }

  /**
   * Checks a backup without a database of one's own: the file end to end, then a restore into a
   * temporary embedded store, which runs the migrations, the schema comparison and the ledger
   * check, and is deleted afterwards.
   */
  public static Summary verify(Path in, VerifierKey key, Backup.Progress checking, Backup.Progress loading)
      throws IOException {
    Path scratch = Files.createTempDirectory("liaison-verify-");
    try {
      Summary s = run(in, new Store(scratch, null), false, key, null, checking, loading);
      return new Summary(s.vendor(), s.schemaVersion(), s.rows(), s.ledgerPassed(), s.ledgerEntries(),
          s.beyondCheckpoint(), s.unindexed(), s.ledgerOrigin(), List.of());
    } finally {
      try (var files = Files.walk(scratch)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static VerifierKey trustedKey(BackupFile.Header header, VerifierKey given) {
    VerifierKey named = header.ledger() == null || header.ledger().vkey() == null ? null
        : VerifierKey.parse(header.ledger().vkey());
    if (given != null && named != null && !given.equals(named)) {
      throw new BackupException("the backup's ledger was signed with key " + named.vkey() + ", not the --key given ("
          + given.vkey() + ")");
    }
    VerifierKey k = given != null ? given : named;
    if (k == null && header.ledger() != null) {
      throw new BackupException("the backup holds a signed ledger but names no key to check it with (it was taken"
          + " without the hub's ledger key file); give --key VKEY, as GET /liaison/v1/ledger/key on the hub shows it");
    }
    return k;
  }

  private static void requireKeyFile(Path file, BackupFile.Header header, VerifierKey trusted) throws IOException {
    if (header.ledger() == null) {
      return;
    }
    LedgerKey k = KeyFiles.load(file, header.ledger().origin());
    if (!k.verifierKey().equals(trusted)) {
      throw new BackupException("ledger key file " + file + " holds key " + k.vkey() + ", but the backup's ledger was"
          + " signed with " + trusted.vkey() + "; a hub with that key file would refuse to start");
    }
  }

  private static String keyAdvice(Store to, BackupFile.Header header, VerifierKey trusted) throws IOException {
    Path file = to.ledgerKeyFile();
    if (file == null) {
      return "the hub must run with the ledger key that signed this ledger (" + trusted.vkey() + ") in its data"
          + " directory, as " + Store.LEDGER_KEY_FILE;
    }
    if (!Files.exists(file)) {
      return "copy the source hub's " + Store.LEDGER_KEY_FILE + " into " + to.dataDir()
          + " before starting the hub (or restore with --ledger-key FILE): the ledger's checkpoints are signed with it";
    }
    LedgerKey k = KeyFiles.load(file, header.ledger().origin());
    return k.verifierKey().equals(trusted) ? "the ledger key in " + file + " is the one that signed this ledger"
        : "WARNING: the ledger key in " + file + " (" + k.vkey() + ") did not sign this ledger (" + trusted.vkey()
            + "); a hub started with it would refuse to start. Replace it with the source hub's key";
  }

  private static Summary load(Connection c, Path in, Store to, BackupFile.Header header, boolean force,
      VerifierKey key, Backup.Progress progress) throws SQLException {
    String where = to.describe();
    String version = Layout.schemaVersion(c, where);
    if (!Layout.major(version).equals(Layout.major(header.schemaVersion()))) {
      throw new BackupException("wrong schema version: the backup has schema version " + header.schemaVersion() + " ("
          + header.vendor() + ") but " + where + " is at " + version + " (" + to.vendor() + "); restore with the"
          + " Liaison release that wrote the backup, then upgrade");
    }
    Layout layout = Layout.read(c);
    requireSameTables(header, layout, version);
    if (!force) {
      requireEmpty(c, layout, where);
    }
    clear(c, layout, to);
    Map<String, Long> rows = new LinkedHashMap<>();
    try (BackupFile.Reader r = new BackupFile.Reader(in)) {
      for (BackupFile.TableInfo info = r.nextTable(); info != null; info = r.nextTable()) {
        Layout.Table target = layout.table(info.table().name());
        String marks = String.join(", ", java.util.Collections.nCopies(target.columns().size(), "?"));
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO " + target.quoted() + " (" + target.columnList() + ") VALUES (" + marks + ")")) {
          for (Object[] row = r.nextRow(); row != null; row = r.nextRow()) {
            Rows.bind(ps, target.columns(), row);
            ps.addBatch();
            if (++n % BATCH == 0) {
              ps.executeBatch();
            }
            if (n % Backup.PROGRESS_EVERY == 0) {
              progress.at(target.name(), n, info.rows());
            }
          }
          ps.executeBatch();
        } catch (SQLException e) {
          throw new BackupException("cannot load row " + n + " of table " + target.name() + " into " + where + ": "
              + e.getMessage() + "; nothing was restored", e);
        }
        progress.at(target.name(), n, info.rows());
        rows.put(target.name(), n);
      }
    }
    resetCounters(c, layout, to);
    LedgerCheck.Outcome ledger = LedgerCheck.run(c, key);
    if (!ledger.ok()) {
      throw new BackupException("the ledger check failed, so nothing was restored: "
          + String.join("; ", ledger.result().failures()));
    }
    List<String> passed = ledger.result() == null ? List.of("the ledger has no signed checkpoint yet")
        : ledger.result().passed();
    return new Summary(to.vendor(), version, rows, passed, ledger.entries(), ledger.beyondCheckpoint(),
        ledger.unindexed(), header.ledger() == null ? null : header.ledger().origin(), List.of());
  }

  private static void requireSameTables(BackupFile.Header header, Layout target, String version) {
    List<String> theirs = header.tables().stream().map(t -> t.table().signature()).sorted().toList();
    List<String> ours = target.tables().stream().map(Layout.Table::signature).sorted().toList();
    if (!theirs.equals(ours)) {
      List<String> onlyBackup = new ArrayList<>(theirs);
      onlyBackup.removeAll(ours);
      List<String> onlyTarget = new ArrayList<>(ours);
      onlyTarget.removeAll(theirs);
      throw new BackupException("wrong schema version: the backup (schema " + header.schemaVersion() + ") and the"
          + " target (schema " + version + ") have different tables; only in the backup: " + onlyBackup
          + "; only in the target: " + onlyTarget);
    }
  }

  private static void requireEmpty(Connection c, Layout layout, String where) throws SQLException {
    List<String> used = new ArrayList<>();
    for (Layout.Table t : layout.tables()) {
      String filter = SEEDED.containsKey(t.name()) ? " WHERE " + SEEDED.get(t.name()) : "";
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t.quoted() + filter)) {
        rs.next();
        if (rs.getLong(1) > 0) {
          used.add(t.name() + " (" + rs.getLong(1) + " rows)");
        }
      }
    }
    if (!used.isEmpty()) {
      throw new BackupException("the target, " + where + ", is not empty: " + String.join(", ", used)
          + ". Restore into an empty store, or give --force to replace everything it holds");
    }
  }

  /**
   * Deletes every row, children first. SQLite's ledger tables refuse deletes by trigger; the
   * triggers are dropped and re-created from their own stored SQL inside this transaction.
   */
  private static void clear(Connection c, Layout layout, Store to) throws SQLException {
    List<String> triggers = new ArrayList<>();
    if (!to.postgres()) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")) {
        while (rs.next()) {
          triggers.add(rs.getString(2));
          try (Statement drop = c.createStatement()) {
            drop.execute("DROP TRIGGER " + Layout.quote(rs.getString(1)));
          }
        }
      }
    }
    List<Layout.Table> reversed = new ArrayList<>(layout.tables());
    java.util.Collections.reverse(reversed);
    try (Statement st = c.createStatement()) {
      for (Layout.Table t : reversed) {
        st.executeUpdate("DELETE FROM " + t.quoted());
      }
      for (String sql : triggers) {
        st.execute(sql);
      }
    }
  }

  /**
   * Sets each identity counter to the largest key loaded, so the hub's next insert does not
   * collide with a restored row: PostgreSQL's serial sequences, SQLite's AUTOINCREMENT table.
   */
  private static void resetCounters(Connection c, Layout layout, Store to) throws SQLException {
    if (to.postgres()) {
      List<String[]> serials = new ArrayList<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
          "SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name)"
              + " FROM information_schema.columns WHERE table_schema = current_schema()"
              + " AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL")) {
        while (rs.next()) {
          serials.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        }
      }
      for (String[] s : serials) {
        if (layout.table(s[0]) == null) {
          continue;
        }
        String col = Layout.quote(s[1]);
        try (PreparedStatement ps = c.prepareStatement("SELECT setval(?, COALESCE(MAX(" + col + "), 1), MAX(" + col
            + ") IS NOT NULL) FROM " + Layout.quote(s[0]))) {
          ps.setString(1, s[2]);
          ps.executeQuery().close();
        }
      }
    } else {
      List<String> names = new ArrayList<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM sqlite_sequence")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      } catch (SQLException noAutoincrement) {
        return; // no table uses AUTOINCREMENT, so SQLite made no sqlite_sequence
      }
      for (String name : names) {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE sqlite_sequence SET seq = COALESCE((SELECT MAX(rowid) FROM " + Layout.quote(name) + "), 0) WHERE name = ?")) {
          ps.setString(1, name);
          ps.executeUpdate();
        }
      }
    }
  }
}
