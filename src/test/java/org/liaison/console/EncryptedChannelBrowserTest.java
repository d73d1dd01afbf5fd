package org.liaison.console;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An end-to-end encrypted message in headless Chromium: east's node console shows the text north
 * sent; the hub's console shows the message's metadata and says its content is encrypted, and the
 * text is nowhere on its page.
 */
class EncryptedChannelBrowserTest {
  private static final String SECRET = "Strikes planned near Homs at 0600Z; confirm the line is staffed";
  @TempDir static Path tmp;
  static ConsoleHub hub;
  static PartyNode north;
  static PartyNode east;
  static final HttpClient HTTP = HttpClient.newHttpClient();
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
    String token = hub.token("north");
    for (String p : new String[] {"north", "east"}) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!hub.call("GET", "/liaison/v1/parties/" + p + "/keys", token, null).path("current").isObject()) {
        assertThat(System.nanoTime()).as(p + " publishes its keys").isLessThan(deadline);
        Thread.sleep(50);
      }
    }
    ObjectNode create = ConsoleHub.JSON.objectNode().put("name", "hotline").put("kind", "bilateral");
    create.putArray("members").add("east");
    JsonNode ch = operator(north, "POST", "/liaison/v1/channels", create);
    assertThat(ch.get("encryption").asText()).isEqualTo("e2e");
    operator(north, "POST", "/liaison/v1/channels/" + ch.get("id").asText() + "/messages",
        ConsoleHub.JSON.objectNode().put("text", SECRET).put("priority", "urgent").put("ack_within_seconds", 600));
  }

  static JsonNode operator(PartyNode n, String method, String path, JsonNode body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(n.baseUrl + path))
        .header("Authorization", "Bearer " + n.operatorToken).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode() / 100).as(r.body()).isEqualTo(2);
    return org.liaison.http.Json.MAPPER.readTree(r.body());
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
  void the_node_console_shows_the_decrypted_text() throws Exception {
    d = Chromium.start(tmp, 1280, 720);
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    d.get(east.baseUrl + "/console/");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("login-token"))).sendKeys(east.operatorToken);
    d.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#tabs a[data-view='channels']"))).click();
    wait.until(x -> x.findElement(By.cssSelector(".message .message-text")).getText().equals(SECRET));
    assertThat(d.findElement(By.cssSelector(".message")).getText()).contains("end-to-end encrypted");
    assertThat(d.findElements(By.cssSelector(".encrypted-note, .undecryptable"))).isEmpty();
  }

  @Test
  void the_hub_console_shows_metadata_and_no_content() throws Exception {
    d = Chromium.start(tmp, 1280, 720);
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    d.get(hub.base + "/console/config.json");
    d.executeScript("sessionStorage.setItem('liaison.token', arguments[0])", hub.token("east"));
    d.get(hub.base + "/console/");
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#tabs a[data-view='channels']"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".message .encrypted-note")));
    String note = d.findElement(By.cssSelector(".message .encrypted-note")).getText();
    assertThat(note).startsWith("Content end-to-end encrypted (").contains("bytes of ciphertext");
    String message = d.findElement(By.cssSelector(".message")).getText();
    assertThat(message).contains("north").contains("urgent");
    assertThat(d.findElement(By.cssSelector(".deliveries")).getText()).contains("east");
    assertThat(d.getPageSource()).doesNotContain("Homs");
  }
}
