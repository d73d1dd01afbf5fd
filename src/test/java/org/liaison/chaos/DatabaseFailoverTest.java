package org.liaison.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.chaos.LoadStats.Outcome;
import org.liaison.proof.LogVerifier;

/**
 * A PostgreSQL primary with a synchronous streaming-replication standby; the hub reaches them
 * through one multi-host JDBC URL that picks the primary. Under load the primary's postmaster is
 * killed with {@code kill -9} and the standby promoted: the hub finds the new primary by itself,
 * and every write it acknowledged is there (a synchronous standby has each commit before the hub
 * hears of it).
 */
class DatabaseFailoverTest {
  private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void hub_follows_a_promoted_synchronous_standby_and_loses_no_acknowledged_write() throws Exception {
    PgServer.assumeAvailable();
    Path logs = ChaosLogs.dir("DatabaseFailoverTest");
    try (PgServer primary = PgServer.init("primary", HubProcess.freePort()).keepLogIn(logs)) {
      primary.start("synchronous_standby_names=*");
      try (PgServer standby = PgServer.standbyOf(primary, "standby", HubProcess.freePort()).keepLogIn(logs)) {
        standby.start();
        awaitSynchronousStandby(primary);
        primary.createDatabase("liaison");
        String url = PgServer.primaryUrl("liaison", primary, standby);
        try (Fleet fleet = Fleet.onPostgres(dir, url, 1, logs)) {
          SoftAssertions soft = new SoftAssertions();
          LoadDriver load = LoadDriver.builder(fleet.tokens(), fleet.bases()).threads(4)
              .requestTimeout(REQUEST_DEADLINE).start();
          LoadStats stats = load.stats();
          long recoveredMs;
          try {
            assertThat(load.awaitAcks(50, Duration.ofSeconds(60))).as("writes before the fault; %s", stats).isTrue();
            primary.kill9();
            soft.assertThat(load.awaitOutcome(Outcome.UNAVAILABLE, Duration.ofSeconds(30)))
                .as("a 503 while there is no primary; %s", stats).isTrue();
            standby.promote();
            long promoted = System.nanoTime();
            assertThat(load.awaitAcks(50, Duration.ofSeconds(60)))
                .as("writes after the standby was promoted; %s%s", stats, fleet.logs()).isTrue();
            recoveredMs = (stats.firstAckAfter(promoted).orElseThrow() - promoted) / 1_000_000;
          } finally {
            load.stop();
          }
          System.out.println("failover: writes acknowledged again " + recoveredMs + " ms after the promotion; " + stats);
          soft.assertThat(stats.count(Outcome.TIMED_OUT)).as("requests past their deadline; %s", stats).isZero();
          soft.assertThat(stats.count(Outcome.SERVER_ERROR)).as("500s or 503s without a message; %s", stats).isZero();
          soft.assertThat(stats.maxLatencyMillis()).isLessThan(REQUEST_DEADLINE.toMillis());
          soft.assertThat(fleet.hub(0).isAlive()).as("hub still running").isTrue();

          Checker checker = new Checker(fleet.tokens(), fleet.bases());
          Checker.Report running = checker.check(load.book());
          System.out.println("failover, read back from the running hub: " + running);
          soft.assertThat(running.violations()).as("read back from the running hub").isEmpty();
          fleet.hub(0).kill();
          fleet.hub(0).start();
          Checker.Report promotedDb = checker.check(load.book());
          System.out.println("failover, read back after a hub restart on the promoted standby: " + promotedDb);
          soft.assertThat(promotedDb.violations()).as("read back from the promoted standby").isEmpty();
          LogVerifier.Result ledger = StoreChecks.verifyLedger(fleet.hub(0).base());
          soft.assertThat(ledger.ok()).as("ledger verifies after failover: %s", ledger.failures()).isTrue();
          soft.assertAll();
        }
      }
    }
  }

  /** Waits until the primary reports a standby in {@code sync} state, so every commit waits for it. */
  private static void awaitSynchronousStandby(PgServer primary) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (Connection c = primary.connect("postgres"); Statement st = c.createStatement()) {
      while (true) {
        try (ResultSet rs = st.executeQuery("SELECT sync_state FROM pg_stat_replication")) {
          if (rs.next() && "sync".equals(rs.getString(1))) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the standby did not become synchronous within 30 s:\n" + primary.logText());
        }
        Thread.sleep(100);
      }
    }
  }
}
