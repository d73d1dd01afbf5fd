package org.liaison.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.chaos.LoadStats.Outcome;
import org.liaison.proof.LogVerifier;

/**
 * Faults of the embedded SQLite store's disk: a data directory the hub may not write, and a disk
 * that fills up under load. The hub says what is wrong and where, refuses writes with 503 while it
 * cannot make them durable, stays up, and afterwards holds every acknowledged write in a sound file
 * with a ledger that verifies.
 */
class EmbeddedStoreFaultTest {
  private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void read_only_empty_data_dir_refuses_to_start_naming_the_dir() throws Exception {
    Path base = Os.sharedTempDir("liaison-ro-");
    try {
      Path data = Files.createDirectory(base.resolve("data"));
      Os.giveAway(base);
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
      HubProcess hub = HubProcess.builder(data).label("hub-ro").log(ChaosLogs.dir("EmbeddedStoreFaultTest-ro-empty")
          .resolve("hub.log")).unprivileged().build();

      HubProcess.Exit exit = hub.startExpectingExit(Duration.ofSeconds(60));

      assertThat(exit.status()).as(exit.output()).isNotZero();
      assertThat(exit.output()).contains(data.toString()).contains("not writable").doesNotContain("\tat ");
      try (Stream<Path> files = Files.list(data)) {
        assertThat(files).as("files the refused start left in %s", data).isEmpty();
      }
    } finally {
      Os.deleteTree(base);
    }
  }

  @Test
  void read_only_data_dir_with_data_refuses_to_start_and_leaves_the_data_as_it_was() throws Exception {
    Path base = Os.sharedTempDir("liaison-ro-");
    try {
      Path data = base.resolve("data");
      Path logs = ChaosLogs.dir("EmbeddedStoreFaultTest-ro-data");
      HubProcess.prepareKeys(data);
      Os.giveAway(base);
      HubProcess hub = HubProcess.builder(data).label("hub").log(logs.resolve("hub.log")).unprivileged().start();
      DevTokens tokens = new DevTokens(List.of(hub.base()));
      LoadDriver load = LoadDriver.builder(tokens, List.of(hub.base())).threads(2).start();
      try {
        assertThat(load.awaitAcks(20, Duration.ofSeconds(60))).as("writes; %s", load.stats()).isTrue();
      } finally {
        load.stop();
      }
      hub.stop();
      Map<String, String> before = digests(data);
      setWritable(data, false);

      HubProcess.Exit exit = hub.startExpectingExit(Duration.ofSeconds(60));

      assertThat(exit.status()).as(exit.output()).isNotZero();
      assertThat(exit.output()).contains(data.toString()).contains("not writable").doesNotContain("\tat ");
      assertThat(digests(data)).as("the data directory after the refused start").isEqualTo(before);

      setWritable(data, true);
      hub.start();
      try {
        new Checker(tokens, List.of(hub.base())).check(load.book()).assertClean();
      } finally {
        hub.kill();
      }
    } finally {
      Os.deleteTree(base);
    }
  }

  @Test
  void disk_full_mid_load_answers_503_keeps_running_and_loses_nothing() throws Exception {
    Path data = dir.resolve("data");
    Path logs = ChaosLogs.dir("EmbeddedStoreFaultTest-disk-full");
    HubProcess.prepareKeys(data);
    SoftAssertions soft = new SoftAssertions();
    try (HubProcess hub = HubProcess.builder(data).log(logs.resolve("hub.log")).start()) {
      DevTokens tokens = new DevTokens(List.of(hub.base()));
      LoadDriver load = LoadDriver.builder(tokens, List.of(hub.base())).threads(4)
          .requestTimeout(REQUEST_DEADLINE).start();
      LoadStats stats = load.stats();
      try {
        assertThat(load.awaitAcks(50, Duration.ofSeconds(60))).as("writes before the fault; %s", stats).isTrue();

        // The disk is full: no file of the hub may grow past its size now (give or take a page).
        hub.limitFileSize(largestFile(data) + 4096);
        assertThat(load.awaitOutcome(Outcome.UNAVAILABLE, Duration.ofSeconds(30)))
            .as("a 503 once the disk is full; %s%s", stats, Fleet.tail(hub.logText(), 20_000)).isTrue();
        long full = System.nanoTime();
        Thread.sleep(2000);
        soft.assertThat(hub.healthy()).as("hub answers /healthy with a full disk").isTrue();
        // Writes into space the files already have still succeed, as on a real full disk; the
        // read-back after kill -9 below shows whether those acknowledgements were honest.
        Map<Outcome, Long> whileFull = stats.between(full, System.nanoTime());
        System.out.println("disk full: answers while full: " + whileFull);

        hub.limitFileSize(-1);
        long freed = System.nanoTime();
        assertThat(load.awaitAcks(50, Duration.ofSeconds(60)))
            .as("writes after space came back; %s%s", stats, Fleet.tail(hub.logText(), 20_000)).isTrue();
        long recoveredMs = (stats.firstAckAfter(freed).orElseThrow() - freed) / 1_000_000;
        System.out.println("disk full: writes acknowledged again " + recoveredMs + " ms after space came back");
      } finally {
        load.stop();
      }
      System.out.println("disk full: " + stats);
      soft.assertThat(stats.count(Outcome.TIMED_OUT)).as("requests past their deadline; %s", stats).isZero();
      soft.assertThat(stats.count(Outcome.SERVER_ERROR)).as("500s or 503s without a message; %s", stats).isZero();
      soft.assertThat(stats.count(Outcome.REJECTED)).as("4xx answers; %s", stats).isZero();
      soft.assertThat(hub.isAlive()).isTrue();

      Checker checker = new Checker(tokens, List.of(hub.base()));
      Checker.Report live = checker.check(load.book());
      System.out.println("disk full, read back from the running hub: " + live);
      soft.assertThat(live.violations()).as("read back from the running hub").isEmpty();

      hub.kill();
      soft.assertThat(StoreChecks.sqliteIntegrity(data)).as("PRAGMA integrity_check").containsExactly("ok");
      hub.start();
      Checker.Report fresh = checker.check(load.book());
      System.out.println("disk full, read back after a restart: " + fresh);
      soft.assertThat(fresh.violations()).as("read back after a restart").isEmpty();
      LogVerifier.Result ledger = StoreChecks.verifyLedger(hub.base());
      soft.assertThat(ledger.ok()).as("ledger verifies: %s", ledger.failures()).isTrue();
      soft.assertAll();
    }
  }

  private static long largestFile(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).max().orElse(0);
    }
  }

  private static Map<String, String> digests(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
          out.put(dir.relativize(p).toString(), HexFormat.of().formatHex(d));
        }
      }
    }
    return out;
  }

  /** chmod a-w (or u+w) on the directory and everything in it. */
  private static void setWritable(Path dir, boolean writable) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String perms = Files.isDirectory(p) ? (writable ? "rwx------" : "r-x------") : (writable ? "rw-------" : "r--------");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
      }
    }
  }
}
