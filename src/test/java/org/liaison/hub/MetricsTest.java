package org.liaison.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.ServerOptions;

/** {@code GET /metrics} on a real hub: HTTP, key rule, ledger, pool and JVM meters. */
class MetricsTest {
  @TempDir Path dir;

  private Hub start(ServerOptions server) throws Exception {
    return Hub.start(new HubOptions("m", "127.0.0.1", 0, dir, null, "localhost", List.of(), null, true, true, server),
        Clock.systemUTC());
  }

  @Test
  void requests_are_counted_by_route_template_and_key_rule_refusals_are_counted() throws Exception {
    try (Hub hub = start(ServerOptions.DEFAULTS)) {
      Http http = new Http(hub);
      String red = http.token("red", Http.SC);
      String blue = http.token("blue", Http.SC);
      assertThat(http.get("/liaison/v1/noop", red).statusCode()).isEqualTo(200);
      assertThat(http.get("/liaison/v1/noop", red).statusCode()).isEqualTo(200);
      assertThat(http.get("/liaison/v1/noop", null).statusCode()).isEqualTo(401);
      UUID first = UUID.randomUUID();
      String oir = "/dss/v1/operational_intent_references/";
      assertThat(http.put(oir + first, red, Http.notice(10)).statusCode()).isEqualTo(201);
      HttpResponse<String> refused = http.put(oir + UUID.randomUUID(), blue, Http.notice(10));
      assertThat(refused.statusCode()).isEqualTo(409);

      hub.ledger().sequence(); // the sequencer thread may not have run yet on a busy machine
      HttpResponse<String> m = http.get("/metrics", null);
      assertThat(m.statusCode()).isEqualTo(200);
      assertThat(m.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      String text = m.body();
      assertThat(value(text, "http_server_requests_seconds_count{method=\"GET\",route=\"/liaison/v1/noop\",status=\"200\"}"))
          .isEqualTo(2);
      assertThat(value(text, "http_server_requests_seconds_count{method=\"GET\",route=\"/liaison/v1/noop\",status=\"401\"}"))
          .isEqualTo(1);
      assertThat(value(text, "http_server_requests_seconds_count{method=\"PUT\",route=\"" + oir + "{entityid}\",status=\"409\"}"))
          .isEqualTo(1);
      assertThat(text).contains("http_server_requests_seconds_bucket{method=\"GET\",route=\"/liaison/v1/noop\",status=\"200\",le=\"0.001\"}");
      assertThat(text).as("raw paths never become labels").doesNotContain(first.toString());
      assertThat(value(text, "liaison_key_rule_rejections_total")).isEqualTo(1);
      assertThat(value(text, "liaison_key_rule_missing_references_sum")).isEqualTo(1);
      assertThat(value(text, "liaison_ledger_entries")).isGreaterThanOrEqualTo(1);
      assertThat(text).contains("liaison_ledger_backlog_entries ", "liaison_ledger_backlog_age_seconds ",
          "liaison_ledger_sequencer_age_seconds ", "liaison_ledger_checkpoint_size ");
      assertThat(value(text, "liaison_ledger_backlog_entries")).isBetween(0.0, 1.0);
      assertThat(text).contains("hikaricp_connections_active{pool=\"liaison-sqlite\"}", "hikaricp_connections_max{pool=\"liaison-sqlite\"}");
      assertThat(text).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads ", "process_uptime_seconds ");
      assertThat(text).contains("liaison_rate_limited_total{kind=\"party\"} 0.0");
    }
  }

  @Test
  void metrics_off_serves_no_metrics_route() throws Exception {
    try (Hub hub = start(ServerOptions.DEFAULTS.withMetrics(false))) {
      HttpResponse<String> m = new Http(hub).get("/metrics", null);
      assertThat(m.statusCode()).isEqualTo(404);
    }
  }

  /** The sample value of the series {@code series} (name and labels exactly as scraped). */
  static double value(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    if (!m.find()) {
      throw new AssertionError("no series " + series + " in\n" + scrape);
    }
    return Double.parseDouble(m.group(1));
  }
}
