package org.liaison.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Writes 1280×720 screenshots of each console view against a seeded hub. Not part of {@code mvn
 * verify}; run it on purpose:
 *
 * <pre>mvn -q test -Dtest=ConsoleScreenshots -Dliaison.screenshots=docs/images</pre>
 */
class ConsoleScreenshots {
  @TempDir Path tmp;

  @Test
  void capture() throws Exception {
    String dir = System.getProperty("liaison.screenshots");
    Assumptions.assumeTrue(dir != null && !dir.isBlank(), "give -Dliaison.screenshots=DIR to write screenshots");
    Chromium.assumeInstalled();
    Path out = Path.of(dir).toAbsolutePath();
    Files.createDirectories(out);
    try (ConsoleHub hub = new ConsoleHub(tmp.resolve("hub"))) {
      hub.seed();
      boolean channels = hub.serves("/liaison/v1/channels", hub.token("north"));
      if (channels) {
        seedMessages(hub);
      }
      ChromeDriver d = Chromium.start(tmp, 1280, 720);
      try {
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        d.get(hub.base + "/console/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("login-party"))).sendKeys("north");
        shot(d, out, "console-login.png");
        d.findElement(By.id("login-party")).sendKeys(Keys.ENTER);
        wait.until(x -> "ready".equals(x.findElement(By.tagName("body")).getDomAttribute("data-basemap")));
        WebElement slider = d.findElement(By.id("time-slider"));
        slider.click();
        slider.sendKeys(Keys.HOME);
        for (int i = 0; i < 24; i++) {
          slider.sendKeys(Keys.ARROW_RIGHT);
        }
        wait.until(x -> "1".equals(x.findElement(By.id("map")).getDomAttribute("data-overlaps")));
        d.findElement(By.cssSelector(".item-button[data-id='" + hub.east1 + "']")).click();
        wait.until(x -> x.findElement(By.id("details")).getText().contains(hub.east1.toString()));
        d.executeScript("document.activeElement.blur()");
        shot(d, out, "console-map.png");

        d.findElement(By.cssSelector("#tabs a[data-view='timeline']")).click();
        wait.until(x -> x.findElement(By.id("gantt")).getDomAttribute("data-conflicts") != null);
        d.executeScript("document.activeElement.blur()");
        shot(d, out, "console-timeline.png");

        d.findElement(By.cssSelector("#tabs a[data-view='channels']")).click();
        wait.until(x -> !x.findElements(By.cssSelector(".message, #channels-unavailable")).isEmpty());
        Thread.sleep(300); // let the countdowns tick once
        d.executeScript("document.activeElement.blur()");
        shot(d, out, "console-channels.png");

        d.findElement(By.cssSelector("#tabs a[data-view='ledger']")).click();
        wait.until(x -> !x.findElements(By.cssSelector("#tree-size, #ledger-unavailable")).isEmpty());
        if (!d.findElements(By.id("tree-size")).isEmpty()) {
          d.findElement(By.id("verify")).click();
          wait.until(ExpectedConditions.presenceOfElementLocated(By.id("verdict")));
          d.findElement(By.id("q-party")).sendKeys("east");
          d.findElement(By.cssSelector("#ledger-search button[type='submit']")).click();
          wait.until(x -> !x.findElements(By.cssSelector("#search-results table")).isEmpty());
        }
        d.executeScript("document.activeElement.blur()");
        shot(d, out, "console-ledger.png");
        capturePlan(hub, d, wait, out);
      } finally {
        d.quit();
      }
    }
  }

  /** On east's node: a drawn plan refused for north's, with the suggested slots. */
  private void capturePlan(ConsoleHub hub, ChromeDriver d, WebDriverWait wait, Path out) throws Exception {
    java.net.URI hubUrl = java.net.URI.create(hub.base);
    try (PartyNode north = PartyNode.start("north", hubUrl, tmp.resolve("north"));
        PartyNode east = PartyNode.start("east", hubUrl, tmp.resolve("east"))) {
      java.time.Instant start = java.time.Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
      NodeConsoleBrowserTest.declare(north, start);
      d.get(east.baseUrl + "/console/");
      wait.until(ExpectedConditions.elementToBeClickable(By.id("login-token"))).sendKeys(east.operatorToken);
      d.findElement(By.id("login-submit")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("who-party")));
      NodeConsoleBrowserTest.drawAndSubmit(d, wait, start);
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("suggestions")));
      d.executeScript("document.activeElement.blur()");
      shot(d, out, "console-plan.png");
    }
  }

  private static void seedMessages(ConsoleHub hub) throws Exception {
    String north = hub.token("north");
    String east = hub.token("east");
    var ch = ConsoleHub.JSON.objectNode().put("name", "north-east hotline").put("kind", "bilateral");
    ch.putArray("members").add("east");
    String id = hub.call("POST", "/liaison/v1/channels", north, ch).get("id").asText();
    var m1 = ConsoleHub.JSON.objectNode().put("text", "Our notice over Gotland is active until 15:00Z; please keep clear of 300–600 m.")
        .put("priority", "urgent").put("ack_within_seconds", 600);
    hub.call("POST", "/liaison/v1/channels/" + id + "/messages", east, m1);
    var m2 = ConsoleHub.JSON.objectNode().put("text", "Confirm you have moved your operation east of 18.7E.")
        .put("priority", "routine");
    String mid = hub.call("POST", "/liaison/v1/channels/" + id + "/messages", north, m2).get("id").asText();
    hub.call("POST", "/liaison/v1/channels/" + id + "/messages/" + mid + "/ack", east,
        ConsoleHub.JSON.objectNode().put("reply", "Moved, confirmed."));
    var warning = ConsoleHub.JSON.objectNode().put("text", "Unannounced traffic at 57.7N 18.4E, 450 m, heading 270. Hold your departures.")
        .put("priority", "safety-of-flight").put("ack_within_seconds", 1);
    hub.call("POST", "/liaison/v1/channels/" + id + "/messages", north, warning);
    Thread.sleep(2500); // past the deadline: the hub's sweeper escalates within a second
    var group = ConsoleHub.JSON.objectNode().put("name", "Baltic contact group").put("kind", "group");
    group.putArray("members").add("east").add("south").add("authority");
    hub.call("POST", "/liaison/v1/channels", north, group);
  }

  private static void shot(ChromeDriver d, Path dir, String name) throws Exception {
    Files.write(dir.resolve(name), d.getScreenshotAs(OutputType.BYTES));
    System.err.println("wrote " + dir.resolve(name));
  }
}
