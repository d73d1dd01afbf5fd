package org.liaison.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.chaos.LoadStats.Outcome;
import org.liaison.proof.LogVerifier;

/**
 * Hub instances as real processes on one PostgreSQL server, with clients spread over them: one
 * instance is killed with {@code kill -9} under load. Clients move to the others, no acknowledged
 * write is lost, and when the killed instance held the ledger's sequencer lease another takes it
 * over within the lease time and the log stays consistent.
 */
class ManyInstancesFaultTest {
  private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void killing_an_instance_under_load_loses_no_acknowledged_write_and_clients_fail_over() throws Exception {
    PgServer.assumeAvailable();
    Path logs = ChaosLogs.dir("ManyInstancesFaultTest-kill");
    try (PgServer pg = PgServer.init("pg", HubProcess.freePort()).keepLogIn(logs)) {
      pg.start();
      pg.createDatabase("liaison");
      try (Fleet fleet = Fleet.onPostgres(dir, pg.jdbcUrl("liaison"), 3, logs)) {
        SoftAssertions soft = new SoftAssertions();
        LoadDriver load = LoadDriver.builder(fleet.tokens(), fleet.bases()).threads(6)
            .requestTimeout(REQUEST_DEADLINE).start();
        LoadStats stats = load.stats();
        try {
          assertThat(load.awaitAcks(60, Duration.ofSeconds(60))).as("writes before the kill; %s", stats).isTrue();
          fleet.hub(0).kill();
          long killed = System.nanoTime();
          assertThat(load.awaitAcks(stats.count(Outcome.ACKED) + 60, Duration.ofSeconds(60)))
              .as("writes after the kill; %s%s", stats, fleet.logs()).isTrue();
          System.out.println("kill -9 of one of three instances: first write acknowledged after it in "
              + (stats.firstAckAfter(killed).orElseThrow() - killed) / 1_000_000 + " ms; " + stats);
        } finally {
          load.stop();
        }
        soft.assertThat(stats.count(Outcome.TIMED_OUT)).as("requests past their deadline; %s", stats).isZero();
        soft.assertThat(stats.count(Outcome.SERVER_ERROR)).as("500s or 503s without a message; %s", stats).isZero();
        soft.assertThat(stats.ackedAt(1) + stats.ackedAt(2)).as("writes taken by the survivors").isPositive();

        // The survivors, each on its own, hold every acknowledged write once the last ones have
        // reached them (promised within a second; polled here for up to 30 s, the order asserted).
        for (int i = 1; i < 3; i++) {
          Checker.Report r = new Checker(fleet.tokens(), List.of(fleet.hub(i).base()))
              .checkUntilClean(load.book(), Duration.ofSeconds(30));
          System.out.println("read back from hub-" + i + ": " + r);
          soft.assertThat(r.violations()).as("read back from hub-%d", i).isEmpty();
        }
        // The killed instance comes back and catches up.
        fleet.hub(0).start();
        Checker.Report back = new Checker(fleet.tokens(), List.of(fleet.hub(0).base())).check(load.book());
        soft.assertThat(back.violations()).as("read back from the restarted hub-0").isEmpty();
        LogVerifier.Result ledger = StoreChecks.verifyLedger(fleet.hub(1).base());
        soft.assertThat(ledger.ok()).as("ledger verifies: %s", ledger.failures()).isTrue();
        soft.assertAll();
      }
    }
  }

  @Test
  void killing_the_ledger_sequencer_hands_the_lease_over_and_the_log_stays_consistent() throws Exception {
    PgServer.assumeAvailable();
    Path logs = ChaosLogs.dir("ManyInstancesFaultTest-sequencer");
    try (PgServer pg = PgServer.init("pg", HubProcess.freePort()).keepLogIn(logs)) {
      pg.start();
      pg.createDatabase("liaison");
      try (Fleet fleet = Fleet.onPostgres(dir, pg.jdbcUrl("liaison"), 2, logs)) {
        SoftAssertions soft = new SoftAssertions();
        String before = awaitHolder(pg, null);
        int holder = fleet.hub(0).javaProcess().orElseThrow().pid() == pidOf(before) ? 0 : 1;
        assertThat(fleet.hub(holder).javaProcess().orElseThrow().pid()).as("lease %s", before).isEqualTo(pidOf(before));
        int other = 1 - holder;

        LoadDriver load = LoadDriver.builder(fleet.tokens(), fleet.bases()).threads(4)
            .requestTimeout(REQUEST_DEADLINE).start();
        LoadStats stats = load.stats();
        long handover;
        try {
          assertThat(load.awaitAcks(40, Duration.ofSeconds(60))).as("writes before the kill; %s", stats).isTrue();
          fleet.hub(holder).kill();
          long killed = System.nanoTime();
          String after = awaitHolder(pg, before);
          handover = (System.nanoTime() - killed) / 1_000_000;
          soft.assertThat(pidOf(after)).as("new lease holder").isEqualTo(fleet.hub(other).javaProcess().orElseThrow().pid());
          assertThat(load.awaitAcks(stats.count(Outcome.ACKED) + 40, Duration.ofSeconds(60)))
              .as("writes after the kill; %s%s", stats, fleet.logs()).isTrue();
        } finally {
          load.stop();
        }
        System.out.println("sequencer killed: lease taken over after " + handover + " ms (the lease lasts 5 s); " + stats);

        // Every entry gets its dense index, exactly once, and the log verifies from the survivor.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long entries;
        long indexed;
        do {
          Thread.sleep(200);
          entries = count(pg, "SELECT count(*) FROM ledger_entries");
          indexed = count(pg, "SELECT count(*) FROM ledger_index");
        } while (indexed < entries && System.nanoTime() < deadline);
        soft.assertThat(indexed).as("entries indexed").isEqualTo(entries);
        soft.assertThat(count(pg, "SELECT coalesce(max(idx) + 1, 0) FROM ledger_index")).as("dense indexes").isEqualTo(entries);
        LogVerifier.Result ledger = StoreChecks.verifyLedger(fleet.hub(other).base());
        soft.assertThat(ledger.ok()).as("ledger verifies: %s", ledger.failures()).isTrue();
        // The last writes were taken by the other instance and reach it (within a second; polled).
        Checker.Report r = new Checker(fleet.tokens(), List.of(fleet.hub(other).base()))
            .checkUntilClean(load.book(), Duration.ofSeconds(30));
        soft.assertThat(r.violations()).as("read back from the survivor").isEmpty();
        soft.assertAll();
      }
    }
  }

  /** The lease holder once it is someone other than {@code not}, read from the database. */
  private static String awaitHolder(PgServer pg, String not) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection c = pg.connect("liaison"); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT holder FROM ledger_lease WHERE id = 1 AND expires_at > CURRENT_TIMESTAMP")) {
        if (rs.next() && rs.getString(1) != null && !rs.getString(1).equals(not)) {
          return rs.getString(1);
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no new sequencer lease holder within 30 s (was " + not + ")");
  }

  /** The process id in a lease holder's name, {@code "pid N xxxxxxxx"}. */
  private static long pidOf(String holder) {
    return Long.parseLong(holder.split(" ")[1]);
  }

  private static long count(PgServer pg, String sql) throws Exception {
    try (Connection c = pg.connect("liaison"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
