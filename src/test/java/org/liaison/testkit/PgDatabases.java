package org.liaison.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL server (started on first use, through {@link EmbeddedPg}) and a fresh,
 * empty database on it for each {@link #fresh()}: how the PostgreSQL contract tests keep tests
 * apart without paying a server start per test.
 */
public final class PgDatabases implements AutoCloseable {
  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();
  private EmbeddedPostgres pg;

  /** Databases named {@code prefix_1}, {@code prefix_2}, … */
  public PgDatabases(String prefix) {
    this.prefix = prefix;
  }

  /** The JDBC URL of a new, empty database. */
  public synchronized String fresh() {
    try {
      if (pg == null) {
        pg = EmbeddedPg.start();
      }
      String name = prefix + "_" + count.incrementAndGet();
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE " + name);
      }
      return pg.getJdbcUrl("postgres", name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
    }
  }

  /** Stops the server, if it was started; a later {@link #fresh()} starts a new one. */
  @Override
  public synchronized void close() {
    if (pg != null) {
      try {
        pg.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        pg = null;
      }
    }
  }
}
