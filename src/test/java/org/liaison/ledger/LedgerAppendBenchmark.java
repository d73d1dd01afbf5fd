package org.liaison.ledger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.liaison.store.Database;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.liaison.proof.Canonical;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.Merkle;
import org.liaison.proof.MerkleLog;
import org.liaison.proof.Receipt;

/**
 * Appending to the ledger: the in-memory tree alone, and {@link Ledger#record} plus the commit in
 * SQLite (WAL, synchronous=FULL, as the hub runs it), one entry per transaction and 100 per
 * transaction (the group commit {@code DssStore.commit} allows), and the same without receipt
 * signatures. The sequencer thread runs alongside, as in the hub. Entries are notice.create entries
 * of 659 bytes.
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main LedgerAppendBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class LedgerAppendBenchmark {
  private static final Clock CLOCK = Clock.systemUTC();

  private Path dir;
  private Database db;
  private Ledger ledger;
  private final MerkleLog tree = new MerkleLog();
  private int n;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("ledger-bench");
    db = Database.embedded(dir);
    ledger = Ledger.open(db, LedgerKey.generate("liaison/bench"), "liaison/bench", CLOCK, true);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    ledger.close();
    db.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A notice.create entry shaped like the ones {@code Airspace} records. */
  static ObjectNode notice(int n, Instant now) {
    ObjectNode e = Ledger.JSON.objectNode();
    e.put("type", "notice.create");
    e.put("party", "party-" + (n % 11));
    e.put("time", now.toString());
    e.put("id", new UUID(0x5eed, n).toString());
    e.put("version", 1);
    e.put("ovn_sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    ArrayNode extents = e.putArray("extents");
    ObjectNode v = extents.addObject();
    ObjectNode vol = v.putObject("volume");
    ObjectNode c = vol.putObject("outline_circle");
    c.putObject("center").put("lat", 46.0 + (n % 1000) * 0.001).put("lng", 7.25);
    c.putObject("radius").put("value", 500.0).put("units", "M");
    vol.putObject("altitude_lower").put("value", 0.0).put("reference", "W84").put("units", "M");
    vol.putObject("altitude_upper").put("value", 120.0).put("reference", "W84").put("units", "M");
    v.putObject("time_start").put("value", now.toString()).put("format", "RFC3339");
    v.putObject("time_end").put("value", now.plusSeconds(3600).toString()).put("format", "RFC3339");
    e.putArray("subscribers");
    e.put("state", "Accepted");
    e.putNull("subscription_id");
    return e;
  }

  /** Hashing the canonical entry and appending to the in-memory tree: no database. */
  @Benchmark
  public long inMemoryAppend() {
    return tree.append(Merkle.leafHash(Canonical.canonicalize(notice(n++, CLOCK.instant()))));
  }

  /** One entry per transaction: every entry pays a synchronous commit. */
  @Benchmark
  public Receipt recordAndCommit() {
    ObjectNode e = notice(n++, CLOCK.instant());
    Receipt r = db.inTransaction(c -> ledger.record(c, e)).receipt();
    ledger.nudge();
    return r;
  }

  /** A hundred entries per transaction, as a group commit of a hundred writes would. */
  @Benchmark
  @OperationsPerInvocation(100)
  public Receipt recordAndCommit100() {
    Instant now = CLOCK.instant();
    Receipt r = db.inTransaction(c -> {
      Receipt last = null;
      for (int i = 0; i < 100; i++) {
        last = ledger.record(c, notice(n++, now)).receipt();
      }
      return last;
    });
    ledger.nudge();
    return r;
  }

  /**
   * The same without the receipts: only the SQL half of {@link Ledger#record}, to show what the
   * database costs and what the Ed25519 receipt signatures cost.
   */
  @Benchmark
  @OperationsPerInvocation(100)
  public Ledger.Recorded writeAndCommit100() {
    Instant now = CLOCK.instant();
    Ledger.Recorded w = db.inTransaction(c -> {
      Ledger.Recorded last = null;
      for (int i = 0; i < 100; i++) {
        last = ledger.record(c, notice(n++, now));
      }
      return last;
    });
    ledger.nudge();
    return w;
  }

  /** One Ed25519 receipt signature, the JDK provider's cost per recorded entry. */
  @Benchmark
  public Receipt receiptSignature() {
    return Receipt.sign(Merkle.leafHash(new byte[] {(byte) n++}), 1L, CLOCK.instant(), ledger.key());
  }
}
