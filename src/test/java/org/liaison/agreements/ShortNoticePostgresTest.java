package org.liaison.agreements;

import org.junit.jupiter.api.AfterAll;
import org.liaison.testkit.PgDatabases;

/** The short-notice rule on a real PostgreSQL. */
class ShortNoticePostgresTest extends ShortNoticeContract {
  private static final PgDatabases databases = new PgDatabases("shortnotice");

  @Override
  String jdbcUrl() {
    return databases.fresh();
  }

  @AfterAll
  static void stop() {
    databases.close();
  }
}
