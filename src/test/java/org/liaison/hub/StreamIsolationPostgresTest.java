package org.liaison.hub;

import org.junit.jupiter.api.AfterAll;
import org.liaison.testkit.PgDatabases;

/** Stream isolation on a real PostgreSQL: one server for the class, a fresh database per test. */
class StreamIsolationPostgresTest extends StreamIsolationContract {
  private static final PgDatabases databases = new PgDatabases("isolation");

  @Override
  String jdbcUrl() {
    return databases.fresh();
  }

  @AfterAll
  static void stopServer() {
    databases.close();
  }
}
