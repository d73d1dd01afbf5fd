package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.liaison.astm.Extents;
import org.liaison.astm.Wire;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.OiState;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;
import org.liaison.http.Json;

/**
 * The JSON work of one {@code POST /dss/v1/operational_intent_references/query} at 10⁶ notices,
 * where an answer holds about five references: parsing the body, and writing the answer as a
 * tree (as before) or as bytes from cached renderings, with the renderings found in the cache
 * (a hot area) or not (uniform queries over 10⁶ notices, the bench's case). Alternates the ways
 * in rounds on one thread and reports the median thread CPU time of each, since wall-clock
 * figures on a shared machine mostly measure the neighbours, and the bytes each allocates.
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.liaison.deconfliction.QueryAnswerBenchmark
 * </pre>
 */
public final class QueryAnswerBenchmark {
  private static final int REFS = 5;

  private final Render render = new Render(p -> Availability.Normal);
  private final List<List<OperationalIntent>> hot = new ArrayList<>();
  private final List<List<OperationalIntent>> cold = new ArrayList<>();
  /** {@link #hot} again, as other objects: asked for in turn with {@link #hot}, every rendering misses. */
  private final List<List<OperationalIntent>> twins = new ArrayList<>();
  private final byte[] body;
  private int n;

  QueryAnswerBenchmark() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 64; i++) {
      hot.add(answer(r));
    }
    for (List<OperationalIntent> a : hot) {
      twins.add(a.stream().map(oi -> new OperationalIntent(oi.id(), oi.manager(), oi.version(), oi.ovn(), oi.state(),
          oi.extents(), oi.ussBaseUrl(), oi.subscriptionId())).toList());
    }
    // Many more references than cache slots: almost every rendering is a miss.
    for (int i = 0; i < 8 * Render.CACHE_SLOTS / REFS; i++) {
      cold.add(answer(r));
    }
    body = ("{\"area_of_interest\":{\"volume\":{\"outline_circle\":{\"center\":{\"lat\":30.123456789,"
        + "\"lng\":1.987654321},\"radius\":{\"value\":2000,\"units\":\"M\"}},\"altitude_lower\":{\"value\":0,"
        + "\"reference\":\"W84\",\"units\":\"M\"},\"altitude_upper\":{\"value\":3000,\"reference\":\"W84\","
        + "\"units\":\"M\"}},\"time_start\":{\"value\":\"2026-12-08T03:12:00Z\",\"format\":\"RFC3339\"},"
        + "\"time_end\":{\"value\":\"2026-12-08T04:12:00Z\",\"format\":\"RFC3339\"}}}").getBytes(StandardCharsets.US_ASCII);
  }

  private static List<OperationalIntent> answer(SplittableRandom r) {
    List<OperationalIntent> out = new ArrayList<>();
    Instant t = Instant.parse("2026-12-08T03:00:00Z").plusSeconds(r.nextInt(20_000));
    for (int k = 0; k < REFS; k++) {
      Volume4D v = new Volume4D(new Circle(new LatLng(30, 1), 300), new AltitudeBand(0, 120),
          new TimeWindow(t, t.plusSeconds(3600)));
      out.add(new OperationalIntent(new UUID(r.nextLong(), r.nextLong()), "uss" + r.nextInt(4), 1 + r.nextInt(3),
          Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()), OiState.Accepted,
          new Extents(List.of(v), t.toString(), t.plusSeconds(3600).toString()), "https://uss" + r.nextInt(4) + ".example.com",
          null));
    }
    return out;
  }

  byte[] tree() throws IOException {
    ObjectNode out = Wire.JSON.objectNode();
    ArrayNode arr = out.putArray("operational_intent_references");
    for (OperationalIntent oi : cold.get(n++ % cold.size())) {
      arr.add(render.oi(oi, "uss1"));
    }
    return Json.MAPPER.writeValueAsBytes(out);
  }

  byte[] bytesHot() {
    return render.ois(hot.get(n++ & 63), "uss1");
  }

  /** Misses on references whose fields are in the CPU's caches: the rendering's own cost. */
  byte[] bytesMissed() {
    int i = n++;
    return render.ois((i & 1) == 0 ? hot.get(i >>> 1 & 63) : twins.get(i >>> 1 & 63), "uss1");
  }

  byte[] bytesCold() {
    return render.ois(cold.get(n++ % cold.size()), "uss1");
  }

  /** The body as it was parsed before: decoded strictly to a String, then parsed. */
  JsonNode parseDecoded() throws IOException {
    String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    return Json.MAPPER.readTree(Json.MAPPER.createParser(text));
  }

  JsonNode parse() {
    return Json.body(body);
  }

  int validate() {
    return Wire.volume4d(Json.body(body).get("area_of_interest"), "area_of_interest", Wire.Mode.QUERY, null)
        .volume().hashCode();
  }

  @FunctionalInterface
  private interface Op {
    Object run() throws IOException;
  }

  public static void main(String[] args) throws IOException {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    QueryAnswerBenchmark b = new QueryAnswerBenchmark();
    String[] names = {"answer as a tree (before)", "answer as bytes, renderings cached",
        "answer as bytes, renderings not cached", "answer as bytes, missed, fields in CPU cache", "body: decode, then parse (before)", "body: parse",
        "body: parse and validate"};
    Op[] ops = {b::tree, b::bytesHot, b::bytesCold, b::bytesMissed, b::parseDecoded, b::parse, b::validate};
    int rounds = 15;
    int perRound = 20_000;
    long[][] nanos = new long[ops.length][rounds];
    long[] allocated = new long[ops.length];
    com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) threads;
    long sink = 0;
    for (int r = -5; r < rounds; r++) { // five rounds to warm the JIT, not counted
      for (int k = 0; k < ops.length; k++) {
        long c0 = threads.getCurrentThreadCpuTime();
        long a0 = alloc.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < perRound; i++) {
          sink += ops[k].run().hashCode();
        }
        if (r >= 0) {
          nanos[k][r] = threads.getCurrentThreadCpuTime() - c0;
          allocated[k] += alloc.getCurrentThreadAllocatedBytes() - a0;
        }
      }
    }
    for (int k = 0; k < ops.length; k++) {
      java.util.Arrays.sort(nanos[k]);
      System.out.printf(java.util.Locale.ROOT, "%-45s %6.2f µs CPU per query (median of %d rounds), %,6d bytes allocated%n",
          names[k], nanos[k][rounds / 2] / 1e3 / perRound, rounds, allocated[k] / rounds / perRound);
    }
    System.out.println("(" + sink + ")");
  }
}
