package org.liaison.channels;

import org.junit.jupiter.api.AfterAll;
import org.liaison.testkit.PgDatabases;

/** End-to-end encrypted channels on a real PostgreSQL: a fresh database per test. */
class EncryptedChannelsPostgresTest extends EncryptedChannelsContract {
  private static final PgDatabases databases = new PgDatabases("encrypted_channels");

  @Override
  String jdbcUrl() {
    return databases.fresh();
  }

  @AfterAll
  static void stop() {
    databases.close();
  }
}
