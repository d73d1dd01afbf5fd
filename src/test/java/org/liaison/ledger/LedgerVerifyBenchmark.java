package org.liaison.ledger;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.store.Database;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.liaison.proof.Canonical;
import org.liaison.proof.Checkpoint;
import org.liaison.proof.CompactRange;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.LogEntry;
import org.liaison.proof.LogVerifier;
import org.liaison.proof.Merkle;
import org.liaison.proof.SignedNote;

/**
 * {@code liaison ledger verify} over a whole log of {@code entries} notice entries (10⁶ by
 * default), each run a single timed pass as a user would see it: reading a bundle offline, and
 * downloading the log from a real hub over HTTP. The bundle is built in-process; the hub's log is
 * written straight into its SQLite ledger (10,000 entries per transaction, without receipts, which
 * verify does not need) before the hub starts over it. Setup times are printed.
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main LedgerVerifyBenchmark
 * </pre>
 *
 * Add {@code -p entries=10000} for a quick run.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class LedgerVerifyBenchmark {
  /** Where the log's size comes from, shared by both states. */
  @State(Scope.Benchmark)
  public static class Size {
    @Param("1000000")
    public int entries;
  }

  /** A bundle file of the log, built without a hub. */
  @State(Scope.Benchmark)
  public static class Bundle {
    Path dir;
    Path file;

    @Setup(Level.Trial)
    public void build(Size size) throws IOException {
      long t0 = System.nanoTime();
      dir = Files.createTempDirectory("ledger-verify-bench");
      file = dir.resolve("bundle.jsonl");
      LedgerKey key = LedgerKey.generate("liaison/bench");
      Instant now = Instant.now();
      // Two passes over the same deterministic entries: the root for the header, then the lines.
      CompactRange range = new CompactRange();
      for (int i = 0; i < size.entries; i++) {
        range.append(Merkle.leafHash(Canonical.canonicalize(LedgerAppendBenchmark.notice(i, now))));
      }
      String note = SignedNote.sign(new Checkpoint("liaison/bench", size.entries, range.root()).toBody(), key);
      LedgerBundle.Header header = new LedgerBundle.Header("liaison/bench", size.entries,
          new LedgerClient.KeyInfo(key.name(), key.publicKey()), note, Optional.empty(), List.of());
      try (LedgerBundle.Writer out = new LedgerBundle.Writer(file, header)) {
        for (int i = 0; i < size.entries; i++) {
          byte[] entry = Canonical.canonicalize(LedgerAppendBenchmark.notice(i, now));
          out.add(new LogEntry(i, entry, Merkle.leafHash(entry)));
        }
      }
      System.out.printf("%nsetup: built a %d MB bundle of %d entries in %.1f s%n",
          Files.size(file) >> 20, size.entries, (System.nanoTime() - t0) / 1e9);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
      deleteTree(dir);
    }
  }

  /** A real hub over an SQLite ledger holding the log. */
  @State(Scope.Benchmark)
  public static class Served {
    Path dir;
    Hub hub;
    LedgerClient client;

    @Setup(Level.Trial)
    public void build(Size size) throws IOException {
      dir = Files.createTempDirectory("ledger-verify-bench");
      long t0 = System.nanoTime();
      try (Database db = Database.embedded(dir);
          Ledger ledger = Ledger.open(db, dir.resolve("ledger-key.pem"), "bench", Clock.systemUTC())) {
        Instant now = Instant.now();
        for (int start = 0; start < size.entries; start += 10_000) {
          int first = start;
          int end = Math.min(size.entries, start + 10_000);
          db.inTransaction(c -> {
            for (int i = first; i < end; i++) {
              ledger.record(c, LedgerAppendBenchmark.notice(i, now));
            }
            return null;
          });
        }
      }
      long t1 = System.nanoTime();
      hub = Hub.start(new HubOptions("bench", "127.0.0.1", 0, dir, null, "localhost", List.of(), null, true, true),
          Clock.systemUTC());
      long t2 = System.nanoTime();
      String token = hub.devAuthority().mint("auditor", List.of(LedgerRoutes.READ), "localhost", "bench",
          Duration.ofHours(1));
      client = new LedgerClient(URI.create("http://127.0.0.1:" + hub.port()), token);
      if (client.checkpoint().treeSize() != size.entries) {
        throw new IllegalStateException("the hub serves " + client.checkpoint().treeSize() + " entries, not " + size.entries);
      }
      System.out.printf("%nsetup: wrote %d entries to SQLite in %.1f s; the hub started over them in %.1f s%n",
          size.entries, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
      hub.close();
      deleteTree(dir);
    }
  }

  @Benchmark
  public LogVerifier.Result verifyBundle(Size size, Bundle bundle) throws IOException {
    return requireOk(size, LedgerAudit.verifyBundle(bundle.file, Optional.empty(), Optional.empty(),
        LedgerAudit.Progress.NONE));
  }

  @Benchmark
  public LogVerifier.Result verifyHub(Size size, Served served) throws IOException {
    return requireOk(size, LedgerAudit.verifyHub(served.client, Optional.empty(), Optional.empty(),
        LedgerAudit.Progress.NONE));
  }

  private static LogVerifier.Result requireOk(Size size, LogVerifier.Result r) {
    if (!r.ok() || r.entriesChecked() != size.entries) {
      throw new IllegalStateException("verification failed: " + r.failures());
    }
    return r;
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
