package org.liaison.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.liaison.chaos.LoadStats.Outcome;

/**
 * PostgreSQL stops under a hub that is taking writes, and comes back on the same data directory
 * and port. The hub, left running, answers 503 with a message while the database is away, never
 * hangs, never answers 500, takes writes again once the database is back (without a restart), and
 * has lost nothing it acknowledged. How soon is printed, not asserted: this machine is shared.
 */
class DatabaseRestartTest {
  private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);
  private static final Duration OUTAGE = Duration.ofSeconds(3);

  enum Shutdown { IMMEDIATE, FAST }

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Shutdown.class)
  void hub_recovers_by_itself_when_postgres_restarts_mid_load(Shutdown mode) throws Exception {
    Run run = run(mode);
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(run.sawUnavailable).as("a 503 while PostgreSQL was down; %s", run.stats).isTrue();
    soft.assertThat(run.stats.count(Outcome.TIMED_OUT)).as("requests past their deadline; %s", run.stats).isZero();
    soft.assertThat(run.stats.count(Outcome.SERVER_ERROR)).as("500s or 503s without a message; %s", run.stats).isZero();
    soft.assertThat(run.stats.maxLatencyMillis()).isLessThan(REQUEST_DEADLINE.toMillis());
    soft.assertThat(run.aliveAfter).as("hub still running").isTrue();
    soft.assertThat(run.fromDatabase.violations()).as("read back from a hub started afresh on the database").isEmpty();
    soft.assertAll();
  }

  /**
   * The running hub, not only the database, holds every acknowledged write after the outage: its
   * memory must never answer from a state that misses one (a 404 for an acknowledged reference,
   * or an overlapping write accepted without its OVN).
   */
  @ParameterizedTest
  @EnumSource(Shutdown.class)
  void running_hub_serves_every_acknowledged_write_after_postgres_restarts(Shutdown mode) throws Exception {
    Run run = run(mode);
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(run.stats.count(Outcome.REJECTED)).as("4xx answers to writes on own references; %s", run.stats).isZero();
    soft.assertThat(run.fromMemory.violations()).as("read back from the running hub").isEmpty();
    soft.assertAll();
  }

  /** What one restart under load showed. */
  private record Run(LoadStats stats, boolean sawUnavailable, long recoveredMs, boolean aliveAfter,
      Checker.Report fromMemory, Checker.Report fromDatabase) {}

  private Run run(Shutdown mode) throws Exception {
    PgServer.assumeAvailable();
    Path logs = ChaosLogs.dir("DatabaseRestartTest-" + mode);
    String name = "restart (" + mode + ")";
    try (PgServer pg = PgServer.init("restart", HubProcess.freePort()).keepLogIn(logs)) {
      pg.start();
      pg.createDatabase("liaison");
      try (Fleet fleet = Fleet.onPostgres(dir, pg.jdbcUrl("liaison"), 1, logs)) {
        LoadDriver load = LoadDriver.builder(fleet.tokens(), fleet.bases()).threads(4)
            .requestTimeout(REQUEST_DEADLINE).start();
        LoadStats stats = load.stats();
        boolean sawUnavailable;
        long recoveredMs;
        try {
          assertThat(load.awaitAcks(50, Duration.ofSeconds(60))).as("writes before the fault; %s", stats).isTrue();
          if (mode == Shutdown.IMMEDIATE) {
            pg.stopImmediate();
          } else {
            pg.stopFast();
          }
          sawUnavailable = load.awaitOutcome(Outcome.UNAVAILABLE, Duration.ofSeconds(30));
          Thread.sleep(OUTAGE.toMillis());
          pg.restart();
          long back = System.nanoTime();
          assertThat(load.awaitAcks(50, Duration.ofSeconds(60)))
              .as("writes after PostgreSQL came back; %s%s", stats, fleet.logs()).isTrue();
          recoveredMs = (stats.firstAckAfter(back).orElseThrow() - back) / 1_000_000;
        } finally {
          load.stop();
        }
        System.out.println(name + ": writes acknowledged again " + recoveredMs + " ms after PostgreSQL was back; "
            + stats);
        boolean alive = fleet.hub(0).isAlive();
        Checker checker = new Checker(fleet.tokens(), fleet.bases());
        Checker.Report memory = checker.check(load.book());
        System.out.println(name + ", read back from the running hub: " + memory);
        // The database, not the hub's memory, is the truth: read again from a hub started afresh.
        fleet.hub(0).kill();
        fleet.hub(0).start();
        Checker.Report database = checker.check(load.book());
        System.out.println(name + ", read back after a hub restart: " + database);
        return new Run(stats, sawUnavailable, recoveredMs, alive, memory, database);
      }
    }
  }
}
