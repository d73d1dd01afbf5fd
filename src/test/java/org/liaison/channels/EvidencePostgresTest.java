package org.liaison.channels;

import org.junit.jupiter.api.AfterAll;
import org.liaison.testkit.PgDatabases;

/** Evidence bundles on a real PostgreSQL. */
class EvidencePostgresTest extends EvidenceContract {
  private static final PgDatabases databases = new PgDatabases("evidence");

  @Override
  String jdbcUrl() {
    return databases.fresh();
  }

  @AfterAll
  static void stop() {
    databases.close();
  }
}
