package org.liaison.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.NodeClient;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A contingency seen from another party's console: north's aircraft goes Contingent and north's
 * operator reports its positions; east's node follows the track, and east's map draws it.
 */
class NodeTelemetryBrowserTest {
  @TempDir static Path tmp;
  static ConsoleHub hub;
  static PartyNode north;
  static PartyNode east;
  ChromeDriver d;

  @BeforeAll
  static void startAll() throws Exception {
    if (!Chromium.installed()) {
      return; // each test is then skipped, saying why
    }
    hub = new ConsoleHub(tmp.resolve("hub"));
    URI hubUrl = URI.create(hub.base);
    north = PartyNode.start("north", hubUrl, tmp.resolve("north"));
    east = PartyNode.start("east", hubUrl, tmp.resolve("east"));
  }

  @AfterAll
  static void stopAll() {
    Chromium.closeAll(east, north, hub);
  }

  @BeforeEach
  void needsChromium() {
    Chromium.assumeInstalled();
  }

  @AfterEach
  void quit() {
    if (d != null) {
      d.quit();
    }
  }

  static ObjectNode plan(Instant start, Instant end, String purpose) {
    ObjectNode v = ConsoleHub.JSON.objectNode();
    ObjectNode vol = v.putObject("volume");
    vol.setAll(ConsoleHub.circle(56.30, 16.50, 3000));
    vol.putObject("altitude_lower").put("value", 0).put("reference", "W84").put("units", "M");
    vol.putObject("altitude_upper").put("value", 300).put("reference", "W84").put("units", "M");
    v.putObject("time_start").put("value", start.toString()).put("format", "RFC3339");
    v.putObject("time_end").put("value", end.toString()).put("format", "RFC3339");
    ObjectNode p = ConsoleHub.JSON.objectNode().put("priority", 0).put("purpose", purpose);
    p.putArray("volumes").add(v);
    return p;
  }

  static ObjectNode position(Instant t, double lat, double lng) {
    ObjectNode n = ConsoleHub.JSON.objectNode();
    n.putObject("time_measured").put("value", t.toString()).put("format", "RFC3339");
    n.putObject("position").put("latitude", lat).put("longitude", lng)
        .putObject("altitude").put("value", 120).put("reference", "W84").put("units", "M");
    return n;
  }

  @Test
  void the_map_draws_the_track_another_party_reported_for_its_contingent_operation() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    NodeClient eastOps = new NodeClient(URI.create(east.baseUrl), east.operatorToken);
    NodeClient northOps = new NodeClient(URI.create(north.baseUrl), north.operatorToken);
    // east plans first, clear of north's buffers in time, so its watch covers north's flight.
    NodeClient.Answer e = eastOps.submit(plan(now.plus(Duration.ofMinutes(28)), now.plus(Duration.ofMinutes(60)), "later survey"));
    assertThat(e.status()).as(e.body().toString()).isEqualTo(201);
    NodeClient.Answer n = northOps.submit(plan(now.plus(Duration.ofMinutes(1)), now.plus(Duration.ofMinutes(20)), "patrol"));
    assertThat(n.status()).as(n.body().toString()).isEqualTo(201);
    UUID flight = UUID.fromString(n.body().path("plan").path("id").asText());
    assertThat(northOps.lifecycle(flight, "activate").status()).isEqualTo(200);
    assertThat(northOps.lifecycle(flight, "contingent").status()).isEqualTo(200);
    ObjectNode batch = ConsoleHub.JSON.objectNode();
    ArrayNode arr = batch.putArray("telemetry");
    for (int i = 0; i < 4; i++) {
      arr.add(position(now.minusSeconds(8 - 2L * i), 56.30 + 0.004 * i, 16.50 + 0.006 * i));
    }
    assertThat(northOps.telemetry(flight, batch).status()).isEqualTo(200);

    d = Chromium.start(tmp, 1280, 720);
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(45));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    d.get(east.baseUrl + "/console/");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("login-token"))).sendKeys(east.operatorToken);
    d.findElement(By.id("login-submit")).click();
    wait.until(x -> x.findElement(By.id("map")).isDisplayed());

    // east's node polls north's at the opportunities north gives; the console refreshes on each event.
    wait.until(x -> "1".equals(x.findElement(By.id("map")).getDomAttribute("data-telemetry-tracks")));
    assertThat(d.findElement(By.id("map")).getDomAttribute("data-telemetry-points")).isNotEqualTo("0");
    assertThat(d.findElements(By.cssSelector("#map path.telemetry-track"))).hasSize(1);
    assertThat(d.findElements(By.cssSelector("#map path.telemetry-latest"))).hasSize(1);
    String listed = d.findElement(By.id("telemetry-list")).getText();
    assertThat(listed).contains("north").contains(flight.toString().substring(0, 8)).contains("Contingent");
    // The latest position north reported is where the marker is (east may have caught up to it).
    wait.until(x -> x.findElement(By.id("telemetry-list")).getText().contains("56.3120, 16.5180"));

    // The aircraft moves on: the next position north reports extends the track on east's map.
    assertThat(northOps.telemetry(flight, position(Instant.now(), 56.32, 16.53)).status()).isEqualTo(200);
    wait.until(x -> x.findElement(By.id("telemetry-list")).getText().contains("56.3200, 16.5300"));
    assertThat(Integer.parseInt(d.findElement(By.id("map")).getDomAttribute("data-telemetry-points"))).isGreaterThanOrEqualTo(2);
    assertThat(ConsoleBrowserTest.scriptErrors(d)).isEmpty();
  }
}
