package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.Json;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.slf4j.LoggerFactory;

/** Request ids on a real hub, as they appear in responses, error bodies and both log formats. */
class LoggingTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void restoreLogbackXml() throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    new ContextInitializer(ctx).autoConfig();
  }

  private HttpResponse<String> get(URI uri, String token, String requestId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (requestId != null) {
      b.header("X-Request-Id", requestId);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<JsonNode> jsonLines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(Json.MAPPER.readTree(line));
      }
    }
    return lines;
  }

  @Test
  void json_lines_carry_the_request_id_and_the_access_log_fields() throws Exception {
    Logging.configure(Logging.Format.JSON, true, out);
    try (Hub hub = Hub.start(new HubOptions("log", "127.0.0.1", 0, dir, null, "localhost", List.of(), null, true, true),
        Clock.systemUTC())) {
      URI base = URI.create("http://127.0.0.1:" + hub.port());
      String token = hub.devAuthority().mint("red", List.of("utm.strategic_coordination"), "localhost", "t",
          Duration.ofMinutes(5));

      HttpResponse<String> ok = get(base.resolve("/liaison/v1/noop"), token, "trace-42.a");
      assertThat(ok.headers().firstValue("X-Request-Id")).as("a sane incoming id is kept").hasValue("trace-42.a");

      HttpResponse<String> forged = get(base.resolve("/liaison/v1/noop"), token, "x\" injected=1");
      String generated = forged.headers().firstValue("X-Request-Id").orElseThrow();
      assertThat(generated).as("an unsafe id is replaced").matches("[0-9a-f]{32}");

      HttpResponse<String> missing = get(base.resolve("/no/such/route"), null, null);
      assertThat(missing.statusCode()).isEqualTo(404);
      JsonNode error = Json.MAPPER.readTree(missing.body());
      assertThat(error.path("request_id").asText()).isEqualTo(missing.headers().firstValue("X-Request-Id").orElseThrow());
    }

    List<JsonNode> access = jsonLines().stream().filter(n -> n.path("loggerName").asText().equals("liaison.access")).toList();
    assertThat(access).hasSize(3);
    JsonNode first = access.get(0);
    assertThat(first.path("level").asText()).isEqualTo("INFO");
    assertThat(first.path("mdc").path("request_id").asText()).isEqualTo("trace-42.a");
    assertThat(first.path("mdc").path("party").asText()).isEqualTo("red");
    assertThat(first.path("formattedMessage").asText()).startsWith("GET /liaison/v1/noop 200 ").endsWith(" ms party=red");
    assertThat(kvp(first, "route")).isEqualTo("/liaison/v1/noop");
    assertThat(kvp(first, "status")).isEqualTo("200");
    assertThat(kvp(first, "party")).isEqualTo("red");
    assertThat(Double.parseDouble(kvp(first, "duration_ms"))).isGreaterThanOrEqualTo(0);
    assertThat(kvp(access.get(2), "route")).as("unmatched paths never become routes").isEqualTo("UNMATCHED");
    assertThat(kvp(access.get(2), "path")).isEqualTo("/no/such/route");
  }

  @Test
  void text_lines_end_with_the_request_id_and_the_access_log_can_be_off() throws Exception {
    Logging.configure(Logging.Format.TEXT, true, out);
    try (Hub hub = Hub.start(new HubOptions("log", "127.0.0.1", 0, dir, null, "localhost", List.of(), null, true, true),
        Clock.systemUTC())) {
      URI base = URI.create("http://127.0.0.1:" + hub.port());
      get(base.resolve("/healthy"), null, "probe-1");
      get(base.resolve("/liaison/v1/noop"), null, "anon-1");
      Logging.configure(Logging.Format.TEXT, false, out);
      get(base.resolve("/liaison/v1/noop"), null, "quiet-1");
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("access - GET /liaison/v1/noop 401 ").contains(" ms party=- [anon-1]\n");
    assertThat(text).as("health checks log at DEBUG").doesNotContain("probe-1");
    assertThat(text).as("access log off").doesNotContain("quiet-1");
    assertThat(text).as("lines outside requests have no brackets").containsPattern("Hub - DEV AUTH IS ON[^\\[]*\n");
  }

  /** A value of the JSON encoder's key-value list: [{"route": "..."}, {"status": 200}, ...]. */
  private static String kvp(JsonNode line, String key) {
    for (JsonNode pair : line.path("kvpList")) {
      if (pair.has(key)) {
        return pair.get(key).asText();
      }
    }
    throw new AssertionError("no " + key + " in " + line);
  }
}
