package org.liaison.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.erdtman.jcs.JsonCanonicalizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.liaison.proof.Canonical;

/**
 * RFC 8785 canonicalisation on the ledger's write path ({@link Ledger#prepare}): our {@link
 * Canonical} walking the entry's Jackson tree, against the reference implementation
 * (java-json-canonicalization), which takes JSON text and so needs the tree written out first.
 * Entries are the notice.create entries of {@link LedgerAppendBenchmark} (659 bytes).
 *
 * <p>On a machine shared with other work JMH's wall-clock figures mostly measure the neighbours;
 * {@link #main} instead alternates the three in rounds on one thread and reports the median of
 * each one's thread CPU time per entry, which is what the decision in the docs quotes.
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.liaison.ledger.CanonicalBenchmark
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main CanonicalBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class CanonicalBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final ObjectNode[] entries = new ObjectNode[1024];
  private final String[] texts = new String[entries.length];
  private int n;

  public CanonicalBenchmark() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < entries.length; i++) {
      entries[i] = LedgerAppendBenchmark.notice(i, now);
      try {
        texts[i] = MAPPER.writeValueAsString(entries[i]);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The write path as it is: tree in, canonical bytes out. */
  @Benchmark
  public byte[] ours() {
    return Canonical.canonicalize(entries[n++ & (entries.length - 1)]);
  }

  /** The reference on the write path: the tree written as text, then parsed and canonicalised. */
  @Benchmark
  public byte[] reference() throws IOException {
    return new JsonCanonicalizer(MAPPER.writeValueAsBytes(entries[n++ & (entries.length - 1)])).getEncodedUTF8();
  }

  /** The reference alone, from text already written: its best case, which the write path never has. */
  @Benchmark
  public byte[] referenceFromText() throws IOException {
    return new JsonCanonicalizer(texts[n++ & (texts.length - 1)]).getEncodedUTF8();
  }

  @FunctionalInterface
  private interface Op {
    byte[] run() throws IOException;
  }

  public static void main(String[] args) throws IOException {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    CanonicalBenchmark b = new CanonicalBenchmark();
    String[] names = {"ours (tree)", "reference (tree written as text, then canonicalised)", "reference from text"};
    Op[] ops = {b::ours, b::reference, b::referenceFromText};
    int rounds = 15;
    int perRound = 20_000;
    long[][] nanos = new long[ops.length][rounds];
    long sink = 0;
    for (int r = -5; r < rounds; r++) { // five rounds to warm the JIT, not counted
      for (int k = 0; k < ops.length; k++) {
        long c0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < perRound; i++) {
          sink += ops[k].run().length;
        }
        if (r >= 0) {
          nanos[k][r] = threads.getCurrentThreadCpuTime() - c0;
        }
      }
    }
    double base = 0;
    for (int k = 0; k < ops.length; k++) {
      java.util.Arrays.sort(nanos[k]);
      double micros = nanos[k][rounds / 2] / 1e3 / perRound;
      base = k == 0 ? micros : base;
      System.out.printf(java.util.Locale.ROOT, "%-55s %6.2f µs CPU per entry (median of %d rounds)  %.2fx ours%n",
          names[k], micros, rounds, micros / base);
    }
    System.out.println("(" + sink + " bytes written)");
  }
}
