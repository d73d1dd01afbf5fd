package org.liaison.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.Json;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.testkit.Http;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console's compliance view, in real Chromium, against a real hub with a real agreement in
 * force: a short-notice declaration that fired the hub's rule, and the warning's acknowledgement.
 * Every figure the view shows, every bar of its charts and every entry it cites equal what the
 * compliance API answers.
 */
class AgreementsBrowserTest {
  private static final List<String> SCOPES = Arrays.asList(ConsoleHub.SCOPES.split(" "));

  @TempDir Path dir;

  @Test
  void compliance_view_shows_the_apis_figures_charts_and_entries() throws Exception {
    Chromium.assumeInstalled();
    try (Hub hub = Hub.start(new HubOptions("agreements", "127.0.0.1", 0, dir.resolve("hub"), null, "localhost",
        List.of(), null, true, true), Clock.systemUTC())) {
      Http http = new Http(URI.create("http://127.0.0.1:" + hub.port()));
      String usa = hub.devAuthority().mint("usa", SCOPES, "localhost", "test", Duration.ofMinutes(30));
      String rus = hub.devAuthority().mint("rus", SCOPES, "localhost", "test", Duration.ofMinutes(30));
      ok(http.put("/liaison/v1/parties/usa", usa, "{\"display_name\":\"USA\"}"));
      ok(http.put("/liaison/v1/parties/rus", rus, "{\"display_name\":\"RUS\"}"));
      String channel = ok(http.post("/liaison/v1/channels", usa,
          "{\"name\":\"hotline\",\"kind\":\"bilateral\",\"members\":[\"rus\"]}")).get("id").asText();
      // Another party writes the title: it must show as text and make no element.
      ObjectNode doc = Json.MAPPER.createObjectNode().put("title", HostileStrings.TAGS);
      doc.putArray("parties").add("usa").add("rus");
      doc.put("channel", channel);
      doc.putObject("minimum_notice").put("default_minutes", 60);
      doc.putObject("separation").put("horizontal_m", 10000).put("vertical_m", 300);
      doc.putObject("acknowledgement").put("safety-of-flight", 300).put("urgent", 900).put("routine", 3600);
      doc.putObject("line").put("heartbeat_seconds", 30).put("unreachable_after_seconds", 90)
          .putObject("hours").put("from", "00:00").put("to", "24:00");
      doc.putArray("languages").add("en").add("ru");
      String id = ok(http.post("/liaison/v1/agreements", usa, doc.toString())).get("id").asText();
      ok(http.post("/liaison/v1/agreements/" + id + "/accept", rus, "{\"version\":1}"));

      // rus flies with two hours' notice; usa declares next to it with ten minutes', and once more with plenty.
      declare(http, rus, 38.33, Duration.ofHours(2));
      String late = declare(http, usa, 38.25, Duration.ofMinutes(10));
      declare(http, usa, 38.5, Duration.ofHours(3));
      // The hub's rule follows the ledger by itself; wait (bounded) for its warning to rus.
      String warning = null;
      for (int i = 0; i < 300 && warning == null; i++) {
        for (JsonNode m : ok(http.get("/liaison/v1/channels/" + channel + "/messages", rus)).path("messages")) {
          if (late.equals(m.at("/phrase/params/notice").asText())) {
            warning = m.get("id").asText();
          }
        }
        if (warning == null) {
          Thread.sleep(100);
        }
      }
      assertThat(warning).as("the short-notice rule's warning").isNotNull();
      ok(http.post("/liaison/v1/channels/" + channel + "/messages/" + warning + "/ack", rus, "{\"reply\":\"Roger\"}"));

      // The acknowledgement reaches the ledger when it is next sequenced; compliance reads the ledger.
      hub.ledger().sequence();
      // The default period, the last 24 hours, as the view asks for it too.
      JsonNode api = ok(http.get("/liaison/v1/agreements/" + id + "/compliance", usa));
      JsonNode usaFigures = party(api, "usa");
      assertThat(usaFigures.at("/declarations/count").asInt()).isEqualTo(2);
      assertThat(usaFigures.at("/declarations/under_minimum").asInt()).isEqualTo(1);
      assertThat(party(api, "rus").at("/warnings_received/acknowledged_on_time").asInt()).isEqualTo(1);

      ChromeDriver d = Chromium.start(dir, 1280, 900);
      try {
        d.get(http.base() + "/console/config.json");
        d.executeScript("sessionStorage.setItem('liaison.token', arguments[0])", usa);
        d.get(http.base() + "/console/#agreements");
        ConsoleBrowserTest.waiting(d).until(x -> x.findElements(By.cssSelector("#agreements-list button")).size() == 1);
        ConsoleBrowserTest.waiting(d).until(x -> x.findElements(By.cssSelector(".compliance-party")).size() == 2);

        for (JsonNode p : api.get("parties")) {
          String name = p.get("party").asText();
          WebElement sec = d.findElement(By.cssSelector(".compliance-party[data-party='" + name + "']"));
          JsonNode dcl = p.get("declarations");
          JsonNode w = p.get("warnings_received");
          assertThat(figure(sec, "declarations")).as(name).isEqualTo(dcl.get("count").asText());
          assertThat(figure(sec, "under_minimum")).as(name).isEqualTo(dcl.get("under_minimum").asText());
          assertThat(figure(sec, "warnings_sent")).as(name).isEqualTo(p.at("/warnings_sent/count").asText());
          assertThat(figure(sec, "warnings_received")).as(name).isEqualTo(w.get("count").asText());
          assertThat(figure(sec, "acknowledged")).as(name).isEqualTo(w.get("acknowledged_on_time").asText() + " / "
              + w.get("acknowledged_late").asText() + " / " + w.get("never_acknowledged").asText());
          assertThat(figure(sec, "separation_breaches")).as(name).isEqualTo(p.at("/separation_breaches/count").asText());
          // Each figure lists the entries it came from.
          assertThat(cited(sec, "declarations")).as(name).isEqualTo(longs(dcl.get("entries")));
          assertThat(cited(sec, "under_minimum")).as(name).isEqualTo(longs(dcl.get("under_minimum_entries")));
          assertThat(cited(sec, "warnings_sent")).as(name).isEqualTo(longs(p.at("/warnings_sent/entries")));
          assertThat(cited(sec, "warnings_received")).as(name).isEqualTo(longs(w.get("entries")));
          // A bar per declaration, its height the lead time; a bar per warning, its time to acknowledge.
          List<WebElement> lead = sec.findElements(By.cssSelector("[data-chart=lead] rect.bar"));
          assertThat(lead).hasSize(dcl.get("lead_times").size());
          for (int i = 0; i < lead.size(); i++) {
            JsonNode x = dcl.get("lead_times").get(i);
            assertThat(lead.get(i).getAttribute("data-entry")).isEqualTo(x.get("entry").asText());
            assertThat(Double.parseDouble(lead.get(i).getAttribute("data-value"))).isEqualTo(x.get("seconds").asDouble() / 60);
            assertThat(lead.get(i).getAttribute("class").contains("bad"))
                .isEqualTo(longs(dcl.get("under_minimum_entries")).contains(x.get("entry").asLong()));
          }
          List<WebElement> acks = sec.findElements(By.cssSelector("[data-chart=ack] rect.bar"));
          assertThat(acks).hasSize(w.get("acknowledgements").size());
          for (int i = 0; i < acks.size(); i++) {
            JsonNode x = w.get("acknowledgements").get(i);
            assertThat(Double.parseDouble(acks.get(i).getAttribute("data-value"))).isEqualTo(x.get("ms").asDouble() / 60000);
          }
        }
        assertThat(party(api, "rus").at("/warnings_received/acknowledgements")).hasSize(1);
        assertThat(d.findElement(By.cssSelector("#agreements-list button")).getText()).contains(HostileStrings.TAGS);
        assertThat(d.findElement(By.cssSelector("#compliance h3")).getText()).contains(HostileStrings.TAGS);
        assertThat(d.findElements(By.cssSelector("#view-agreements img, #view-agreements script, #view-agreements b"))).isEmpty();

        // An entry a figure cites is fetched and checked against its leaf hash in the browser.
        WebElement under = d.findElement(By.cssSelector(".compliance-party[data-party='usa'] dd:has([data-figure=under_minimum]) button.entry"));
        under.click();
        ConsoleBrowserTest.waiting(d).until(x -> !x.findElements(By.id("compliance-entry-check")).isEmpty());
        assertThat(d.findElement(By.id("compliance-entry-check")).getText()).startsWith("✓");
        assertThat(d.findElement(By.id("compliance-entry")).getText()).contains(late, "notice.create",
            api.at("/leaf_hashes/" + under.getAttribute("data-entry")).asText());
        assertThat(ConsoleBrowserTest.scriptErrors(d)).isEmpty();
      } finally {
        d.quit();
      }
    }
  }

  private static JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return r.body().isBlank() ? null : Json.MAPPER.readTree(r.body());
  }

  private static String declare(Http http, String token, double lng, Duration lead) throws Exception {
    String id = UUID.randomUUID().toString();
    Instant start = Instant.now().plus(lead);
    ObjectNode body = Json.MAPPER.createObjectNode().put("state", "Accepted").put("uss_base_url", "https://uss.example");
    ObjectNode ext = body.putArray("extents").addObject();
    ObjectNode vol = ext.putObject("volume");
    ObjectNode circle = vol.putObject("outline_circle");
    circle.putObject("center").put("lat", 34.5).put("lng", lng);
    circle.putObject("radius").put("value", 3000).put("units", "M");
    vol.putObject("altitude_lower").put("value", 0).put("reference", "W84").put("units", "M");
    vol.putObject("altitude_upper").put("value", 3000).put("reference", "W84").put("units", "M");
    ext.putObject("time_start").put("value", start.toString()).put("format", "RFC3339");
    ext.putObject("time_end").put("value", start.plus(Duration.ofHours(4)).toString()).put("format", "RFC3339");
    ok(http.put("/dss/v1/operational_intent_references/" + id, token, body.toString()));
    return id;
  }

  private static JsonNode party(JsonNode report, String name) {
    for (JsonNode p : report.get("parties")) {
      if (p.get("party").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no party " + name + " in " + report);
  }

  private static String figure(WebElement sec, String key) {
    return sec.findElement(By.cssSelector("[data-figure=" + key + "]")).getText();
  }

  private static List<Long> cited(WebElement sec, String key) {
    List<Long> out = new ArrayList<>();
    for (WebElement b : sec.findElements(By.cssSelector("dd:has([data-figure=" + key + "]) button.entry"))) {
      out.add(Long.parseLong(b.getAttribute("data-entry")));
    }
    return out;
  }

  private static List<Long> longs(JsonNode arr) {
    List<Long> out = new ArrayList<>();
    arr.forEach(x -> out.add(x.asLong()));
    return out.stream().distinct().toList();
  }
}
