package org.liaison.agreements;

import org.junit.jupiter.api.AfterAll;
import org.liaison.testkit.PgDatabases;

/** The agreement contract on a real PostgreSQL: one server for the class, a fresh database per test. */
class AgreementsPostgresTest extends AgreementsContract {
  private static final PgDatabases databases = new PgDatabases("agreements");

  @Override
  String jdbcUrl() {
    return databases.fresh();
  }

  @AfterAll
  static void stop() {
    databases.close();
  }
}
