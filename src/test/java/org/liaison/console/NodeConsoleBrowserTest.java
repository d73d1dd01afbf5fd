package org.liaison.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The node's console in headless Chromium: draw a plan, meet the conflict, take the suggested slot. */
class NodeConsoleBrowserTest {
  @TempDir static Path tmp;
  static ConsoleHub hub;
  static PartyNode north;
  static PartyNode east;
  static Instant start;
  ChromeDriver d;

  @BeforeAll
  static void startAll() throws Exception {
    if (!Chromium.installed()) {
      return; // each test is then skipped, saying why
    }
    hub = new ConsoleHub(tmp.resolve("hub"));
    hub.seed();
    URI hubUrl = URI.create(hub.base);
    north = PartyNode.start("north", hubUrl, tmp.resolve("north"));
    east = PartyNode.start("east", hubUrl, tmp.resolve("east"));
    start = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);
    declare(north, start);
  }

  /** north's plan over Öland, 0–300 m, for an hour from {@code start}. */
  static void declare(PartyNode north, Instant start) throws Exception {
    var v = ConsoleHub.JSON.objectNode();
    var vol = v.putObject("volume");
    vol.setAll(ConsoleHub.circle(56.30, 16.50, 3000));
    vol.putObject("altitude_lower").put("value", 0).put("reference", "W84").put("units", "M");
    vol.putObject("altitude_upper").put("value", 300).put("reference", "W84").put("units", "M");
    v.putObject("time_start").put("value", start.toString()).put("format", "RFC3339");
    v.putObject("time_end").put("value", start.plus(Duration.ofHours(1)).toString()).put("format", "RFC3339");
    var plan = ConsoleHub.JSON.objectNode().put("priority", 0).put("purpose", "survey flight");
    plan.putArray("volumes").add(v);
    var http = java.net.http.HttpClient.newHttpClient();
    var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(north.baseUrl + "/liaison/v1/plans"))
        .header("Authorization", "Bearer " + north.operatorToken).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(plan.toString())).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /** Draws east's circle over north's plan, ten minutes later, and submits it. */
  static void drawAndSubmit(ChromeDriver d, WebDriverWait wait, Instant start) {
    d.findElement(By.cssSelector("#tabs a[data-view='plan']")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("shape-circle"))).click();
    d.findElement(By.id("plan-centre")).sendKeys("56.31, 16.52");
    WebElement radius = d.findElement(By.id("plan-radius"));
    radius.clear();
    radius.sendKeys("2500");
    d.executeScript("document.getElementById('plan-start').value = arguments[0]",
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC).format(start.plus(Duration.ofMinutes(10))));
    d.findElement(By.id("plan-purpose")).sendKeys("inspection", Keys.ENTER);
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

  @Test
  void drawn_plan_meets_the_conflict_and_takes_the_suggested_slot() throws Exception {
    d = Chromium.start(tmp, 1280, 720);
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    var served = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create(east.baseUrl + "/console/config.json")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(served.statusCode())
        .as("the node must serve the console: add routes.add(ConsoleRoutes.forNode(o.party(), null)::register) in Node.start")
        .isEqualTo(200);
    d.get(east.baseUrl + "/console/");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("login-token"))).sendKeys(east.operatorToken);
    d.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("who-party")));
    assertThat(d.findElement(By.id("who-party")).getText()).isEqualTo("east");
    // The node serves the channels itself (it seals and opens end-to-end encrypted bodies).
    d.findElement(By.cssSelector("#tabs a[data-view='channels']")).click();
    wait.until(x -> x.findElement(By.cssSelector(".channel-list")).getText().contains("Your channels"));
    assertThat(d.findElements(By.id("channels-unavailable"))).isEmpty();
    drawAndSubmit(d, wait, start);
    WebElement conflict = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-conflict")));
    assertThat(d.findElement(By.id("plan-conflicts")).getText()).contains("north");
    assertThat(d.findElement(By.id("suggestions")).getText()).contains("later");
    System.out.println("conflict shown: " + conflict.getText() + " / " + d.findElement(By.id("plan-conflicts")).getText());
    d.findElement(By.id("accept-time")).click();
    WebElement ok = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-accepted")));
    assertThat(ok.getText()).contains("Declared");

    // The map lists the plan just declared, and its details include the private purpose.
    d.findElement(By.cssSelector("#tabs a[data-view='map']")).click();
    wait.until(x -> x.findElement(By.id("map")).isDisplayed());
    WebElement slider = d.findElement(By.id("time-slider"));
    slider.click();
    slider.sendKeys(Keys.HOME);
    for (int i = 0; i < 36; i++) {
      slider.sendKeys(Keys.ARROW_RIGHT); // three hours on: the shifted plan is flying
      if (!d.findElements(By.cssSelector(".item-button")).isEmpty()) {
        break;
      }
    }
    WebElement item = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".item-button")));
    assertThat(item.getText()).contains("east");
    item.click();
    wait.until(x -> x.findElement(By.id("details")).getText().contains("Details (your own plan)"));
    assertThat(d.findElement(By.id("details")).getText()).contains("inspection");
    assertThat(ConsoleBrowserTest.scriptErrors(d)).isEmpty();
  }

  @Test
  void geojson_polygon_imports_into_the_plan_form() throws Exception {
    d = Chromium.start(tmp, 1280, 720);
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    d.get(east.baseUrl + "/console/#plan");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("login-token"))).sendKeys(east.operatorToken);
    d.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("shape-circle"))).click();
    d.findElement(By.cssSelector("#plan-form details summary")).click();
    d.findElement(By.id("plan-geojson")).sendKeys("{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\","
        + "\"coordinates\":[[[16.4,56.3],[16.6,56.3],[16.6,56.4],[16.4,56.4],[16.4,56.3]]]}}");
    d.findElement(By.id("plan-import")).click();
    WebElement vertices = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-vertices")));
    assertThat(vertices.getDomProperty("value").split("\n")).containsExactly("56.3, 16.4", "56.3, 16.6", "56.4, 16.6", "56.4, 16.4");
    assertThat(d.findElement(By.id("shape-polygon")).isSelected()).isTrue();
    assertThat(d.findElement(By.id("plan-centre")).isDisplayed()).isFalse();
    assertThat(d.findElements(By.cssSelector("#plan-map path.leaflet-interactive"))).isNotEmpty();
    assertThat(ConsoleBrowserTest.scriptErrors(d)).isEmpty();
  }
}
