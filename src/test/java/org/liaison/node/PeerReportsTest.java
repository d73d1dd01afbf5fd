package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.deconfliction.ErrorReportCases;
import org.liaison.http.Json;

/**
 * A node's {@code POST /uss/v1/reports}, every status: the same validation as the hub's reports
 * (the cases are shared with the hub's contract), and only valid reports are kept.
 */
class PeerReportsTest {
  @TempDir static Path dir;
  static Cluster cluster;
  static Node a;
  static final HttpClient http = HttpClient.newHttpClient();
  static final String SC = "utm.strategic_coordination";

  @BeforeAll
  static void start() throws Exception {
    cluster = new Cluster(dir);
    a = cluster.node("A");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static HttpResponse<String> post(String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(a.baseUrl() + "/uss/v1/reports"))
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void a_complete_report_is_201_and_kept_with_its_id() throws Exception {
    HttpResponse<String> r = post(cluster.token("B", SC), ErrorReportCases.valid().toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String id = Json.MAPPER.readTree(r.body()).path("report_id").asText();
    assertThat(id).isNotBlank();
    assertThat(a.store.reports(500)).anySatisfy(doc -> assertThat(doc).contains(id).contains("node of A, office 3"));
  }

  @Test
  void a_report_with_only_the_required_fields_and_any_request_source_is_201() throws Exception {
    ObjectNode r = ErrorReportCases.minimal();
    ((ObjectNode) r.get("exchange")).put("request_source", "");
    assertThat(post(cluster.token("B", "utm.conformance_monitoring_sa"), r.toString()).statusCode()).isEqualTo(201);
  }

  @Test
  void every_missing_or_mistyped_field_is_400_naming_it_and_nothing_is_kept() throws Exception {
    int before = a.store.reports(10_000).size();
    for (ErrorReportCases.Case c : ErrorReportCases.bad()) {
      HttpResponse<String> r = post(cluster.token("B", SC), c.body());
      assertThat(r.statusCode()).as(c.name() + ": " + r.body()).isEqualTo(400);
      JsonNode body = Json.MAPPER.readTree(r.body());
      assertThat(body.path("message").asText()).as(c.name()).contains(c.field());
    }
    // The issue's own example: an exchange without request_time was accepted and echoed.
    ObjectNode noTime = ErrorReportCases.valid();
    ((ObjectNode) noTime.get("exchange")).remove("request_time");
    HttpResponse<String> r = post(cluster.token("B", SC), noTime.toString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("exchange.request_time is missing").doesNotContain("report_id");
    assertThat(a.store.reports(10_000)).hasSize(before);
  }

  @Test
  void a_report_without_a_token_is_401_and_without_an_f3548_scope_403() throws Exception {
    assertThat(post(null, ErrorReportCases.valid().toString()).statusCode()).isEqualTo(401);
    assertThat(post("not.a.jwt", ErrorReportCases.valid().toString()).statusCode()).isEqualTo(401);
    assertThat(post(cluster.token("B", "some.other_scope"), ErrorReportCases.valid().toString()).statusCode())
        .isEqualTo(403);
  }
}
