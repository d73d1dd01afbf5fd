package org.liaison.hub;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;

/** Stream isolation on a real PostgreSQL: one server for the class, a fresh database per test. */
class StreamIsolationPostgresTest extends StreamIsolationContract {
  private static EmbeddedPostgres pg;
  private static final AtomicInteger databases = new AtomicInteger();

  @Override
  String jdbcUrl() {
    try {
      if (pg == null) {
        pg = EmbeddedPostgres.start();
      }
      String name = "isolation_" + databases.incrementAndGet();
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

  @AfterAll
  static void stopServer() throws IOException {
    if (pg != null) {
      pg.close();
      pg = null;
    }
  }
}
