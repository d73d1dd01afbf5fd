package org.liaison.deconfliction;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.liaison.testkit.EmbeddedPg;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.liaison.hub.HubOptions;

/**
 * The contract against a real PostgreSQL server (embedded, one per class). Each hub gets a
 * database of its own, so a hub started for one test never sees another's rows.
 */
class PostgresContractTest extends DssContractTest {
  private final AtomicInteger databases = new AtomicInteger();
  private EmbeddedPostgres pg;

  @Override
  protected HubOptions freshStore(Path dataDir, boolean allowHttpBaseUrls) throws Exception {
    if (pg == null) {
      pg = EmbeddedPg.start();
    }
    String name = "liaison_" + databases.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return options(dataDir, pg.getJdbcUrl("postgres", name), allowHttpBaseUrls);
  }

  @Override
  protected void closeStores() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }
}
