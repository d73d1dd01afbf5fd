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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue: hostile party names and texts must render as text everywhere. Other parties choose their
 * ids, channel names, message texts, replies and phrase parameters, so the hub and node consoles
 * are shown {@link HostileStrings} in every field, every view is opened and every tooltip hovered,
 * and the page must then hold no element made from them, have run nothing, show each literally, and
 * have had nothing refused by its Content-Security-Policy (the console needs no inline style).
 *
 * <p>Party ids outside the hub's rule cannot come through a token any more; the notices of such
 * parties are put straight into the hub's airspace here, as a hub from before the rule holds them,
 * since the console must be safe against any string either way.
 */
class HostileStringsBrowserTest {
  static final String SC = "utm.strategic_coordination";
  @TempDir static Path tmp;
  static ConsoleHub hub;
  static PartyNode north;
  /** Every party id on the map: the hostile strings and the rule-abiding ids that look like code. */
  static final List<String> MANAGERS = new ArrayList<>();
  static String channel;
  static String phraseText;
  ChromeDriver d;

  @BeforeAll
  static void seed() throws Exception {
    if (!Chromium.installed()) {
      return; // each test is then skipped, saying why
    }
    hub = new ConsoleHub(tmp.resolve("hub"));
    MANAGERS.addAll(HostileStrings.ALL);
    MANAGERS.addAll(HostileStrings.PARTY_IDS);
    // A grid over the Baltic, one square each, active from ten minutes ago for six hours.
    for (int i = 0; i < MANAGERS.size(); i++) {
      String party = MANAGERS.get(i);
      ObjectNode body = hub.oiBody(ConsoleHub.square(57.0 + (i / 4) * 0.25, 17.0 + (i % 4) * 0.4, 0.1), 0, 600, -10, 360, List.of());
      if (HostileStrings.PARTY_IDS.contains(party)) {
        hub.call("PUT", "/dss/v1/operational_intent_references/" + UUID.randomUUID(), hub.token(party), body);
      } else {
        hub.hub.airspace().putOi(party, Set.of(SC), UUID.randomUUID(), null, body);
      }
    }
    // Two of them overlap, so the overlap list and the timeline's conflicts name them too.
    UUID first = hub.hub.airspace().allOis().stream().filter(o -> o.manager().equals(HostileStrings.TAGS))
        .findFirst().orElseThrow().id();
    String ovn = hub.hub.airspace().getOi(first).ovn();
    hub.hub.airspace().putOi(HostileStrings.BREAKOUT, Set.of(SC), UUID.randomUUID(), null,
        hub.oiBody(ConsoleHub.square(57.0, 17.12, 0.1), 100, 400, -10, 240, List.of(ovn)));
    // A restriction of a hostile party.
    ObjectNode r = ConsoleHub.JSON.objectNode();
    r.set("extents", hub.extents(ConsoleHub.square(57.75, 17.0, 0.1), 0, 3000, -10, 360));
    r.put("uss_base_url", "http://127.0.0.1:9/authority");
    hub.hub.airspace().putConstraint(HostileStrings.CSS, UUID.randomUUID(), null, r);

    // Channels named with each string, and every string as a message text, a reply and a phrase parameter.
    String northToken = hub.token("north");
    String eastToken = hub.token("east");
    for (String name : HostileStrings.SHORT) {
      ObjectNode c = ConsoleHub.JSON.objectNode().put("name", name).put("kind", "group");
      c.putArray("members").add("east");
      JsonNode made = hub.call("POST", "/liaison/v1/channels", northToken, c);
      if (channel == null) {
        channel = made.get("id").asText();
      }
    }
    for (String text : HostileStrings.ALL) {
      ObjectNode m = ConsoleHub.JSON.objectNode().put("text", text).put("priority", "urgent").put("ack_within_seconds", 3600);
      JsonNode posted = hub.call("POST", "/liaison/v1/channels/" + channel + "/messages", northToken, m);
      hub.call("POST", "/liaison/v1/channels/" + channel + "/messages/" + posted.get("id").asText() + "/ack", eastToken,
          ConsoleHub.JSON.objectNode().put("reply", text));
    }
    ObjectNode phrase = ConsoleHub.JSON.objectNode();
    phrase.putObject("phrase").put("type", "request-contact").putObject("params").put("reason", HostileStrings.CSS);
    JsonNode posted = hub.call("POST", "/liaison/v1/channels/" + channel + "/messages", northToken, phrase);
    phraseText = posted.path("rendered").path("text").asText(HostileStrings.CSS);

    north = PartyNode.start("north", URI.create(hub.base), tmp.resolve("north"));
  }

  @AfterAll
  static void stop() {
    Chromium.closeAll(north, hub);
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

  /** A browser that records every Content-Security-Policy refusal in window.__csp from the first byte on. */
  ChromeDriver browser() throws Exception {
    d = Chromium.start(tmp, 1280, 720);
    d.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            + " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));"));
    return d;
  }

  static WebDriverWait waiting(ChromeDriver d) {
    return ConsoleBrowserTest.waiting(d);
  }

  /** Nothing made from the strings, nothing run, nothing the policy had to refuse, no script error. */
  static void assertClean(ChromeDriver d, String where) {
    @SuppressWarnings("unchecked")
    Map<String, Object> probe = (Map<String, Object>) d.executeScript(HostileStrings.PROBE);
    assertThat(probe).as(where).containsEntry("pwn", 0L).containsEntry("handlers", 0L).containsEntry("jsLinks", 0L)
        .containsEntry("ran", null);
    assertThat((List<?>) d.executeScript("return window.__csp")).as(where + ": CSP refusals").isEmpty();
    assertThat(ConsoleBrowserTest.scriptErrors(d)).as(where + ": script errors").isEmpty();
  }

  static String text(ChromeDriver d, String css) {
    return (String) d.executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", css);
  }

  /** Each string appears literally in {@code text}; the message shows the start of the missing one. */
  static void assertShows(String text, List<String> strings, String where) {
    for (String s : strings) {
      assertThat(text.contains(s)).as("%s shows %.60s… literally", where, s).isTrue();
    }
  }

  static final String SHAPES = "#map .leaflet-overlay-pane path.leaflet-interactive";

  /** Every tooltip on the page: its text, whether the console's node is its child, whether it is open (not fading out). */
  static final String TOOLTIPS = """
      return [...document.querySelectorAll('.leaflet-tooltip')]
        .map((t) => [t.textContent, t.querySelector(':scope > .vol-tip-text') !== null, t.style.opacity !== '0']);
      """;

  @Test
  void hub_console_shows_hostile_strings_as_text_in_every_view_tooltip_and_message() throws Exception {
    browser();
    d.get(hub.base + "/console/");

    // A party id outside the rule: refused, and the error that quotes it is text.
    WebElement input = waiting(d).until(ExpectedConditions.elementToBeClickable(By.id("login-party")));
    input.sendKeys(HostileStrings.TAGS, Keys.ENTER);
    waiting(d).until(x -> text(d, "#login .form-status").contains("is not a party id"));
    assertThat(text(d, "#login .form-status")).contains("Login failed: sub \"<img class=pwn src=x onerror=")
        .contains("1 to 1024 characters");
    assertClean(d, "login refusal");

    input = d.findElement(By.id("login-party"));
    input.clear();
    input.sendKeys("north", Keys.ENTER);
    waiting(d).until(x -> "1".equals(ConsoleBrowserTest.body(x).getDomAttribute("data-map-ready")));
    waiting(d).until(x -> text(d, "#map-list").contains(HostileStrings.LONG));

    // Map: the list, the overlap, the availability strip.
    assertShows(text(d, "#map-list"), MANAGERS, "map list");
    assertThat(text(d, "#map-list .overlaps")).contains(HostileStrings.TAGS).contains(HostileStrings.BREAKOUT);
    assertShows(text(d, "#availability"), MANAGERS, "availability strip");

    // Every tooltip, by hovering every volume.
    int volumes = MANAGERS.size() + 2;
    assertThat(d.findElements(By.cssSelector(SHAPES))).hasSize(volumes);
    Set<String> tips = new LinkedHashSet<>();
    for (int i = 0; i < volumes; i++) {
      int at = i;
      // The map draws its shapes anew on every picture poll, and a closed tooltip fades out for a
      // moment before it leaves the page: hover the shape as drawn now until its tooltip is open,
      // and judge the tooltips from the one script that read them all.
      List<List<Object>> open = waiting(d).until(x -> {
        new Actions(d).moveToElement(x.findElements(By.cssSelector(SHAPES)).get(at)).perform();
        @SuppressWarnings("unchecked")
        List<List<Object>> now = (List<List<Object>>) d.executeScript(TOOLTIPS);
        return now.stream().anyMatch(t -> Boolean.TRUE.equals(t.get(2))) ? now : null;
      });
      for (List<Object> tip : open) {
        tips.add((String) tip.get(0));
        // Each tooltip holds the console's own node, never markup parsed from a string.
        assertThat(tip.get(1)).as("tooltip %.60s… holds the console's node", tip.get(0)).isEqualTo(true);
      }
    }
    assertShows(String.join("\n", tips), MANAGERS, "map tooltips");
    assertShows(String.join("\n", tips), List.of(HostileStrings.CSS), "restriction tooltip");
    assertClean(d, "map and tooltips");

    // The details of the 10 KB party's notice.
    d.findElements(By.cssSelector(".item-button")).stream()
        .filter(b -> b.getText().contains("<u class=pwn>end</u>")).findFirst().orElseThrow().click();
    waiting(d).until(x -> text(d, "#details").contains("Notice reference"));
    assertThat(text(d, "#details").contains(HostileStrings.LONG)).as("details show the 10 KB party").isTrue();
    assertClean(d, "details");

    // Timeline: conflicts and the table.
    d.findElement(By.cssSelector("#tabs a[data-view='timeline']")).click();
    waiting(d).until(x -> !"0".equals(ConsoleBrowserTest.attr(x, "gantt", "data-conflicts")));
    assertThat(text(d, "#conflict-list")).contains(HostileStrings.TAGS).contains(HostileStrings.BREAKOUT);
    assertShows(text(d, "#view-timeline table"), MANAGERS, "timeline table");
    assertShows(text(d, "#gantt-svg"), MANAGERS, "timeline chart");
    assertClean(d, "timeline");

    // Channels: names, texts, replies, the phrase parameter; then a refusal that quotes what was typed.
    d.findElement(By.cssSelector("#tabs a[data-view='channels']")).click();
    waiting(d).until(x -> x.findElements(By.cssSelector(".message")).size() == HostileStrings.ALL.size() + 1);
    assertShows(text(d, ".channel-list"), HostileStrings.SHORT, "channel list");
    assertThat(text(d, "#thread-title")).contains(HostileStrings.TAGS);
    assertShows(text(d, ".messages"), HostileStrings.ALL, "message texts");
    assertShows(String.join("\n", d.findElements(By.cssSelector(".deliveries .reply-text")).stream()
        .map(e -> (String) d.executeScript("return arguments[0].textContent", e)).toList()), HostileStrings.ALL, "replies");
    assertThat(text(d, ".messages")).contains(phraseText).contains(HostileStrings.CSS);
    d.findElement(By.cssSelector(".new-channel summary")).click();
    d.findElement(By.id("new-channel-name")).sendKeys("refused");
    d.findElement(By.id("new-channel-members")).sendKeys(HostileStrings.TAGS);
    d.findElement(By.cssSelector("#new-channel button[type='submit']")).click();
    waiting(d).until(x -> text(d, "#new-channel .form-status").contains("is not a party name"));
    assertThat(text(d, "#new-channel .form-status")).contains("<img class=pwn src=x");
    assertClean(d, "channels");

    // Ledger: an inquiry by a hostile party lists its entries.
    d.findElement(By.cssSelector("#tabs a[data-view='ledger']")).click();
    waiting(d).until(ExpectedConditions.elementToBeClickable(By.id("q-party"))).sendKeys(HostileStrings.BREAKOUT);
    d.findElement(By.cssSelector("#ledger-search button[type='submit']")).click();
    waiting(d).until(x -> text(d, "#search-results").contains(HostileStrings.BREAKOUT));
    assertClean(d, "ledger");
  }

  @Test
  void node_console_shows_hostile_strings_as_text_in_plans_conflicts_and_details() throws Exception {
    // north's own plan, with a purpose of 10,000 characters of markup (the node's limit).
    String purpose = HostileStrings.LONG.substring(0, 10_000);
    Instant start = Instant.now().plus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MINUTES);
    ObjectNode v = ConsoleHub.JSON.objectNode();
    ObjectNode vol = v.putObject("volume");
    vol.setAll(ConsoleHub.circle(58.5, 20.0, 3000));
    vol.putObject("altitude_lower").put("value", 0).put("reference", "W84").put("units", "M");
    vol.putObject("altitude_upper").put("value", 300).put("reference", "W84").put("units", "M");
    v.putObject("time_start").put("value", start.toString()).put("format", "RFC3339");
    v.putObject("time_end").put("value", start.plus(Duration.ofHours(2)).toString()).put("format", "RFC3339");
    ObjectNode plan = ConsoleHub.JSON.objectNode().put("priority", 0).put("purpose", purpose);
    plan.putArray("volumes").add(v);
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(north.baseUrl + "/liaison/v1/plans"))
        .header("Authorization", "Bearer " + north.operatorToken).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(plan.toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

    browser();
    WebDriverWait wait = waiting(d);
    d.get(north.baseUrl + "/console/");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("login-token"))).sendKeys(north.operatorToken);
    d.findElement(By.id("login-submit")).click();
    wait.until(x -> "1".equals(ConsoleBrowserTest.body(x).getDomAttribute("data-map-ready")));

    // The map at the plan's time: list, tooltip, details with the purpose.
    WebElement slider = d.findElement(By.id("time-slider"));
    slider.click();
    slider.sendKeys(Keys.HOME);
    for (int i = 0; i < 12 && d.findElements(By.cssSelector(".item-button")).isEmpty(); i++) {
      slider.sendKeys(Keys.ARROW_RIGHT);
    }
    WebElement item = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".item-button")));
    new Actions(d).moveToElement(d.findElement(By.cssSelector("#map .leaflet-overlay-pane path.leaflet-interactive"))).perform();
    wait.until(x -> !x.findElements(By.cssSelector(".leaflet-tooltip .vol-tip-text")).isEmpty());
    assertThat(text(d, ".leaflet-tooltip")).contains("north");
    item.click();
    wait.until(x -> text(d, "#details").contains("Details (your own plan)"));
    assertThat(text(d, "#details").contains(purpose)).as("details show the 10,000-character purpose").isTrue();
    assertClean(d, "node map and details");

    // A plan over the hostile parties' notices: the conflicts name them, as text.
    d.findElement(By.cssSelector("#tabs a[data-view='plan']")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("shape-circle"))).click();
    d.findElement(By.id("plan-centre")).sendKeys("57.05, 17.18");
    WebElement radius = d.findElement(By.id("plan-radius"));
    radius.clear();
    radius.sendKeys("4000");
    d.findElement(By.id("plan-purpose")).sendKeys(HostileStrings.TAGS, Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-conflicts")));
    assertThat(text(d, "#plan-conflicts")).contains(HostileStrings.TAGS).contains(HostileStrings.BREAKOUT);
    assertClean(d, "node plan conflicts");

    // The timeline lists the node's own plan by its party.
    d.findElement(By.cssSelector("#tabs a[data-view='timeline']")).click();
    wait.until(x -> text(d, "#view-timeline table").contains("north"));
    assertClean(d, "node timeline");
  }
}
