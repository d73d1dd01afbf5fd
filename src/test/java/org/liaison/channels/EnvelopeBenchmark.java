package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.liaison.http.Json;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of end-to-end encryption per message: {@link Envelope#seal} of a 300-byte text for 2
 * and 11 recipients (the sender included) and {@link Envelope#open} by one recipient, against the
 * same-run baseline of writing and reading the body as plain JSON.
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main EnvelopeBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EnvelopeBenchmark {
  @Param({"2", "11"})
  int recipients;

  private final Envelope.Binding binding = new Envelope.Binding("c0ffee00-0000-4000-8000-000000000001", "p0",
      "p0-0001", "urgent");
  private final ObjectNode body = Json.MAPPER.createObjectNode();
  private List<Envelope.Recipient> list;
  private Envelope.KeyPair reader;
  private ObjectNode sealed;
  private byte[] plain;

  @Setup
  public void setup() throws Exception {
    body.put("text", "Strikes planned near Homs at 0600Z; confirm the line is staffed. ".repeat(5));
    list = new ArrayList<>();
    for (int i = 0; i < recipients; i++) {
      Envelope.KeyPair k = Envelope.generate();
      if (i == 1) {
        reader = k;
      }
      list.add(new Envelope.Recipient("p" + i, k.publicKey()));
    }
    sealed = Envelope.seal(binding, body, list);
    plain = Json.MAPPER.writeValueAsBytes(body);
  }

  @Benchmark
  public ObjectNode seal() {
    return Envelope.seal(binding, body, list);
  }

  @Benchmark
  public JsonNode open() throws Envelope.Undecryptable {
    return Envelope.open(binding, sealed, "p1", reader);
  }

  /** The baseline: the body written and read as plain JSON, what an unencrypted post costs here. */
  @Benchmark
  public JsonNode plainJson() throws Exception {
    return Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(body).length == plain.length ? plain : plain);
  }
}
