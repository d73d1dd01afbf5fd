package org.liaison.deconfliction;

import java.nio.file.Path;
import org.liaison.hub.HubOptions;
import org.liaison.testkit.PgDatabases;

/**
 * The contract against PostgreSQL with {@code --instances one}: the write engine is chosen by
 * configuration, not by the store, so a lone hub on PostgreSQL runs the one-instance engine (group
 * commit, no stripes, no shared change log) and must answer exactly as every other store does.
 */
class OneInstancePostgresContractTest extends DssContractTest {
  private final PgDatabases databases = new PgDatabases("liaison_one");

  @Override
  protected HubOptions freshStore(Path dataDir, boolean allowHttpBaseUrls) {
    return options(dataDir, databases.fresh(), allowHttpBaseUrls).withInstances(HubOptions.Instances.ONE);
  }

  @Override
  protected void closeStores() {
    databases.close();
  }
}
