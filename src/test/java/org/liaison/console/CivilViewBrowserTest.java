package org.liaison.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.RateLimit;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.publication.PublicationConfig;
import org.liaison.publication.PublicationOptions;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The console's civil view, in real Chromium, shows what the hub publishes and nothing else. */
class CivilViewBrowserTest {
  @TempDir Path dir;

  @Test
  void civil_view_shows_the_published_areas_on_the_map_and_as_notam_text() throws Exception {
    Chromium.assumeInstalled();
    try (Hub hub = Hub.start(new HubOptions("civil", "127.0.0.1", 0, dir.resolve("hub"), null, "localhost", List.of(),
        null, true, true), Clock.systemUTC(), new PublicationOptions(PublicationConfig.DEFAULTS, RateLimit.OFF))) {
      String base = "http://127.0.0.1:" + hub.port();
      Instant t0 = Instant.now().plus(Duration.ofMinutes(30));
      String body = """
          {"extents":[{"volume":{"outline_circle":{"center":{"lat":33.5,"lng":35.5},"radius":{"value":3000,"units":"M"}},
            "altitude_lower":{"value":0,"reference":"W84","units":"M"},"altitude_upper":{"value":3000,"reference":"W84","units":"M"}},
            "time_start":{"value":"%s","format":"RFC3339"},"time_end":{"value":"%s","format":"RFC3339"}}],
           "uss_base_url":"http://civil.example"}
          """.formatted(t0, t0.plus(Duration.ofHours(2)));
      String civil = hub.devAuthority().mint("civil-aviation", Arrays.asList(ConsoleHub.SCOPES.split(" ")), "localhost",
          "test", Duration.ofMinutes(30));
      HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(base + "/dss/v1/constraint_references/" + UUID.randomUUID()))
          .header("Authorization", "Bearer " + civil).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

      ChromeDriver d = Chromium.start(dir, 1280, 800);
      try {
        d.get(base + "/console/config.json");
        d.executeScript("sessionStorage.setItem('liaison.token', arguments[0])", civil);
        d.get(base + "/console/#civil");
        ConsoleBrowserTest.waiting(d).until(x -> x.findElements(By.cssSelector("#civil-list tbody tr")).size() == 1);
        assertThat(d.findElement(By.id("civil-notams")).getText()).contains("QRDCA", "NOTAMN");
        assertThat(d.findElements(By.cssSelector("#civil-map path.danger-area"))).hasSize(1);
        assertThat(d.findElement(By.id("view-civil")).getText()).doesNotContain("civil-aviation", "civil.example");
        assertThat(ConsoleBrowserTest.scriptErrors(d)).isEmpty();
      } finally {
        d.quit();
      }
    }
  }
}
