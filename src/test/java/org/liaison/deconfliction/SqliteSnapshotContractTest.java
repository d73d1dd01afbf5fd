package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;

/**
 * The contract on the embedded store, each test on a hub restarted from the memory snapshot the
 * previous hub wrote at its clean shutdown, holding everything the tests before it wrote.
 */
class SqliteSnapshotContractTest extends DssContractTest {
  @Override
  protected HubOptions freshStore(Path dataDir, boolean allowHttpBaseUrls) {
    return options(dataDir, null, allowHttpBaseUrls);
  }

  @Override
  protected boolean restartBeforeEachTest() {
    return true;
  }

  @Override
  protected void afterRestart(Hub restarted) {
    assertThat(restarted.airspace().loadedFromSnapshot()).as("memory read from the snapshot").isTrue();
  }
}
