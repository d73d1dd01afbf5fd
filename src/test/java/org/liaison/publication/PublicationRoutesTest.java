package org.liaison.publication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.Json;
import org.liaison.http.RateLimit;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;

/** {@code /public/v1} and the publication settings on a real hub, through a real port. */
class PublicationRoutesTest {
  @TempDir Path dir;
  private final HttpClient client = HttpClient.newHttpClient();

  private Hub start(PublicationOptions p) throws Exception {
    return start(p, Clock.systemUTC());
  }

  private Hub start(PublicationOptions p, Clock clock) throws Exception {
    return Hub.start(new HubOptions("pub", "127.0.0.1", 0, dir, null, "localhost", List.of(), null, true, true),
        clock, p);
  }

  private static PublicationOptions on(RateLimit limit) {
    return new PublicationOptions(new PublicationConfig("OLBB", "D", 5556, 500, 12, 15), limit);
  }

  private static String token(Hub hub, String party, String... scopes) {
    return hub.devAuthority().mint(party, List.of(scopes), "localhost", "test", Duration.ofMinutes(30));
  }

  private HttpResponse<String> send(Hub hub, String method, String path, String token, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String restriction(double lat, double lng) {
    Instant t0 = Instant.now().plus(Duration.ofMinutes(30));
    return """
        {"extents":[{"volume":{"outline_circle":{"center":{"lat":%s,"lng":%s},"radius":{"value":3000,"units":"M"}},
          "altitude_lower":{"value":0,"reference":"W84","units":"M"},"altitude_upper":{"value":3000,"reference":"W84","units":"M"}},
          "time_start":{"value":"%s","format":"RFC3339"},"time_end":{"value":"%s","format":"RFC3339"}}],
         "uss_base_url":"http://civil.example"}
        """.formatted(lat, lng, t0, t0.plus(Duration.ofHours(2)));
  }

  @Test
  void a_restriction_is_published_without_a_token_and_an_unchanged_feed_answers_304() throws Exception {
    try (Hub hub = start(on(RateLimit.OFF))) {
      String civil = token(hub, "civil-aviation", "utm.constraint_management");
      HttpResponse<String> empty = send(hub, "GET", "/public/v1/danger-areas.geojson", null, null);
      assertThat(empty.statusCode()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(empty.body()).path("features")).isEmpty();

      assertThat(send(hub, "PUT", "/dss/v1/constraint_references/" + UUID.randomUUID(), civil, restriction(33.5, 35.5))
          .statusCode()).isEqualTo(201);
      // Publication refreshes at most once a second.
      HttpResponse<String> geo = poll(hub, "/public/v1/danger-areas.geojson", r -> r.body().contains("Feature\""));
      assertThat(geo.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/geo+json");
      assertThat(geo.headers().firstValue("Cache-Control")).hasValue("public, max-age=30");
      JsonNode f = Json.MAPPER.readTree(geo.body()).path("features").get(0);
      assertThat(f.path("geometry").path("type").asText()).isEqualTo("Polygon");
      assertThat(f.path("properties").path("lower_reference").asText()).isEqualTo("SFC");
      assertThat(geo.body()).doesNotContain("civil-aviation", "civil.example");
      String etag = geo.headers().firstValue("ETag").orElseThrow();

      assertThat(send(hub, "GET", "/public/v1/danger-areas.geojson", null, null, "If-None-Match", etag).statusCode())
          .isEqualTo(304);
      assertThat(send(hub, "GET", "/public/v1/notams.txt", null, null).body()).contains("Q) OLBB/QRDCA/IV/BO/W/000/");
      assertThat(send(hub, "GET", "/public/v1/danger-areas.kml", null, null).body()).contains("<Placemark");

      HttpResponse<String> all = send(hub, "GET", "/public/v1/changes", null, null);
      assertThat(all.statusCode()).isEqualTo(200);
      JsonNode feed = Json.MAPPER.readTree(all.body());
      assertThat(feed.path("reset").asBoolean()).isTrue();
      assertThat(feed.path("changes")).hasSize(1);
      String feedTag = all.headers().firstValue("ETag").orElseThrow();
      assertThat(send(hub, "GET", "/public/v1/changes", null, null, "If-None-Match", feedTag).statusCode())
          .as("nothing changed since the consumer's ETag").isEqualTo(304);
      assertThat(send(hub, "GET", "/public/v1/changes?since=" + feed.path("revision").asLong(), null, null).statusCode())
          .isEqualTo(304);

      // A second restriction far away: the feed from the first ETag has exactly that one.
      assertThat(send(hub, "PUT", "/dss/v1/constraint_references/" + UUID.randomUUID(), civil, restriction(32.5, 35.0))
          .statusCode()).isEqualTo(201);
      HttpResponse<String> next = poll(hub, "/public/v1/changes?since=" + java.net.URLEncoder.encode(feedTag,
          java.nio.charset.StandardCharsets.UTF_8), r -> r.statusCode() == 200);
      JsonNode delta = Json.MAPPER.readTree(next.body());
      assertThat(delta.path("reset").asBoolean()).isFalse();
      assertThat(delta.path("changes")).hasSize(1);
      assertThat(delta.path("changes").get(0).path("change").asText()).isEqualTo("added");
    }
  }

  private HttpResponse<String> poll(Hub hub, String path, java.util.function.Predicate<HttpResponse<String>> done)
      throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> r = send(hub, "GET", path, null, null);
      if (done.test(r) || System.nanoTime() > until) {
        return r;
      }
      Thread.sleep(200);
    }
  }

  @Test
  void public_routes_are_404_when_publication_is_off() throws Exception {
    try (Hub hub = start(null)) {
      for (String p : List.of("/public/v1/danger-areas.geojson", "/public/v1/danger-areas.kml", "/public/v1/notams.txt",
          "/public/v1/changes")) {
        HttpResponse<String> r = send(hub, "GET", p, null, null);
        assertThat(r.statusCode()).as(p).isEqualTo(404);
        assertThat(r.body()).contains("--publish");
      }
    }
  }

  @Test
  void bad_settings_and_oversized_feed_requests_are_400_naming_the_field() throws Exception {
    try (Hub hub = start(on(RateLimit.OFF))) {
      String admin = token(hub, "civil-aviation", PublicationRoutes.ADMIN_SCOPE);
      String party = token(hub, "coalition-air", "utm.strategic_coordination");
      record Bad(String path, String token, String body, String names) {}
      for (Bad b : List.of(
          new Bad("/liaison/v1/publication/config", admin, "{\"buffer_m\":-5}", "buffer_m -5.0"),
          new Bad("/liaison/v1/publication/config", admin, "{\"max_vertices\":0}", "max_vertices 0"),
          new Bad("/liaison/v1/publication/config", admin, "{\"fir\":\"OL1\"}", "fir \"OL1\""),
          new Bad("/liaison/v1/publication/config", admin, "{\"series\":\"DD\"}", "series \"DD\""),
          new Bad("/liaison/v1/publication/config", admin, "{\"time_step_minutes\":7}", "time_step_minutes 7"),
          new Bad("/liaison/v1/publication/config", admin, "{\"colour\":1}", "colour"),
          new Bad("/liaison/v1/publication/settings", party, "{\"lead_minutes\":-1}", "lead_minutes -1"),
          new Bad("/liaison/v1/publication/settings", party, "{\"operations\":\"yes\"}", "operations"),
          new Bad("/liaison/v1/publication/settings", party, "[1]", "body"))) {
        HttpResponse<String> r = send(hub, "PUT", b.path, b.token, b.body);
        assertThat(r.statusCode()).as(b.body).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText()).as(b.body).contains(b.names);
      }
      assertThat(send(hub, "PUT", "/liaison/v1/publication/config", party, "{\"max_vertices\":8}").statusCode())
          .as("only the publication admin scope changes the hub's settings").isEqualTo(403);
      HttpResponse<String> ok = send(hub, "PUT", "/liaison/v1/publication/config", admin, "{\"max_vertices\":8}");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(ok.body()).path("max_vertices").asInt()).isEqualTo(8);
      assertThat(Json.MAPPER.readTree(ok.body()).path("fir").asText()).as("other fields kept").isEqualTo("OLBB");
      HttpResponse<String> mine = send(hub, "PUT", "/liaison/v1/publication/settings", party, "{\"operations\":true}");
      assertThat(Json.MAPPER.readTree(mine.body()).path("operations").asBoolean()).isTrue();
      assertThat(Json.MAPPER.readTree(mine.body()).path("restrictions").asBoolean()).isTrue();

      HttpResponse<String> big = send(hub, "GET", "/public/v1/changes?limit=5000", null, null);
      assertThat(big.statusCode()).isEqualTo(400);
      assertThat(big.body()).contains("limit 5000 is outside [1, 1000]");
      assertThat(send(hub, "GET", "/public/v1/changes?since=" + "9".repeat(80), null, null).body())
          .contains("since is 80 characters long");
      assertThat(send(hub, "GET", "/public/v1/changes?since=yesterday", null, null).body())
          .contains("since \\\"yesterday\\\" is neither");
    }
  }

  @Test
  void settings_survive_a_restart() throws Exception {
    try (Hub hub = start(on(RateLimit.OFF))) {
      String party = token(hub, "coalition-air", "utm.strategic_coordination");
      assertThat(send(hub, "PUT", "/liaison/v1/publication/settings", party, "{\"operations\":true,\"lead_minutes\":90}")
          .statusCode()).isEqualTo(200);
    }
    try (Hub hub = start(on(RateLimit.OFF))) {
      String party = token(hub, "coalition-air", "utm.strategic_coordination");
      JsonNode s = Json.MAPPER.readTree(send(hub, "GET", "/liaison/v1/publication/settings", party, null).body());
      assertThat(s.path("operations").asBoolean()).isTrue();
      assertThat(s.path("lead_minutes").asInt()).isEqualTo(90);
    }
  }

  @Test
  void a_client_past_its_burst_gets_429_with_retry_after() throws Exception {
    // The hub's clock stands still, so the bucket refills only when the test moves it.
    AggregationProperties.MutableClock clock = new AggregationProperties.MutableClock(Instant.now());
    try (Hub hub = start(on(new RateLimit(0.5, 2)), clock)) {
      assertThat(send(hub, "GET", "/public/v1/notams.txt", null, null).statusCode()).isEqualTo(200);
      assertThat(send(hub, "GET", "/public/v1/notams.txt", null, null).statusCode()).isEqualTo(200);
      HttpResponse<String> r = send(hub, "GET", "/public/v1/notams.txt", null, null);
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
      assertThat(r.body()).contains("/public/v1");
      clock.now = clock.now.plusSeconds(2);
      assertThat(send(hub, "GET", "/public/v1/notams.txt", null, null).statusCode()).isEqualTo(200);
    }
  }
}
