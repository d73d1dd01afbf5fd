package org.liaison.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.liaison.store.Database;

/**
 * Where a hub keeps its data, as {@code liaison hub} is told: a data directory holding the
 * embedded database and the hub's keys, or a PostgreSQL URL for the tables (the data directory,
 * if given, still holds the keys).
 */
public record Store(Path dataDir, String jdbcUrl) {
  /** The embedded database's file name in a data directory, as {@link Database#embedded(Path)} names it. */
  static final String EMBEDDED_FILE = "hub.db";
  /** The ledger key's file name in a data directory, as the hub names it. */
  public static final String LEDGER_KEY_FILE = "ledger-key.pem";

  public Store {
    if (dataDir == null && jdbcUrl == null) {
      throw new IllegalArgumentException("give a data directory (--data DIR) or a PostgreSQL URL (--db URL)");
    }
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--db must be a jdbc:postgresql: URL, got " + jdbcUrl);
    }
  }

  boolean postgres() {
    return jdbcUrl != null;
  }

  String vendor() {
    return postgres() ? "postgresql" : "sqlite";
  }

  /** For messages: never the password. */
  public String describe() {
    return postgres() ? "PostgreSQL " + jdbcUrl.replaceAll("password=[^&]*", "password=***")
        : "the embedded store in " + dataDir;
  }

  /** The hub's ledger key file, when there is a data directory. */
  Path ledgerKeyFile() {
    return dataDir == null ? null : dataDir.resolve(LEDGER_KEY_FILE);
  }

  /**
   * A plain connection to an existing store, without running migrations: a backup must not
   * change the schema under a running hub.
   */
  Connection connectExisting() throws SQLException {
    if (postgres()) {
      return DriverManager.getConnection(jdbcUrl);
    }
    Path file = dataDir.resolve(EMBEDDED_FILE);
    if (!Files.isRegularFile(file)) {
      throw new BackupException("there is no hub database in " + dataDir + " (expected " + file + ")");
    }
    Properties p = new Properties();
    // Wait out the hub's own writes rather than failing on a busy database.
    p.setProperty("busy_timeout", "10000");
    return DriverManager.getConnection("jdbc:sqlite:" + file, p);
  }

  /** Opens the store as the hub would, running the migrations. */
  Database openMigrated() {
    return postgres() ? Database.postgres(jdbcUrl) : Database.embedded(dataDir);
  }
}
