package org.liaison.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.liaison.admin.Backup;
import org.liaison.admin.BackupException;
import org.liaison.admin.Restore;
import org.liaison.admin.Store;
import org.liaison.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liaison admin backup | restore | verify}: a consistent, portable backup of a hub's store,
 * and its all-or-nothing restore. Exit status 0 means done, 1 means refused or failed (the message
 * says why; a failed restore changed nothing), 2 means bad arguments.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = "Operate a hub's store: back it up, restore it, check a backup.",
    subcommands = {AdminCommand.BackupCmd.class, AdminCommand.RestoreCmd.class, AdminCommand.VerifyCmd.class})
public final class AdminCommand implements Runnable {
  static final int DONE = 0;
  static final int FAILED = 1;
  /** What a backup, restore or verify may fail with: one line, exit 1. */
  static final List<Class<? extends Exception>> EXPECTED = List.of(BackupException.class, StoreException.class,
      IOException.class, IllegalArgumentException.class);

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "backup", mixinStandardHelpOptions = true,
      description = {"Write every table of a hub's store to one file, from one consistent snapshot; the hub may keep"
          + " running. The file is gzip'd JSON lines with the schema version, row counts and a SHA-256; it restores into"
          + " SQLite or PostgreSQL alike. It holds no private key: keep the hub's ledger-key.pem safe separately."})
  static final class BackupCmd implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @CommandLine.Mixin
    WhereMixin where;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The backup file to write.")
    Path out;

    @Option(names = "--ledger-key", paramLabel = "FILE",
        description = "The hub's ledger key file, whose public half the backup records (default: ledger-key.pem in --data).")
    Path ledgerKey;

    @Override
    public Integer call() {
      return Run.run(spec, FAILED, EXPECTED, (o, err) -> {
        Store from = where.store();
        o.println("backing up " + from.describe() + " to " + out);
        TableProgress p = new TableProgress(err, "read");
        Backup.Summary s = Backup.write(from, out, ledgerKey, Clock.systemUTC(), p);
        p.done();
        rows(o, s.rows());
        o.printf(Locale.ROOT, "schema version %s (%s); %,d bytes; sha256 %s%n", s.schemaVersion(), s.vendor(), s.bytes(),
            s.sha256());
        if (s.ledgerOrigin() != null) {
          o.println("ledger " + s.ledgerOrigin() + ", latest checkpoint at size " + s.checkpointSize()
              + (s.ledgerKeyRecorded() ? ", key recorded" : "; NO ledger key found: restore will need --key VKEY"));
        }
        o.println("BACKED UP: " + out);
        return DONE;
      });
    }
  }

  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = {"Load a backup into an empty store (embedded or PostgreSQL), in one transaction: the file is"
          + " checked first, the migrations run, identity counters are reset, and the ledger must recompute its latest"
          + " signed checkpoint, or nothing is restored. Stop the hub that uses the target first."})
  static final class RestoreCmd implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The backup file.")
    Path in;

    @CommandLine.Mixin
    WhereMixin where;

    @Option(names = "--force", description = "Replace whatever the target holds (default: refuse a target with data).")
    boolean force;

    @CommandLine.Mixin
    TrustedKey key;

    @Option(names = "--ledger-key", paramLabel = "FILE",
        description = "The source hub's ledger key file, to copy into --data after the restore (checked against the backup).")
    Path ledgerKey;

    @Override
    public Integer call() {
      return Run.run(spec, FAILED, EXPECTED, (o, err) -> {
        Store to = where.store();
        o.println("restoring " + in + " into " + to.describe());
        TableProgress checking = new TableProgress(err, "checked");
        TableProgress loading = new TableProgress(err, "loaded");
        Restore.Summary s = Restore.run(in, to, force, key.get().orElse(null), ledgerKey,
            checking, loading);
        loading.done();
        print(o, s);
        o.println("RESTORED: " + in + " into " + to.describe());
        return DONE;
      });
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Check a backup without touching any hub: the file end to end (structure, row counts, SHA-256),"
          + " then a trial restore into a temporary embedded store with the ledger check. The temporary store is"
          + " deleted afterwards."})
  static final class VerifyCmd implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The backup file.")
    Path in;

    @CommandLine.Mixin
    TrustedKey key;

    @Override
    public Integer call() {
      return Run.run(spec, FAILED, EXPECTED, (o, err) -> {
        o.println("checking " + in + " (the file, then a trial restore into a temporary embedded store)");
        TableProgress loading = new TableProgress(err, "loaded");
        Restore.Summary s = Restore.verify(in, key.get().orElse(null), new TableProgress(err, "checked"),
            loading);
        loading.done();
        print(o, s);
        o.println("VERIFIED: " + in);
        return DONE;
      });
    }
  }

  /** --data and --db, shared by backup and restore. */
  static final class WhereMixin {
    @Option(names = "--data", paramLabel = "DIR",
        description = "The hub's data directory: its embedded database and, also with --db, its ledger key.")
    Path data;

    @Option(names = "--db", paramLabel = "URL", description = "The hub's PostgreSQL JDBC URL, as given to liaison hub --db.")
    String db;

    Store store() {
      return new Store(data, db);
    }
  }

  private static void rows(PrintWriter o, Map<String, Long> rows) {
    rows.forEach((t, n) -> o.printf(Locale.ROOT, "  %-24s %,12d rows%n", t, n));
  }

  private static void print(PrintWriter o, Restore.Summary s) {
    rows(o, s.rows());
    o.println("schema version " + s.schemaVersion() + " (" + s.vendor() + ")");
    o.println("ledger check" + (s.ledgerOrigin() == null ? "" : " of " + s.ledgerOrigin()) + ":");
    s.ledgerPassed().forEach(p -> o.println("  ok    " + p));
    if (s.beyondCheckpoint() > 0 || s.unindexed() > 0) {
      o.printf(Locale.ROOT, "  note  %,d entries came after the latest checkpoint (%,d not yet indexed);"
          + " the hub signs them when it starts%n", s.beyondCheckpoint() + s.unindexed(), s.unindexed());
    }
    s.notes().forEach(n -> o.println("note: " + n));
  }

  /** Progress for tables of at least {@value Backup#PROGRESS_EVERY} rows, on stderr. */
  static final class TableProgress implements Backup.Progress {
    private final PrintWriter err;
    private final String verb;
    private final boolean terminal = System.console() != null;
    private boolean drawn;

    TableProgress(PrintWriter err, String verb) {
      this.err = err;
      this.verb = verb;
    }

    @Override
    public void at(String table, long done, long total) {
      if (total < 10_000) {
        return;
      }
      String text = String.format(Locale.ROOT, "%s %s: %,d/%,d rows (%d%%)", verb, table, done, total, done * 100 / total);
      if (terminal) {
        err.print("\r" + text + (done == total ? "\n" : ""));
        drawn = done != total;
      } else if (done == total || done % (Math.max(1, total / 10)) < 10_000) {
        err.println(text);
      }
      err.flush();
    }

    void done() {
      if (drawn) {
        err.println();
        err.flush();
      }
    }
  }

  /** For embedding: a command line for this command with the usual settings. */
  public static CommandLine commandLine() {
    return new CommandLine(new AdminCommand());
  }
}
