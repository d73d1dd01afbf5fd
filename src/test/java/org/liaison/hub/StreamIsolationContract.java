package org.liaison.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.Capacity;
import org.liaison.http.Json;
import org.liaison.http.ServerOptions;

/**
 * One party's open event streams and slow requests must never stall another party's
 * deconfliction: run on the embedded store and on PostgreSQL.
 */
abstract class StreamIsolationContract {
  private static final String READ = "liaison.channels.read";
  private static final String WRITE = "liaison.channels.write";

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private Hub hub;
  private Http http;

  /** The JDBC URL of a fresh, empty PostgreSQL database, or null for the embedded store. */
  abstract String jdbcUrl();

  private void start(Capacity capacity) throws IOException {
    hub = Hub.start(new HubOptions("iso", "127.0.0.1", 0, dir, jdbcUrl(), "localhost", List.of(), null, true, true,
        ServerOptions.DEFAULTS.withCapacity(capacity)), Clock.systemUTC());
    http = new Http(hub);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (IOException e) {
        // already gone
      }
    }
    if (hub != null) {
      hub.close();
    }
  }

  private StreamClient stream(String token) throws IOException {
    StreamClient c = StreamClient.open(hub.port(), "/liaison/v1/events", token);
    open.add(c);
    return c;
  }

  @Test
  void streams_beyond_a_partys_limit_get_429_while_another_party_deconflicts() throws Exception {
    start(Capacity.DEFAULTS);
    String flood = http.token("flood", READ);
    int limit = Capacity.DEFAULTS.streamsPerParty();
    List<StreamClient> held = new ArrayList<>();
    List<StreamClient> refused = new ArrayList<>();
    for (int i = 0; i < limit + 24; i++) {
      StreamClient c = stream(flood);
      (c.status == 200 ? held : refused).add(c);
    }
    assertThat(held).hasSize(limit);
    assertThat(refused).hasSize(24);
    StreamClient r = refused.get(0);
    assertThat(r.status).isEqualTo(429);
    assertThat(r.header("Retry-After")).isEqualTo("5");
    JsonNode body = Json.MAPPER.readTree(r.read(4096));
    assertThat(body.path("message").asText()).contains("flood", "--max-streams-per-party", Integer.toString(limit));
    assertThat(body.path("limit").asText()).isEqualTo("party");
    assertThat(body.path("max_streams").asInt()).isEqualTo(limit);

    // Another party is not limited by the first one's streams, and deconfliction goes on.
    StreamClient other = stream(http.token("other", READ));
    assertThat(other.status).isEqualTo(200);
    deconflicts("ops");
    assertThat(metric("liaison_streams_open")).isEqualTo(limit + 1);
    assertThat(metric("liaison_streams_refused_total{limit=\"party\"}")).isEqualTo(24);
    assertThat(metric("liaison_streams_max{limit=\"party\"}")).isEqualTo(limit);
  }

  @Test
  void more_streams_than_request_threads_are_held_while_deconfliction_token_and_health_answer() throws Exception {
    int n = Capacity.HTTP_THREADS + 60;
    start(Capacity.DEFAULTS.withStreams(n, n));
    String flood = http.token("flood", READ);
    for (int i = 0; i < n; i++) {
      assertThat(stream(flood).status).as("stream %d of %d", i + 1, n).isEqualTo(200);
    }
    StreamClient over = stream(http.token("late", READ));
    assertThat(over.status).as("the server's total").isEqualTo(429);
    assertThat(over.read(4096)).contains("--max-streams", Integer.toString(n));

    deconflicts("ops");
    assertThat(plain("/healthy").statusCode()).isEqualTo(200);
    assertThat(plain("/token?grant_type=client_credentials&scope=utm.strategic_coordination"
        + "&intended_audience=localhost&issuer=test&sub=ops").statusCode()).isEqualTo(200);
    assertThat(metric("liaison_streams_open")).isEqualTo(n);
  }

  @Test
  void an_event_reaches_a_stream_held_among_hundreds() throws Exception {
    start(Capacity.DEFAULTS.withStreams(300, 300));
    String flood = http.token("flood", READ);
    for (int i = 0; i < 250; i++) {
      assertThat(stream(flood).status).isEqualTo(200);
    }
    StreamClient watcher = stream(http.token("bravo", READ));
    assertThat(watcher.read(4096)).contains(": liaison events for bravo");
    String alpha = http.token("alpha", READ, WRITE);
    HttpResponse<String> created = post("/liaison/v1/channels", alpha,
        "{\"name\":\"hotline\",\"kind\":\"bilateral\",\"members\":[\"bravo\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = Json.MAPPER.readTree(created.body()).path("id").asText();
    StringBuilder seen = new StringBuilder();
    while (!seen.toString().contains(id)) {
      seen.append(watcher.read(65536)); // the socket's 30 s read timeout bounds the wait
    }
    assertThat(seen.toString()).contains("event: ", "id: ");
  }

  @Test
  void streams_closed_abruptly_are_released_within_the_keep_alive_interval() throws Exception {
    Duration keepAlive = Duration.ofMillis(500);
    start(Capacity.DEFAULTS.withKeepAlive(keepAlive));
    String flood = http.token("flood", READ);
    List<StreamClient> held = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      StreamClient c = stream(flood);
      assertThat(c.status).isEqualTo(200);
      held.add(c);
    }
    assertThat(stream(flood).status).isEqualTo(429);
    assertThat(metric("liaison_streams_open")).isEqualTo(16);
    for (StreamClient c : held) {
      c.abort();
    }
    // Two keep-alives: the first write after a reset may still be accepted by the kernel.
    awaitMetric("liaison_streams_open", v -> v == 0, keepAlive.multipliedBy(2).plusSeconds(10));
    assertThat(stream(flood).status).as("the places are given back").isEqualTo(200);
  }

  @Test
  void a_waiting_long_poll_holds_a_stream_place_and_no_thread() throws Exception {
    start(Capacity.DEFAULTS.withStreams(2, 10));
    String flood = http.token("flood", READ);
    HttpClient client = HttpClient.newHttpClient();
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      polls.add(client.sendAsync(HttpRequest.newBuilder(http.base.resolve("/liaison/v1/events?wait=30"))
          .header("Authorization", "Bearer " + flood).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    awaitMetric("liaison_streams_open", v -> v == 2, Duration.ofSeconds(20));
    HttpResponse<String> third = http.get("/liaison/v1/events?wait=30", flood);
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.body()).contains("--max-streams-per-party");
    assertThat(http.get("/liaison/v1/events", flood).statusCode()).as("a poll that does not wait takes no place")
        .isEqualTo(200);

    // An event for the party answers both waiting polls at once.
    String alpha = http.token("alpha", READ, WRITE);
    assertThat(post("/liaison/v1/channels", alpha,
        "{\"name\":\"hotline\",\"kind\":\"bilateral\",\"members\":[\"flood\"]}").statusCode()).isEqualTo(201);
    for (var p : polls) {
      HttpResponse<String> r = p.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(r.body()).size()).isGreaterThan(0);
    }
    awaitMetric("liaison_streams_open", v -> v == 0, Duration.ofSeconds(20));
  }

  @Test
  void slow_requests_outside_dss_are_bounded_and_leave_deconfliction_its_threads() throws Exception {
    start(Capacity.DEFAULTS.withOtherRequests(3));
    String writer = http.token("slow", READ, WRITE);
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // Headers promise a body that never comes: each request holds a thread until it does.
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", hub.port()), 5000);
      open.add(s);
      OutputStream out = s.getOutputStream();
      out.write(("POST /liaison/v1/channels HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + writer
          + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      slow.add(s);
    }
    awaitMetric("liaison_requests_other_in_flight", v -> v == 3, Duration.ofSeconds(20));
    HttpResponse<String> busy = http.get("/liaison/v1/channels", writer);
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(busy.body()).contains("--max-other-requests", "3");
    deconflicts("ops");
    assertThat(plain("/healthy").statusCode()).isEqualTo(200);
    assertThat(metric("liaison_requests_other_refused_total")).isEqualTo(1);

    for (Socket s : slow) {
      s.close();
    }
    awaitMetric("liaison_requests_other_in_flight", v -> v == 0, Duration.ofSeconds(40));
    assertThat(http.get("/liaison/v1/channels", writer).statusCode()).isEqualTo(200);
  }

  /** {@code party} declares an operation notice, finds it by query, and deletes it. */
  private void deconflicts(String party) throws Exception {
    String token = http.token(party, Http.SC);
    String id = UUID.randomUUID().toString();
    HttpResponse<String> created = http.put("/dss/v1/operational_intent_references/" + id, token, Http.notice(12.5));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String ovn = Json.MAPPER.readTree(created.body()).at("/operational_intent_reference/ovn").asText();
    java.time.Instant t0 = java.time.Instant.now();
    HttpResponse<String> found = post("/dss/v1/operational_intent_references/query", token, """
        {"area_of_interest":{"volume":{"outline_circle":{"center":{"lat":12.5,"lng":1},"radius":{"value":1000,"units":"M"}},
          "altitude_lower":{"value":0,"reference":"W84","units":"M"},"altitude_upper":{"value":200,"reference":"W84","units":"M"}},
          "time_start":{"value":"%s","format":"RFC3339"},"time_end":{"value":"%s","format":"RFC3339"}}}
        """.formatted(t0, t0.plus(Duration.ofHours(2))));
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    assertThat(found.body()).contains(id);
    HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            http.base.resolve("/dss/v1/operational_intent_references/" + id + "/" + ovn))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.base.resolve(path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> plain(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.base + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private long metric(String series) throws Exception {
    String text = plain("/metrics").body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    assertThat(m.find()).as("series %s in /metrics", series).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  private void awaitMetric(String series, IntPredicate ok, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    long v = metric(series);
    while (!ok.test((int) v) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      v = metric(series);
    }
    assertThat(ok.test((int) v)).as("%s = %d within %s", series, v, within).isTrue();
  }
}
