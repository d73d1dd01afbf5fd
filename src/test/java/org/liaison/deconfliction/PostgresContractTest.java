package org.liaison.deconfliction;

import java.nio.file.Path;
import org.liaison.hub.HubOptions;
import org.liaison.testkit.PgDatabases;

/**
 * The contract against a real PostgreSQL server (embedded, one per class). Each hub gets a
 * database of its own, so a hub started for one test never sees another's rows.
 */
class PostgresContractTest extends DssContractTest {
  private final PgDatabases databases = new PgDatabases("liaison");

  @Override
  protected HubOptions freshStore(Path dataDir, boolean allowHttpBaseUrls) {
    return options(dataDir, databases.fresh(), allowHttpBaseUrls);
  }

  @Override
  protected void closeStores() {
    databases.close();
  }
}
