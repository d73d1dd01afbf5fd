package org.liaison.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SQL database of the hub or a node: embedded SQLite in a data directory by default, or PostgreSQL through a
 * JDBC URL. Migrations run at open. Transactions retry on serialization failures.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private static final int MAX_ATTEMPTS = 8;

  /** Work done inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final HikariDataSource pool;
  private final boolean postgres;
  private final String description;

  private Database(HikariDataSource pool, boolean postgres, String description) {
    this.pool = pool;
    this.postgres = postgres;
    this.description = description;
  }

  /** Opens the hub's embedded store in {@code dataDir}, creating the directory if needed. */
  public static Database embedded(Path dataDir) {
    return embedded(dataDir, "hub.db", List.of("classpath:db/migration/common", "classpath:db/migration/sqlite"));
  }

  /**
   * Opens an embedded store in {@code dataDir/fileName} migrated from {@code migrationLocations}
   * (Flyway locations such as {@code classpath:db/node}); the node keeps its own database this way.
   */
  public static Database embedded(Path dataDir, String fileName, List<String> migrationLocations) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(dataDir)) {
      throw new StoreException("data directory " + dataDir + " is not writable", null);
    }
    Path file = dataDir.resolve(fileName);
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl("jdbc:sqlite:" + file);
    // Durable commits: WAL with a sync per commit, so an acknowledged write survives kill -9 and
    // power loss. Batching commits keeps this affordable.
    cfg.addDataSourceProperty("journal_mode", "WAL");
    cfg.addDataSourceProperty("synchronous", "FULL");
    cfg.addDataSourceProperty("busy_timeout", "10000");
    cfg.addDataSourceProperty("foreign_keys", "true");
    cfg.setMaximumPoolSize(4);
    cfg.setPoolName("liaison-sqlite");
    return open(cfg, false, "embedded SQLite " + file, migrationLocations);
  }

  /** Opens a PostgreSQL-wire database (PostgreSQL, CockroachDB, YugabyteDB). */
  public static Database postgres(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new StoreException("--db must be a jdbc:postgresql: URL, got " + jdbcUrl, null);
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(jdbcUrl);
    cfg.setMaximumPoolSize(16);
    // While the database is away a write waits this long for a connection, then answers 503; and
    // the hub then reloads its state, which waits as long again. Two seconds keep both well inside
    // a client's deadline (DatabaseRestartTest); a healthy pool hands out connections in microseconds.
    cfg.setConnectionTimeout(2000);
    cfg.setValidationTimeout(1000);
    cfg.setPoolName("liaison-pg");
    cfg.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
    return open(cfg, true, "PostgreSQL " + jdbcUrl.replaceAll("password=[^&]*", "password=***"),
        List.of("classpath:db/migration/common", "classpath:db/migration/postgresql"));
  }

  private static Database open(
      HikariConfig cfg, boolean postgres, String description, List<String> migrationLocations) {
    cfg.setAutoCommit(false);
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(cfg);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open " + description + ": " + rootMessage(e), e);
    }
    try {
      migrate(ds, migrationLocations);
    } catch (RuntimeException e) {
      ds.close();
      throw new StoreException("cannot migrate " + description + ": " + rootMessage(e), e);
    }
    log.info("storage: {}", description);
    return new Database(ds, postgres, description);
  }

  private static void migrate(DataSource ds, List<String> locations) {
    Flyway.configure()
        .dataSource(ds)
        .locations(locations.toArray(String[]::new))
        .load()
        .migrate();
  }

  public boolean isPostgres() {
    return postgres;
  }

  public String description() {
    return description;
  }

  /** Runs {@code work} in one transaction, retrying on serialization failures and busy locks. */
  public <T> T inTransaction(Work<T> work) {
    SQLException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try (Connection c = pool.getConnection()) {
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          if (!rollback(c)) {
            // Its transaction state is unknown. SQLite, for one, ends the transaction itself on an
            // I/O error (a full disk), and the driver then runs later work outside any transaction,
            // one statement at a time: never hand this connection out again.
            pool.evictConnection(c);
          }
          throw e;
        }
      } catch (SQLException e) {
        last = e;
        if (!retryable(e)) {
          break;
        }
        sleepBackoff(attempt);
      }
    }
    throw new StoreException("database write failed on " + description + ": " + last.getMessage(), last);
  }

  /**
   * As {@link #inTransaction(Work)}, at the given JDBC isolation level (for example {@link
   * Connection#TRANSACTION_READ_COMMITTED}, where each statement sees every transaction committed
   * before it started).
   */
  public <T> T inTransaction(int isolation, Work<T> work) {
    return inTransaction(c -> {
      c.setTransactionIsolation(isolation);
      return work.run(c);
    });
  }

  private static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    String msg = String.valueOf(e.getMessage());
    return "40001".equals(state) || "40P01".equals(state) || msg.contains("SQLITE_BUSY");
  }

  private static void sleepBackoff(int attempt) {
    try {
      Thread.sleep(Math.min(200, (1L << attempt)) + (long) (Math.random() * 5));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  /** Rolls back; false if even that failed. The original failure is what the caller reports. */
  private static boolean rollback(Connection c) {
    try {
      c.rollback();
      return true;
    } catch (SQLException e) {
      log.warn("rollback failed, the connection is discarded: {}", e.getMessage());
      return false;
    }
  }

  static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  @Override
  public void close() {
    pool.close();
  }
}
