package org.liaison.keys;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.liaison.ledger.Merkle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a party signature costs per statement: building and signing a {@code message.ack}
 * statement (RFC 8785 canonical form plus Ed25519), verifying it as the hub does, and, as the
 * same-run baseline, SHA-256 of the same canonical bytes (the hashing every ledger entry already
 * pays).
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main StatementBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StatementBenchmark {
  private PartyKeys keys;
  private Statement statement;
  private String signature;
  private byte[] ed25519;

  @Setup
  public void setUp() {
    keys = PartyKeys.generate("expeditionary-air", Instant.parse("2026-12-07T09:31:00.200Z"));
    statement = ack();
    signature = statement.sign(keys);
    ed25519 = keys.publicKeys().ed25519();
  }

  private Statement ack() {
    Statement s = Statement.of(Statement.Type.MESSAGE_ACK, keys.party(), Instant.parse("2026-12-07T09:31:00.200Z"),
        keys.keyId());
    s.body().put("channel_id", "0a4e9d1c-5b7e-4f7a-9a51-2f8e3c7d6b10").put("message_id",
        "6c1d2b7a-1f0e-4c3d-8b9a-7e6f5d4c3b2a").put("message_sha256",
        "5e0b3f1e9d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29181706f5e4d3c2b1a09f8e").putNull("reply_sha256");
    return s;
  }

  @Benchmark
  public byte[] baselineSha256OfCanonicalForm() {
    return Merkle.leafHash(statement.signedBytes());
  }

  @Benchmark
  public String buildAndSign() {
    return ack().sign(keys);
  }

  @Benchmark
  public boolean verify() {
    return statement.verify(ed25519, signature);
  }
}
