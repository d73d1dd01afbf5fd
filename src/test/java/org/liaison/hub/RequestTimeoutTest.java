package org.liaison.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.liaison.testkit.EmbeddedPg;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.Json;
import org.liaison.http.ServerOptions;
import org.liaison.ledger.LedgerRoutes;

/**
 * A stalled database answers 503 within about the request timeout, with a message that says so,
 * instead of holding the request; once the database is back, requests succeed again.
 */
class RequestTimeoutTest {
  private static final ServerOptions ONE_SECOND = ServerOptions.DEFAULTS.withRequestTimeout(Duration.ofSeconds(1));
  private static final String OIR = "/dss/v1/operational_intent_references/";

  @TempDir Path dir;

  private Hub start(String jdbcUrl) throws Exception {
    return Hub.start(new HubOptions("t", "127.0.0.1", 0, dir, jdbcUrl, "localhost", List.of(), null, true, true,
        ONE_SECOND), Clock.systemUTC());
  }

  @Test
  void a_write_behind_a_held_sqlite_lock_is_503_within_the_timeout() throws Exception {
    try (Hub hub = start(null)) {
      Http http = new Http(hub);
      String red = http.token("red", Http.SC);
      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hub.db"));
          Statement st = other.createStatement()) {
        st.execute("BEGIN IMMEDIATE"); // holds the one write lock, as a stuck writer would
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.put(OIR + UUID.randomUUID(), red, Http.notice(20));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertUnavailable(r, took);
        st.execute("ROLLBACK");
      }
      assertThat(http.put(OIR + UUID.randomUUID(), red, Http.notice(21)).statusCode()).isEqualTo(201);
    }
  }

  @Test
  void writes_and_reads_behind_a_held_postgresql_lock_are_503_within_the_timeout() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPg.start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      try (Hub hub = start(url)) {
        Http http = new Http(hub);
        String red = http.token("red", Http.SC, LedgerRoutes.READ);
        UUID first = UUID.randomUUID();
        assertThat(http.put(OIR + first, red, Http.notice(30)).statusCode()).isEqualTo(201);
        hub.ledger().sequence();
        try (Connection other = pg.getPostgresDatabase().getConnection(); Statement st = other.createStatement()) {
          other.setAutoCommit(false);
          st.execute("LOCK TABLE ledger_entries IN ACCESS EXCLUSIVE MODE");

          long t0 = System.nanoTime();
          HttpResponse<String> write = http.put(OIR + UUID.randomUUID(), red, Http.notice(31));
          assertUnavailable(write, Duration.ofNanos(System.nanoTime() - t0));

          t0 = System.nanoTime();
          HttpResponse<String> read = http.get("/liaison/v1/ledger/entries?start=0&end=1", red);
          assertUnavailable(read, Duration.ofNanos(System.nanoTime() - t0));
          other.rollback();
        }
        assertThat(http.put(OIR + UUID.randomUUID(), red, Http.notice(32)).statusCode()).isEqualTo(201);
        assertThat(http.get(OIR + first, red).statusCode()).as("the notice from before the stall").isEqualTo(200);
        assertThat(http.get("/liaison/v1/ledger/entries?start=0&end=1", red).statusCode()).isEqualTo(200);
      }
    }
  }

  private static void assertUnavailable(HttpResponse<String> r, Duration took) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.path("message").asText())
        .isEqualTo("storage did not answer within the request timeout of 1 s; nothing was changed, retry later");
    assertThat(body.path("request_id").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    // One timeout plus the last busy wait and scheduling slack; a hang would take the client's 30 s.
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }
}
