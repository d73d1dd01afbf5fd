package org.liaison.ledger;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.liaison.store.Database;
import org.liaison.proof.Canonical;
import org.liaison.proof.Checkpoint;
import org.liaison.proof.CompactRange;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.LogEntry;
import org.liaison.proof.LogVerifier;
import org.liaison.proof.Merkle;
import org.liaison.proof.MerkleLog;
import org.liaison.proof.Receipt;
import org.liaison.proof.SignedNote;

/**
 * The CPU time each ledger operation costs per entry, measured as process CPU time, next to its
 * wall time. On a machine shared with other work, JMH's wall-clock throughput says more about the
 * neighbours than about the code; CPU time per entry does not, and its inverse is what one free
 * core would sustain. A timed run, not a unit test:
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.liaison.ledger.LedgerCpuCost [verify-entries]
 * </pre>
 */
public final class LedgerCpuCost {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private LedgerCpuCost() {}

  @FunctionalInterface
  interface Run {
    void run() throws Exception;
  }

  private static void measure(String what, long entries, Run run) throws Exception {
    run.run(); // warm the JIT on a first pass
    long c0 = OS.getProcessCpuTime();
    long t0 = System.nanoTime();
    run.run();
    long cpu = OS.getProcessCpuTime() - c0;
    long wall = System.nanoTime() - t0;
    System.out.printf("%-52s %9d entries  cpu %8.1f µs/entry (%,9.0f entries per CPU-second)  wall %7.2f s%n",
        what, entries, cpu / 1e3 / entries, entries * 1e9 / cpu, wall / 1e9);
  }

  public static void main(String[] args) throws Exception {
    int verifyEntries = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Path dir = Files.createTempDirectory("ledger-cpu-cost");
    try (Database db = Database.embedded(dir.resolve("db"));
        Ledger ledger = Ledger.open(db, LedgerKey.generate("liaison/cost"), "liaison/cost", Clock.systemUTC(), true)) {
      Instant now = Instant.now();
      int[] n = {0};
      MerkleLog tree = new MerkleLog();
      measure("in memory: canonicalize, hash, append to tree", 200_000, () -> {
        for (int i = 0; i < 200_000; i++) {
          tree.append(Merkle.leafHash(Canonical.canonicalize(LedgerAppendBenchmark.notice(n[0]++, now))));
        }
      });
      // As the spread bench writes them: coordinates at full double precision, which short-decimal
      // shortcuts cannot print, and the entry's time read back from its text.
      java.util.Random random = new java.util.Random(17);
      java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> spread = new java.util.ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        com.fasterxml.jackson.databind.node.ObjectNode e = LedgerAppendBenchmark.notice(i, now);
        ((com.fasterxml.jackson.databind.node.ObjectNode) e.at("/extents/0/volume/outline_circle/center"))
            .put("lat", 40 + random.nextDouble() * 9).put("lng", -100 + random.nextDouble() * 12);
        spread.add(e);
      }
      measure("Ledger.prepare, full-precision coordinates", 200_000, () -> {
        for (int i = 0; i < 200_000; i++) {
          ledger.prepare(spread.get(i % spread.size()));
        }
      });
      measure("receipt signed and rendered as its header", 5_000, () -> {
        for (int i = 0; i < 5_000; i++) {
          Receipt.sign(Merkle.leafHash(new byte[] {(byte) i}), 1L, now, ledger.key()).toHeaderValue();
        }
      });
      measure("receipt signature alone (JDK Ed25519)", 2_000, () -> {
        for (int i = 0; i < 2_000; i++) {
          Receipt.sign(Merkle.leafHash(new byte[] {(byte) i}), 1L, now, ledger.key());
        }
      });
      measure("SQLite: write without receipt, 100 per commit", 20_000, () -> {
        for (int t = 0; t < 200; t++) {
          db.inTransaction(c -> {
            for (int i = 0; i < 100; i++) {
              ledger.record(c, LedgerAppendBenchmark.notice(n[0]++, now));
            }
            return null;
          });
          ledger.nudge();
        }
      });
      measure("SQLite: Ledger.record with receipt, 100 per commit", 3_000, () -> {
        for (int t = 0; t < 30; t++) {
          db.inTransaction(c -> {
            for (int i = 0; i < 100; i++) {
              ledger.record(c, LedgerAppendBenchmark.notice(n[0]++, now)).receipt();
            }
            return null;
          });
          ledger.nudge();
        }
      });
      measure("SQLite: Ledger.record with receipt, 1 per commit", 500, () -> {
        for (int t = 0; t < 500; t++) {
          db.inTransaction(c -> ledger.record(c, LedgerAppendBenchmark.notice(n[0]++, now)).receipt());
          ledger.nudge();
        }
      });
      Path bundle = bundle(dir, verifyEntries, now);
      measure("verify --bundle (read, parse, hash, canonical check)", verifyEntries, () -> {
        LogVerifier.Result r = LedgerAudit.verifyBundle(bundle, Optional.empty(), Optional.empty(), LedgerAudit.Progress.NONE);
        if (!r.ok()) {
          throw new IllegalStateException(r.failures().toString());
        }
      });
    } finally {
      LedgerVerifyBenchmark.deleteTree(dir);
    }
  }

  private static Path bundle(Path dir, int entries, Instant now) throws IOException {
    LedgerKey key = LedgerKey.generate("liaison/cost");
    CompactRange range = new CompactRange();
    for (int i = 0; i < entries; i++) {
      range.append(Merkle.leafHash(Canonical.canonicalize(LedgerAppendBenchmark.notice(i, now))));
    }
    String note = SignedNote.sign(new Checkpoint("liaison/cost", entries, range.root()).toBody(), key);
    Path file = dir.resolve("bundle.jsonl");
    try (LedgerBundle.Writer out = new LedgerBundle.Writer(file, new LedgerBundle.Header("liaison/cost", entries,
        new LedgerClient.KeyInfo(key.name(), key.publicKey()), note, Optional.empty(), List.of()))) {
      for (int i = 0; i < entries; i++) {
        byte[] entry = Canonical.canonicalize(LedgerAppendBenchmark.notice(i, now));
        out.add(new LogEntry(i, entry, Merkle.leafHash(entry)));
      }
    }
    return file;
  }
}
