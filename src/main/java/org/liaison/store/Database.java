package org.liaison.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SQL database of the hub or a node: embedded SQLite in a data directory by default, or PostgreSQL through a
 * JDBC URL. Migrations run at open. Transactions retry on serialization failures.
 *
 * <p>Nothing waits on the database for longer than its timeout ({@link #DEFAULT_TIMEOUT} unless
 * given): a pooled connection, a SQLite lock, a PostgreSQL statement, and the retries of one
 * transaction all give up by then. A thread with a {@link Deadline} gets at most the time it has
 * left. A transaction that gives up throws a {@link StoreException} for which {@link
 * Deadline#isTimeout} holds.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private static final int MAX_ATTEMPTS = 8;
  /** How long anything may wait on the database when no timeout is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Work done inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final HikariDataSource pool;
  private final boolean postgres;
  private final String description;
  private final Duration timeout;

  private Database(HikariDataSource pool, boolean postgres, String description, Duration timeout) {
    this.pool = pool;
    this.postgres = postgres;
    this.description = description;
    this.timeout = timeout;
  }

  /** Opens the hub's embedded store in {@code dataDir}, creating the directory if needed. */
  public static Database embedded(Path dataDir) {
    return embedded(dataDir, DEFAULT_TIMEOUT);
  }

  /** The hub's embedded store, where nothing waits longer than {@code timeout}. */
  public static Database embedded(Path dataDir, Duration timeout) {
    return embedded(dataDir, "hub.db", List.of("classpath:db/migration/common", "classpath:db/migration/sqlite"),
        timeout);
  }

  /**
   * Opens an embedded store in {@code dataDir/fileName} migrated from {@code migrationLocations}
   * (Flyway locations such as {@code classpath:db/node}); the node keeps its own database this way.
   */
  public static Database embedded(Path dataDir, String fileName, List<String> migrationLocations) {
    return embedded(dataDir, fileName, migrationLocations, DEFAULT_TIMEOUT);
  }

  /** As {@link #embedded(Path, String, List)}, where nothing waits longer than {@code timeout}. */
  public static Database embedded(Path dataDir, String fileName, List<String> migrationLocations, Duration timeout) {
    requireTimeout(timeout);
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
    cfg.addDataSourceProperty("busy_timeout", Long.toString(timeout.toMillis()));
    cfg.addDataSourceProperty("foreign_keys", "true");
    cfg.setMaximumPoolSize(4);
    cfg.setPoolName("liaison-sqlite");
    cfg.setConnectionTimeout(timeout.toMillis());
    return open(cfg, false, "embedded SQLite " + file, migrationLocations, timeout);
  }

  /** Opens a PostgreSQL-wire database (PostgreSQL, CockroachDB, YugabyteDB). */
  public static Database postgres(String jdbcUrl) {
    return postgres(jdbcUrl, DEFAULT_TIMEOUT);
  }

  /**
   * As {@link #postgres(String)}, where nothing waits longer than {@code timeout}: every session
   * starts with that {@code statement_timeout}, and the pool hands out a connection within it or
   * fails.
   */
  public static Database postgres(String jdbcUrl, Duration timeout) {
    requireTimeout(timeout);
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new StoreException("--db must be a jdbc:postgresql: URL, got " + jdbcUrl, null);
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(jdbcUrl);
    cfg.setMaximumPoolSize(16);
    // While the database is away a write waits this long for a connection, then answers 503; and
    // the hub then reloads its state, which waits as long again. Two seconds keep both well inside
    // a client's deadline (DatabaseRestartTest); a healthy pool hands out connections in microseconds.
    long connectionTimeout = Math.min(2000, timeout.toMillis());
    cfg.setConnectionTimeout(connectionTimeout);
    cfg.setValidationTimeout(Math.max(250, Math.min(1000, connectionTimeout)));
    // Set at connection start-up, outside any transaction: an init statement would open one that
    // the first borrower inherits, and a rollback would undo the setting.
    cfg.addDataSourceProperty("options", "-c statement_timeout=" + timeout.toMillis());
    cfg.setPoolName("liaison-pg");
    cfg.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
    return open(cfg, true, "PostgreSQL " + jdbcUrl.replaceAll("password=[^&]*", "password=***"),
        List.of("classpath:db/migration/common", "classpath:db/migration/postgresql"), timeout);
  }

  private static void requireTimeout(Duration timeout) {
    // Hikari refuses connection timeouts under 250 ms.
    if (timeout.compareTo(Duration.ofMillis(250)) < 0) {
      throw new IllegalArgumentException("database timeout must be at least 250 ms, got " + timeout.toMillis() + " ms");
    }
  }

  private static Database open(HikariConfig cfg, boolean postgres, String description, List<String> migrationLocations,
      Duration timeout) {
    cfg.setAutoCommit(false);
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(cfg);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open " + description + ": " + rootMessage(e), e);
    }
    try {
      migrate(ds, migrationLocations, postgres);
    } catch (RuntimeException e) {
      ds.close();
      throw new StoreException("cannot migrate " + description + ": " + rootMessage(e), e);
    }
    log.info("storage: {}", description);
    return new Database(ds, postgres, description, timeout);
  }

  private static void migrate(HikariDataSource ds, List<String> locations, boolean postgres) {
    var flyway = Flyway.configure().locations(locations.toArray(String[]::new));
    if (postgres) {
      // A migration may rewrite a large table, so it runs on its own connection, outside the
      // pool whose sessions carry the statement timeout.
      flyway.dataSource(ds.getJdbcUrl(), null, null);
    } else {
      flyway.dataSource(ds);
    }
    flyway.load().migrate();
  }

  /**
   * Reports the pool's connections (active, idle, pending, timeouts, acquire and usage times) to
   * {@code registry} as the {@code hikaricp_*} meters; call once.
   */
  public void bindMetrics(MeterRegistry registry) {
    pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
  }

  public boolean isPostgres() {
    return postgres;
  }

  public String description() {
    return description;
  }

  /**
   * Runs {@code work} in one transaction, retrying on serialization failures and busy locks until
   * the timeout or the thread's {@link Deadline}, whichever comes first.
   */
  public <T> T inTransaction(Work<T> work) {
    return run(null, work);
  }

  private <T> T run(Integer isolation, Work<T> work) {
    SQLException last = null;
    long started = System.nanoTime();
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      long left = Math.min(timeout.toNanos() - (System.nanoTime() - started), deadlineLeft());
      if (left <= 0) {
        throw timedOut(last);
      }
      try (Connection c = pool.getConnection()) {
        try {
          if (isolation != null) {
            c.setTransactionIsolation(isolation); // before any statement, as PostgreSQL requires
          }
          limitStatements(c);
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
    if (Deadline.isTimeout(last)) {
      throw timedOut(last);
    }
    throw new StoreException("database write failed on " + description + ": " + last.getMessage(), last);
  }

  /**
   * As {@link #inTransaction(Work)}, at the given JDBC isolation level (for example {@link
   * Connection#TRANSACTION_READ_COMMITTED}, where each statement sees every transaction committed
   * before it started).
   */
  public <T> T inTransaction(int isolation, Work<T> work) {
    return run(isolation, work);
  }

  private static long deadlineLeft() {
    Long left = Deadline.remainingNanos();
    return left == null ? Long.MAX_VALUE : left;
  }

  /**
   * A request's statements on PostgreSQL get the time the request has left; other threads keep
   * the session's timeout. SQLite has no statement timeout: its lock waits are bounded by the
   * busy timeout, and the deadline is checked between attempts.
   */
  private void limitStatements(Connection c) throws SQLException {
    Long left = Deadline.remainingNanos();
    if (!postgres || left == null) {
      return;
    }
    long ms = Math.max(1, Math.min(timeout.toMillis(), left / 1_000_000));
    try (Statement st = c.createStatement()) {
      st.execute("SET LOCAL statement_timeout = " + ms);
    }
  }

  private StoreException timedOut(SQLException last) {
    Duration budget = Deadline.budget();
    String within = budget != null && budget.compareTo(timeout) < 0
        ? "the request's deadline of " + human(budget) : human(timeout);
    String why = last == null ? "" : ": " + last.getMessage();
    SQLTimeoutException cause = new SQLTimeoutException("no answer within " + within, last);
    return new StoreException(description + " did not answer within " + within + why, cause);
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
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
