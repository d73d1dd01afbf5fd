package org.liaison.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.auth.DevAuthority;
import org.liaison.deconfliction.DssClient;
import org.liaison.deconfliction.Party;
import org.liaison.deconfliction.Req;
import org.liaison.deconfliction.Resp;
import org.liaison.deconfliction.Site;

/**
 * An acknowledged write survives {@code kill -9}: the hub runs as a real child process on the
 * embedded store, is killed while creates are in flight, and restarted on the same data.
 */
class KillDurabilityTest {
  private static final Pattern READY = Pattern.compile("hub ready at http://[^:/]+:(\\d+)/");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int WRITERS = 8;
  private static final int ACKS_BEFORE_KILL = 80;

  @TempDir Path dir;

  @Test
  void every_acknowledged_create_survives_kill_9() throws Exception {
    Path data = dir.resolve("data");
    // The key the child would generate at start, made here where the JIT is warm.
    DevAuthority.open(data);
    Child first = Child.start(data, dir.resolve("first.log"));
    Map<UUID, String> acked = new ConcurrentHashMap<>();
    AtomicInteger lostInFlight = new AtomicInteger();
    try {
      Party writer = first.client().party("writer", DssClient.SC);
      AtomicBoolean killed = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      for (int t = 0; t < WRITERS; t++) {
        pool.submit(() -> {
          while (!killed.get()) {
            UUID id = UUID.randomUUID();
            Resp r;
            try {
              // Each create on a site of its own: no keys needed, every write is a commit.
              r = writer.putOi(id, Req.oi(Site.next().circle(100)));
            } catch (UncheckedIOException e) {
              lostInFlight.incrementAndGet();
              return;
            }
            if (r.status() == 201) {
              acked.put(id, r.oi().path("ovn").asText());
            }
          }
        });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acked.size() < ACKS_BEFORE_KILL && System.nanoTime() < deadline && first.process.isAlive()) {
        Thread.onSpinWait();
        Thread.yield();
      }
      first.process.destroyForcibly();
      killed.set(true);
      assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      first.process.destroyForcibly();
    }
    assertThat(acked).as("creates acknowledged before the kill").hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
    assertThat(lostInFlight.get()).as("creates cut off by the kill").isPositive();

    Child second = Child.start(data, dir.resolve("second.log"));
    try {
      Party reader = second.client().party("writer", DssClient.SC);
      for (Map.Entry<UUID, String> e : acked.entrySet()) {
        Resp r = reader.getOi(e.getKey());
        assertThat(r.status()).as("acknowledged create %s after kill -9", e.getKey()).isEqualTo(200);
        assertThat(r.oi().path("ovn").asText()).isEqualTo(e.getValue());
      }
    } finally {
      second.process.destroyForcibly();
      second.process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** {@code liaison hub} in a child JVM on the test class path. */
  private record Child(Process process, int port) {
    static Child start(Path data, Path log) throws IOException, InterruptedException {
      String java = ProcessHandle.current().info().command().orElse("java");
      // C1 only and the serial collector: the child starts in half the time on a busy machine.
      Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-cp", System.getProperty("java.class.path"),
          "org.liaison.cli.Main", "hub", "--dev-auth", "--port", "0", "--data", data.toString(),
          "--allow-http-base-urls")
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        Matcher m = READY.matcher(Files.exists(log) ? Files.readString(log) : "");
        if (m.find()) {
          Child c = new Child(p, Integer.parseInt(m.group(1)));
          c.awaitHealthy(deadline);
          return c;
        }
        if (!p.isAlive()) {
          throw new AssertionError("hub exited with " + p.exitValue() + ":\n" + Files.readString(log));
        }
        p.waitFor(50, TimeUnit.MILLISECONDS);
      }
      p.destroyForcibly();
      throw new AssertionError("hub not ready within " + START_TIMEOUT + ":\n" + Files.readString(log));
    }

    private void awaitHealthy(long deadline) throws IOException, InterruptedException {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest healthy = HttpRequest.newBuilder(base().resolve("/healthy")).build();
      while (true) {
        try {
          if (http.send(healthy, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
        }
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }

    URI base() {
      return URI.create("http://127.0.0.1:" + port);
    }

    /** A client whose tokens come from the child's own dev-auth {@code /token}, on the system clock. */
    DssClient client() {
      return new DssClient(base(), Instant::now, (sub, scopes) -> token(sub, scopes));
    }

    private String token(String sub, List<String> scopes) {
      String q = "grant_type=client_credentials&intended_audience=localhost&issuer=kill-test"
          + "&sub=" + URLEncoder.encode(sub, StandardCharsets.UTF_8)
          + "&scope=" + URLEncoder.encode(String.join(" ", scopes), StandardCharsets.UTF_8);
      try {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(base().resolve("/token?" + q)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body()).path("access_token").asText();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
