package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.Json;

/** Every series the Grafana dashboard in docs/ queries is served by a real hub or node. */
class DashboardTest {
  private static final Path DASHBOARD = Path.of("docs", "grafana-dashboard.json");

  @TempDir Path dir;

  @Test
  void the_dashboard_queries_only_metrics_that_exist() throws Exception {
    TreeSet<String> queried = new TreeSet<>();
    Matcher m = Pattern.compile("([a-z_][a-z0-9_]*)\\{").matcher("");
    for (JsonNode panel : Json.MAPPER.readTree(Files.readString(DASHBOARD)).path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        m.reset(target.path("expr").asText());
        while (m.find()) {
          queried.add(m.group(1));
        }
      }
    }
    assertThat(queried).hasSizeGreaterThan(20);

    try (Cluster cluster = new Cluster(dir)) {
      Node a = cluster.node("A");
      get(cluster.hubUrl.resolve("/healthy"));
      // GC pauses are meters from the first collection after start-up on.
      System.gc();
      TreeSet<String> missing = new TreeSet<>(queried);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!missing.isEmpty() && System.nanoTime() < deadline) {
        String scrapes = get(cluster.hubUrl.resolve("/metrics")) + get(URI.create(a.baseUrl() + "/metrics"));
        missing.removeIf(name -> Pattern.compile("(?m)^" + name + "[{ ]").matcher(scrapes).find());
        if (!missing.isEmpty()) {
          Thread.sleep(100);
        }
      }
      assertThat(missing).as("series the dashboard queries but no hub or node serves").isEmpty();
    }
  }

  private static String get(URI uri) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
