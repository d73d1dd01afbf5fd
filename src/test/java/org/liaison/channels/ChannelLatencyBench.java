package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.liaison.testkit.EmbeddedPg;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.http.Json;

/**
 * Latency from posting a message to its arrival over Server-Sent Events, on loopback, at a fixed
 * rate (open loop: posts leave on schedule whatever the answers do). It reports percentiles of
 * post → event received, and of the post's own HTTP round trip.
 *
 * <p>A command, not a test (it never runs in {@code mvn verify}): build the test classpath once
 * ({@code mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * -Dmdep.includeScope=test}), then {@code java -cp "target/test-classes:target/classes:$(cat
 * target/cp.txt)" org.liaison.channels.ChannelLatencyBench [--pg]}; {@code -Dliaison.bench.rate=100}
 * and {@code -Dliaison.bench.seconds=30} change the load.
 */
class ChannelLatencyBench {

  public static void main(String[] args) throws Exception {
    boolean pg = Boolean.getBoolean("liaison.bench.pg") || Arrays.asList(args).contains("--pg");
    int rate = Integer.getInteger("liaison.bench.rate", 100);
    int seconds = Integer.getInteger("liaison.bench.seconds", 30);
    Path dir = Files.createTempDirectory("liaison-bench");
    EmbeddedPostgres postgres = pg ? EmbeddedPg.start() : null;
    String url = pg ? postgres.getJdbcUrl("postgres", "postgres") : null;
    try (Hub hub = Hub.start(new HubOptions("bench", "127.0.0.1", 0, dir, url, "localhost", List.of(), null,
        true, true), Clock.systemUTC())) {
      String base = "http://127.0.0.1:" + hub.port();
      List<String> scopes = List.of("liaison.channels.read", "liaison.channels.write");
      String usa = hub.devAuthority().mint("usa", scopes, "localhost", "bench", Duration.ofMinutes(50));
      String rus = hub.devAuthority().mint("rus", scopes, "localhost", "bench", Duration.ofMinutes(50));
      ObjectNode create = Json.MAPPER.createObjectNode().put("name", "hotline").put("kind", "bilateral");
      create.putArray("members").add("rus");
      String channel = send(base + "/liaison/v1/channels", usa, create).get("id").asText();

      int warm = rate * 3;
      int total = warm + rate * seconds;
      long[] sentAt = new long[total];
      long[] postNanos = new long[total];
      long[] latency = new long[total];
      Arrays.fill(latency, -1);
      CountDownLatch all = new CountDownLatch(total);
      ConcurrentHashMap<Integer, Boolean> seen = new ConcurrentHashMap<>();

      try (SseReader sse = new SseReader(base + "/liaison/v1/events", rus, null)) {
        Thread reader = new Thread(() -> {
          try {
            while (all.getCount() > 0) {
              SseReader.Received e = sse.next(Duration.ofSeconds(30));
              if (e == null) {
                return;
              }
              if ("message".equals(e.type())) {
                int i = Integer.parseInt(e.data().at("/message/text").asText().substring(4));
                if (seen.putIfAbsent(i, true) == null) {
                  latency[i] = e.receivedNanos() - sentAt[i];
                  all.countDown();
                }
              }
            }
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
          }
        }, "bench-reader");
        reader.start();

        ExecutorService posters = Executors.newFixedThreadPool(16);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        long periodNanos = 1_000_000_000L / rate;
        ticker.scheduleAtFixedRate(() -> {
          int i = next.getAndIncrement();
          if (i >= total) {
            return;
          }
          posters.submit(() -> {
            ObjectNode body = Json.MAPPER.createObjectNode().put("client_message_id", "bench-" + i)
                .put("text", "msg " + i);
            sentAt[i] = System.nanoTime();
            send(base + "/liaison/v1/channels/" + channel + "/messages", usa, body);
            postNanos[i] = System.nanoTime() - sentAt[i];
            return null;
          });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
            .getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        boolean done = all.await(seconds + 120, TimeUnit.SECONDS);
        double cpuMsPerMessage = (os.getProcessCpuTime() - cpu0) / 1e6 / total;
        double load = os.getSystemLoadAverage();
        double wall = (System.nanoTime() - wall0) / 1e9;
        ticker.shutdownNow();
        posters.shutdown();
        reader.interrupt();
        report(pg ? "PostgreSQL (embedded, 17)" : "SQLite (embedded, WAL, synchronous=FULL)", rate, seconds,
            Arrays.copyOfRange(latency, warm, total), Arrays.copyOfRange(postNanos, warm, total), done);
        System.out.printf(Locale.ROOT, "cpu: %.2f ms per message (hub and client in one JVM), %d cores,"
            + " system load average %.1f, %.0f s wall%n", cpuMsPerMessage, os.getAvailableProcessors(), load, wall);
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private static JsonNode send(String url, String token, JsonNode body) throws Exception {
    HttpResponse<String> r = Api.HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return Json.MAPPER.readTree(r.body());
  }

  private static void report(String store, int rate, int seconds, long[] e2e, long[] post, boolean done) {
    List<Long> got = new ArrayList<>();
    for (long l : e2e) {
      if (l >= 0) {
        got.add(l);
      }
    }
    long[] a = got.stream().mapToLong(Long::longValue).sorted().toArray();
    long[] p = Arrays.stream(post).filter(x -> x > 0).sorted().toArray();
    System.out.printf(Locale.ROOT, "store: %s%nload: %d msg/s for %d s after 3 s warm-up; %d of %d received%s%n",
        store, rate, seconds, a.length, e2e.length, done ? "" : " (TIMED OUT)");
    System.out.printf(Locale.ROOT, "post -> SSE event: p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n",
        ms(a, 0.50), ms(a, 0.90), ms(a, 0.99), ms(a, 1.0));
    System.out.printf(Locale.ROOT, "post round trip:   p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n",
        ms(p, 0.50), ms(p, 0.90), ms(p, 0.99), ms(p, 1.0));
  }

  private static double ms(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }
}
