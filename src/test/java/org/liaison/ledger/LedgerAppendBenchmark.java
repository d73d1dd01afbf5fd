package org.liaison.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ledger's hot path: {@code append} canonicalizes an entry (RFC 8785), hashes it as a leaf and
 * appends it to the Merkle log, reported in entries per second. {@code buildAndVerifyMillionLeaves}
 * builds a 1,000,000-leaf log and checks every leaf's inclusion proof against the root, reported in
 * seconds per run.
 *
 * <p>Run from the project root:
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main LedgerAppendBenchmark
 * </pre>
 *
 * Add {@code -f 1 -wi 2 -i 3 -w 2s -r 2s} for a quick run.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class LedgerAppendBenchmark {
  private static final int MILLION = 1_000_000;

  private MerkleLog log;
  private long sequence;

  /** A shape like a notice entry: party, time, payload hash, a volume with coordinates. */
  private Map<String, Object> entry(long seq) {
    Map<String, Object> volume = new LinkedHashMap<>();
    volume.put("lat", 48.8566 + (seq % 1000) * 1e-4);
    volume.put("lng", 2.3522 - (seq % 777) * 1e-4);
    volume.put("radius_m", 2500);
    volume.put("alt_lower_m", 0);
    volume.put("alt_upper_m", 120.5);
    volume.put("start", "2025-06-01T12:00:00Z");
    volume.put("end", "2025-06-01T14:00:00Z");
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("kind", "notice.created");
    entry.put("party", "party-" + (seq % 11));
    entry.put("time", "2025-06-01T11:59:58.123Z");
    entry.put("seq", seq);
    entry.put("ovn", "ovn-" + Long.toHexString(seq * 0x9E3779B97F4A7C15L));
    entry.put("payload_sha256", "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    entry.put("volumes", List.of(volume));
    return entry;
  }

  @Setup(Level.Iteration)
  public void freshLog() {
    log = new MerkleLog(); // keeps memory flat across iterations
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  public long append() {
    return log.append(Merkle.leafHash(Canonical.canonicalize(entry(sequence++))));
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public long buildAndVerifyMillionLeaves() {
    MerkleLog big = new MerkleLog();
    byte[] entry = new byte[16];
    for (int i = 0; i < MILLION; i++) {
      entry[0] = (byte) i;
      entry[1] = (byte) (i >> 8);
      entry[2] = (byte) (i >> 16);
      big.append(Merkle.leafHash(entry));
    }
    byte[] root = big.root();
    long verified = 0;
    for (long i = 0; i < MILLION; i++) {
      if (Merkle.verifyInclusion(big.leafHash(i), i, MILLION, big.inclusionProof(i, MILLION), root)) {
        verified++;
      }
    }
    if (verified != MILLION) {
      throw new AssertionError("only " + verified + " of " + MILLION + " leaves verified");
    }
    return verified;
  }
}
