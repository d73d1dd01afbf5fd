package org.liaison.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.Json;
import org.liaison.http.RateLimit;
import org.liaison.http.ServerOptions;
import org.liaison.testkit.TestClock;

/**
 * Per-party and per-address token buckets on a real hub. The hub's clock is moved by hand, so
 * "waiting" for a refill takes no time and no test sleeps.
 */
class RateLimitTest {
  @TempDir Path dir;

  private final TestClock clock = new TestClock(Instant.now());

  private Hub start(ServerOptions server) throws Exception {
    return Hub.start(new HubOptions("rl", "127.0.0.1", 0, dir, null, "localhost", List.of(), null, true, true, server),
        clock);
  }

  @Test
  void a_party_past_its_burst_gets_429_with_retry_after_and_is_served_again_after_waiting() throws Exception {
    try (Hub hub = start(ServerOptions.DEFAULTS.withPartyLimit(new RateLimit(2, 4)))) {
      Http http = new Http(hub);
      String red = http.token("red", Http.SC);
      String blue = http.token("blue", Http.SC);
      for (int i = 0; i < 4; i++) {
        assertThat(http.get("/liaison/v1/noop", red).statusCode()).as("request %d of the burst", i + 1).isEqualTo(200);
      }
      HttpResponse<String> limited = http.get("/liaison/v1/noop", red);
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
      JsonNode body = Json.MAPPER.readTree(limited.body());
      assertThat(body.path("party").asText()).isEqualTo("red");
      assertThat(body.path("limit_per_second").asDouble()).isEqualTo(2.0);
      assertThat(body.path("burst").asInt()).isEqualTo(4);
      assertThat(body.path("message").asText()).contains("red", "2 requests/s (burst 4)");
      assertThat(body.path("request_id").asText()).isEqualTo(limited.headers().firstValue("X-Request-Id").orElseThrow());

      assertThat(http.get("/liaison/v1/noop", blue).statusCode()).as("another party is unaffected").isEqualTo(200);
      assertThat(http.get("/healthy", null).statusCode()).as("health checks are never limited").isEqualTo(200);

      clock.advance(Duration.ofMillis(500)); // one token back at 2/s
      assertThat(http.get("/liaison/v1/noop", red).statusCode()).isEqualTo(200);
      assertThat(http.get("/liaison/v1/noop", red).statusCode()).isEqualTo(429);
      clock.advance(Duration.ofSeconds(10)); // refills to the burst, not beyond
      for (int i = 0; i < 4; i++) {
        assertThat(http.get("/liaison/v1/noop", red).statusCode()).isEqualTo(200);
      }
      assertThat(http.get("/liaison/v1/noop", red).statusCode()).isEqualTo(429);
      assertThat(MetricsTest.value(http.get("/metrics", null).body(), "liaison_rate_limited_total{kind=\"party\"}"))
          .isEqualTo(3);
    }
  }

  @Test
  void retry_after_is_the_whole_seconds_until_a_token_is_back() throws Exception {
    try (Hub hub = start(ServerOptions.DEFAULTS.withPartyLimit(new RateLimit(0.25, 1)))) {
      Http http = new Http(hub);
      String red = http.token("red", Http.SC);
      assertThat(http.get("/liaison/v1/noop", red).statusCode()).isEqualTo(200);
      assertThat(http.get("/liaison/v1/noop", red).headers().firstValue("Retry-After")).hasValue("4");
      clock.advance(Duration.ofMillis(2500));
      assertThat(http.get("/liaison/v1/noop", red).headers().firstValue("Retry-After")).hasValue("2");
      clock.advance(Duration.ofMillis(1500));
      assertThat(http.get("/liaison/v1/noop", red).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void requests_without_a_valid_token_are_limited_by_address() throws Exception {
    try (Hub hub = start(ServerOptions.DEFAULTS.withIpLimit(new RateLimit(1, 2)))) {
      Http http = new Http(hub);
      assertThat(http.get("/liaison/v1/noop", null).statusCode()).isEqualTo(401);
      assertThat(http.get("/liaison/v1/noop", "not-a-jwt").statusCode()).isEqualTo(401);
      HttpResponse<String> limited = http.get("/console/", null);
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(Json.MAPPER.readTree(limited.body()).path("client").asText()).isEqualTo("127.0.0.1");
      assertThat(http.get("/liaison/v1/noop", http.token("red", Http.SC)).statusCode())
          .as("an authenticated party has its own bucket").isEqualTo(200);
      assertThat(http.get("/metrics", null).statusCode()).as("scrapes are never limited").isEqualTo(200);
      clock.advance(Duration.ofSeconds(1));
      assertThat(http.get("/liaison/v1/noop", null).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void limits_are_off_by_default() throws Exception {
    try (Hub hub = start(ServerOptions.DEFAULTS)) {
      Http http = new Http(hub);
      String red = http.token("red", Http.SC);
      for (int i = 0; i < 200; i++) {
        assertThat(http.get("/liaison/v1/noop", red).statusCode()).isEqualTo(200);
      }
    }
  }
}
