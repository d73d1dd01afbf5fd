package org.liaison.deconfliction;

import java.nio.file.Path;
import org.liaison.hub.HubOptions;

/** The contract against the embedded store: SQLite in a temporary data directory. */
class SqliteContractTest extends DssContractTest {
  @Override
  protected HubOptions freshStore(Path dataDir, boolean allowHttpBaseUrls) {
    return options(dataDir, null, allowHttpBaseUrls);
  }
}
