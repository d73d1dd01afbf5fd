package org.liaison.channels;

import org.junit.jupiter.api.AfterAll;
import org.liaison.testkit.PgDatabases;

/** The channel contract on a real PostgreSQL: one server for the class, a fresh database per test. */
class ChannelsPostgresTest extends ChannelsContract {
  private static final PgDatabases databases = new PgDatabases("channels");

  @Override
  String jdbcUrl() {
    return databases.fresh();
  }

  @AfterAll
  static void stop() {
    databases.close();
  }
}
