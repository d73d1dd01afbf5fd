package org.liaison.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.console.Chromium;
import org.liaison.console.HostileStrings;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The demo's report.html is a standalone page: every string in it is text, and its policy admits nothing else. */
class ReportTest {
  static final Instant DAY = Instant.parse("2026-11-28T06:00:00Z");
  @TempDir Path tmp;

  /** The built-in day with every name and text replaced by hostile strings, the 10 KB one included. */
  static Scenario hostileScenario() throws Exception {
    ObjectNode tree = Scenario.MAPPER.valueToTree(Scenario.builtIn());
    List<String> all = HostileStrings.ALL;
    tree.put("name", HostileStrings.TAGS);
    tree.put("description", String.join(" | ", all));
    ArrayNode parties = (ArrayNode) tree.get("parties");
    for (int i = 0; i < parties.size(); i++) {
      ((ObjectNode) parties.get(i)).put("name", all.get(i % all.size()) + " #" + i);
    }
    ((ObjectNode) parties.get(0)).put("name", HostileStrings.LONG + " #0");
    return Scenario.MAPPER.treeToValue(tree, Scenario.class);
  }

  static List<Report.Shape> hostileShapes(Scenario s) {
    List<Report.Shape> shapes = new ArrayList<>();
    int i = 0;
    for (String text : HostileStrings.ALL) {
      Instant start = DAY.plus(Duration.ofMinutes(30L * i));
      Volume4D v = new Volume4D(new Circle(new LatLng(34.8, 36.1 + i * 0.05), 2000), new AltitudeBand(0, 300),
          new TimeWindow(start, start.plus(Duration.ofHours(1))));
      shapes.add(new Report.Shape(s.parties().get(i % s.parties().size()).id(), text, v, i % 3 == 0));
      i++;
    }
    return shapes;
  }

  static String hostileReport() throws Exception {
    Scenario s = hostileScenario();
    Map<String, String> summary = new LinkedHashMap<>();
    HostileStrings.ALL.forEach(t -> summary.put(t, t));
    return Report.html(s, DAY, summary, hostileShapes(s), String.join("\n", HostileStrings.ALL));
  }

  @Test
  void every_string_is_text_and_makes_no_element() throws Exception {
    String html = hostileReport();
    Document doc = Jsoup.parse(html);
    assertThat(doc.select(".pwn")).isEmpty();
    assertThat(doc.select("script, img, iframe, object, embed, a, form, link, base")).isEmpty();
    assertThat(doc.select("style")).hasSize(1);
    assertThat(doc.getAllElements()).allSatisfy(e -> {
      assertThat(e.attributes().asList()).noneMatch(a -> a.getKey().startsWith("on") || a.getKey().equals("style"));
    });
    // The strings read back literally where they were put.
    assertThat(doc.title()).isEqualTo(HostileStrings.TAGS + " — Liaison demo report");
    assertThat(doc.selectFirst("h1").text()).isEqualTo(HostileStrings.TAGS);
    assertThat(doc.selectFirst("pre").wholeText()).isEqualTo(String.join("\n", HostileStrings.ALL));
    List<String> cells = doc.select("table th").eachText();
    assertThat(cells).containsExactlyElementsOf(HostileStrings.ALL);
    String legend = doc.selectFirst(".legend").text();
    assertThat(legend.contains(HostileStrings.LONG + " #0")).as("legend shows the 10 KB name").isTrue();
    for (Scenario.PartySpec p : hostileScenario().parties()) {
      assertThat(legend.contains(p.name())).as("legend shows %.40s…", p.name()).isTrue();
    }
    List<String> titles = doc.select("svg.map g > title").eachText();
    assertThat(titles).containsExactlyElementsOf(HostileStrings.ALL);
  }

  @Test
  void the_page_carries_a_policy_that_admits_only_its_own_style() throws Exception {
    Document doc = Jsoup.parse(hostileReport());
    Element meta = doc.selectFirst("head > meta[http-equiv=Content-Security-Policy]");
    assertThat(meta).isNotNull();
    // Before any content the policy governs.
    assertThat(meta.elementSiblingIndex()).isLessThan(doc.selectFirst("head > style").elementSiblingIndex());
    String csp = meta.attr("content");
    assertThat(csp).startsWith("default-src 'none'; style-src 'sha256-").contains("form-action 'none'")
        .contains("base-uri 'none'").doesNotContain("unsafe");
    String hash = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
        .digest(doc.selectFirst("head > style").data().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(csp).contains("'sha256-" + hash + "'");
  }

  @Test
  void compliance_shows_every_party_with_its_figures_entries_and_leaf_hashes_as_text() throws Exception {
    ObjectNode r = Scenario.MAPPER.createObjectNode().put("version", 1).put("from", "2026-11-28T05:40:00Z")
        .put("to", "2026-11-29T06:00:00Z").put("percentiles", "nearest-rank");
    ObjectNode p = r.putArray("parties").addObject().put("party", HostileStrings.TAGS);
    ObjectNode d = p.putObject("declarations").put("count", 2).put("minimum_notice_minutes", 20).put("under_minimum", 1);
    d.putArray("entries").add(18).add(24);
    d.putArray("under_minimum_entries").add(18);
    d.putObject("lead_time_seconds").put("median", 720).put("p5", 720);
    p.putObject("warnings_sent").put("count", 1).putArray("entries").add(21);
    ObjectNode w = p.putObject("warnings_received").put("count", 0).put("acknowledged_on_time", 0)
        .put("acknowledged_late", 0).put("never_acknowledged", 0);
    w.putArray("entries");
    w.putObject("time_to_acknowledge_ms").putNull("median").putNull("p95");
    p.putObject("unreachable").put("hours", 0.75).putArray("entries").add(30).add(31);
    p.putObject("separation_breaches").put("count", 1).putArray("entries").addArray().add(12).add(18);
    r.putObject("leaf_hashes").put("18", "AAAA<b>").put("21", "BBBB");
    Report.Agreed agreed = new Report.Agreed(List.of(new ChannelsPlay.Agreed(HostileStrings.TAGS, "ag-1", "usa", "hotline")),
        List.of(r));
    Document doc = Jsoup.parse(Report.compliance(agreed));
    assertThat(doc.select("h3").text()).isEqualTo(HostileStrings.TAGS);
    assertThat(doc.select("b, script, img")).isEmpty();
    Element row = doc.select("tr").get(1);
    assertThat(row.select("th").text()).isEqualTo(HostileStrings.TAGS);
    assertThat(row.select("td").get(0).text()).isEqualTo("2 entries #18 #24");
    assertThat(row.select("td").get(1).text()).startsWith("12 min / 12 min");
    assertThat(row.select("td").get(2).text()).isEqualTo("1 (minimum 20 min) entries #18");
    assertThat(row.select("td").get(6).text()).isEqualTo("0.75 entries #30 #31");
    assertThat(row.select("td").get(7).text()).isEqualTo("1 entries #12–#18");
    assertThat(doc.select("pre").text()).contains("#18  AAAA<b>", "#21  BBBB");
  }

  @Test
  void escape_covers_the_five_markup_characters() {
    assertThat(Report.esc("<a href=\"x\" title='y'>&amp;</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
    assertThat(Report.esc(null)).isEmpty();
  }

  @Test
  void a_party_colour_must_be_a_colour() {
    assertThatThrownBy(() -> new Scenario.PartySpec("p", "P", "force", "en", 1, "red\"><script>x</script>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("color \"red\"><script>x</script>\" of party \"p\" is not a #rgb or #rrggbb colour");
    assertThat(new Scenario.PartySpec("p", "P", "force", "en", 1, "#1f6feb").color()).isEqualTo("#1f6feb");
  }

  /** The same report in Chromium, opened from disk as a user opens it. */
  @Test
  void in_chromium_nothing_runs_and_the_strings_show_literally() throws Exception {
    Chromium.assumeInstalled();
    Path file = tmp.resolve("report.html");
    java.nio.file.Files.writeString(file, hostileReport());
    ChromeDriver d = Chromium.start(tmp, 1280, 720);
    try {
      d.get(file.toUri().toString());
      @SuppressWarnings("unchecked")
      Map<String, Object> probe = (Map<String, Object>) d.executeScript(HostileStrings.PROBE);
      assertThat(probe).containsEntry("pwn", 0L).containsEntry("handlers", 0L).containsEntry("jsLinks", 0L)
          .containsEntry("ran", null);
      String text = (String) d.executeScript("return document.body.textContent");
      HostileStrings.ALL.forEach(t -> assertThat(text.contains(t)).as("page text shows %.40s…", t).isTrue());
      // The style sheet applied (its hash matched), so the policy is in force and not in the way.
      assertThat(d.findElement(By.tagName("pre")).getCssValue("white-space")).isEqualTo("pre-wrap");
      assertThat(d.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll())
          .noneMatch(e -> e.getMessage().contains("Content Security Policy"));
    } finally {
      d.quit();
    }
  }
}
