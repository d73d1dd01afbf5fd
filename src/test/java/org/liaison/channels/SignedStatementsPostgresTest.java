package org.liaison.channels;

import org.junit.jupiter.api.AfterAll;
import org.liaison.testkit.PgDatabases;

/** Party keys and signed statements on a real PostgreSQL. */
class SignedStatementsPostgresTest extends SignedStatementsContract {
  private static final PgDatabases databases = new PgDatabases("signed");

  @Override
  String jdbcUrl() {
    return databases.fresh();
  }

  @AfterAll
  static void stop() {
    databases.close();
  }
}
