package org.liaison.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * One standard message, read by a party in each phrasebook language: Arabic and Persian lay out
 * right to left, the ids and times inside stay left to right, every unreviewed translation comes
 * with its English original, and no character is drawn as a missing-glyph box. Message texts use
 * the fonts the console ships (console/fonts/); the test machine's (Debian's fonts-noto-core and
 * fonts-noto-cjk; .ci/run installs them) draw the rest of the page and stand in until those load.
 */
class PhrasebookBrowserTest {
  static final List<String> LANGUAGES = List.of("en", "fr", "es", "ru", "ar", "zh-Hans", "fa", "tr");
  static final String NOTICE = "2f1c7b3e-9a57-4c55-8f0e-0f3e9d4c1a11";
  @TempDir static Path tmp;
  static ConsoleHub hub;
  static JsonNode posted;
  ChromeDriver d;

  static String reader(String lang) {
    return "reader-" + lang.toLowerCase(java.util.Locale.ROOT);
  }

  @BeforeAll
  static void seed() throws Exception {
    if (!Chromium.installed()) {
      return;
    }
    hub = new ConsoleHub(tmp.resolve("hub"));
    ObjectNode c = ConsoleHub.JSON.objectNode().put("name", "contact-group").put("kind", "group");
    ArrayNode members = c.putArray("members");
    for (String lang : LANGUAGES) {
      ObjectNode entry = ConsoleHub.JSON.objectNode();
      entry.putArray("languages").add(lang);
      hub.call("PUT", "/liaison/v1/parties/" + reader(lang), hub.token(reader(lang)), entry);
      members.add(reader(lang));
    }
    String north = hub.token("north");
    String channel = hub.call("POST", "/liaison/v1/channels", north, c).get("id").asText();
    ObjectNode m = ConsoleHub.JSON.objectNode();
    ObjectNode params = m.putObject("phrase").put("type", "vacate-area").putObject("params");
    ObjectNode circle = params.putObject("area").putObject("outline_circle");
    circle.putObject("center").put("lat", 34.5).put("lng", 38.25);
    circle.putObject("radius").put("value", 5000).put("units", "M");
    params.put("by_time", "2015-10-01T06:00:00Z").put("notice", NOTICE);
    posted = hub.call("POST", "/liaison/v1/channels/" + channel + "/messages", north, m);
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
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

  /**
   * The characters of {@code el}'s text that the browser draws as its missing-glyph box: each is
   * drawn on a canvas in the element's font and compared with a private-use character no font has.
   */
  static final String TOFU = """
      const el = arguments[0];
      const font = getComputedStyle(el).fontSize + ' ' + getComputedStyle(el).fontFamily;
      const draw = (ch) => {
        const c = document.createElement('canvas'); c.width = 48; c.height = 48;
        const g = c.getContext('2d'); g.font = font; g.textBaseline = 'top'; g.fillStyle = '#000';
        g.fillText(ch, 4, 4);
        return Array.from(g.getImageData(0, 0, 48, 48).data).join(',');
      };
      const box = draw('\\uE83A');
      const missing = [];
      for (const ch of new Set(Array.from(el.textContent))) {
        if (/\\s/.test(ch)) continue;
        if (draw(ch) === box) missing.push(ch + ' U+' + ch.codePointAt(0).toString(16));
      }
      return missing;
      """;

  /** True when the paragraph's first character sits at its right edge: laid out right to left. */
  static final String STARTS_AT_RIGHT = """
      const p = arguments[0];
      const r = document.createRange();
      r.setStart(p.firstChild, 0); r.setEnd(p.firstChild, 1);
      const first = r.getBoundingClientRect(), box = p.getBoundingClientRect();
      return [Math.round(first.left - box.left), Math.round(box.right - first.right), getComputedStyle(p).direction];
      """;

  /**
   * For each of the given substrings of the paragraph: whether each character is drawn right of
   * the one before it, i.e. it reads left to right, not reordered by the text around it.
   */
  static final String READS_LEFT_TO_RIGHT = """
      const p = arguments[0], text = p.firstChild.textContent;
      return arguments[1].map((s) => {
        const at = text.indexOf(s);
        if (at < 0) return s + ' not found';
        const rect = (i) => { const r = document.createRange(); r.setStart(p.firstChild, i); r.setEnd(p.firstChild, i + 1);
          return r.getBoundingClientRect(); };
        // each character right of the one before it, unless the line wraps between them
        for (let i = at + 1; i < at + s.length; i++) {
          const a = rect(i - 1), b = rect(i);
          if (Math.abs(a.top - b.top) <= 2 && b.left < a.left - 0.5) return s + ' is reordered at ' + (i - at);
        }
        return 'ok';
      });
      """;

  /**
   * True when the thread shows {@code arguments[0]} messages and the party has read them all. The
   * channel view marks what it shows as read and then draws the thread again with those states,
   * replacing its elements; once nothing is unread a refresh brings no news and leaves the drawing
   * alone. List and thread are drawn in one task from the same answers, so the badge speaks for
   * the thread. One script reads it all, so no element can be replaced between two reads.
   */
  static final String ALL_READ = """
      const badge = document.getElementById('unread-total');
      return badge.hidden && document.querySelectorAll('#thread .message .message-text').length === arguments[0];
      """;

  static void waitUntilRead(ChromeDriver d, int messages) {
    ConsoleBrowserTest.waiting(d).until(x -> Boolean.TRUE.equals(d.executeScript(ALL_READ, messages)));
  }

  @Test
  void one_message_in_each_language_reads_in_its_direction_with_its_original_and_no_missing_glyphs() throws Exception {
    Path shots = Files.createDirectories(Path.of("target", "screenshots"));
    for (String lang : LANGUAGES) {
      d = Chromium.start(tmp, 1280, 720);
      d.get(hub.base + "/console/config.json");
      d.executeScript("sessionStorage.setItem('liaison.token', arguments[0])", hub.token(reader(lang)));
      d.get(hub.base + "/console/");
      ConsoleBrowserTest.waiting(d).until(ExpectedConditions.elementToBeClickable(
          By.cssSelector("#tabs a[data-view='channels']"))).click();
      waitUntilRead(d, 1);
      checkRendering(lang, d.findElement(By.cssSelector(".message .message-text")));
      Files.write(shots.resolve("phrasebook-" + lang + ".png"), d.getScreenshotAs(OutputType.BYTES));
      d.quit();
      d = null;
    }
  }

  private void checkRendering(String lang, WebElement text) {
    boolean rtl = lang.equals("ar") || lang.equals("fa");
    assertThat(text.getDomAttribute("lang")).isEqualTo(lang);
    assertThat(text.getDomAttribute("dir")).as(lang).isEqualTo(rtl ? "rtl" : "ltr");
    assertThat(text.getText()).as(lang).isEqualTo(posted.at("/renderings/" + lang).asText());
    @SuppressWarnings("unchecked")
    List<Object> edges = (List<Object>) d.executeScript(STARTS_AT_RIGHT, text);
    if (rtl) {
      // the first word is at the right edge, and the ids inside still read left to right
      assertThat(((Number) edges.get(1)).intValue()).as(lang + " gap at the right " + edges).isLessThanOrEqualTo(2);
      assertThat(((Number) edges.get(0)).intValue()).as(lang + " " + edges).isGreaterThan(20);
      assertThat(edges.get(2)).isEqualTo("rtl");
      assertThat(text.getText()).contains(NOTICE).contains("34°30.000′N 038°15.000′E");
      String time = posted.at("/renderings/" + lang).asText().replaceAll("(?s).*\u2066\u202d([^\u202c]*Z)\u202c\u2069.*", "$1");
      assertThat(time).as(lang).endsWith("Z").doesNotContain("\u2066");
      assertThat(d.executeScript(READS_LEFT_TO_RIGHT, text, List.of("34°30.000′N 038°15.000′E", time, NOTICE)))
          .as(lang).isEqualTo(List.of("ok", "ok", "ok"));
    } else {
      assertThat(((Number) edges.get(0)).intValue()).as(lang + " gap at the left " + edges).isLessThanOrEqualTo(2);
    }
    if (lang.equals("en")) {
      assertThat(d.findElements(By.cssSelector(".message .message-original"))).isEmpty();
    } else {
      WebElement original = d.findElement(By.cssSelector(".message .message-original"));
      assertThat(original.getText()).isEqualTo(posted.at("/renderings/en").asText());
      assertThat(original.getDomAttribute("dir")).isEqualTo("ltr");
      assertThat(d.findElement(By.cssSelector(".message .review-status")).getText()).contains("unreviewed translation");
    }
    @SuppressWarnings("unchecked")
    List<Object> missing = (List<Object>) d.executeScript(TOFU, text);
    assertThat(missing).as(lang + ": characters drawn as the missing-glyph box").isEmpty();
  }

  /** The tofu check can fail: a character no installed font has is found. */
  @Test
  void the_missing_glyph_check_finds_a_character_no_font_has() throws Exception {
    d = Chromium.start(tmp, 800, 600);
    d.get(hub.base + "/console/config.json");
    WebElement p = (WebElement) d.executeScript(
        "const p = document.createElement('p'); p.textContent = 'A\\uE83B'; document.body.append(p); return p;");
    @SuppressWarnings("unchecked")
    List<Object> missing = (List<Object>) d.executeScript(TOFU, p);
    assertThat(missing).containsExactly("\uE83B U+e83b");
  }

  /**
   * After the page's fonts are ready: the console font files it fetched (name, bytes), and the
   * characters of the elements the selector finds then that no loaded shipped face covers by its
   * unicode-range (found inside the script, so a redraw while the fonts load cannot stale them).
   */
  static final String FONTS = """
      const selector = arguments[0], done = arguments[arguments.length - 1];
      document.fonts.ready.then(() => {
        const els = document.querySelectorAll(selector);
        const ranges = [];
        document.fonts.forEach((f) => {
          if (f.status !== 'loaded' || !f.family.includes('Liaison Noto')) return;
          for (const part of f.unicodeRange.split(',')) {
            const [a, b] = part.trim().replace(/^U\\+/i, '').split('-');
            ranges.push([parseInt(a, 16), parseInt(b || a, 16)]);
          }
        });
        const uncovered = [];
        for (const el of els) {
          for (const ch of new Set(Array.from(el.textContent))) {
            const cp = ch.codePointAt(0);
            if (/\\s/.test(ch) || (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0x202a && cp <= 0x202e)) continue;
            if (!ranges.some(([a, b]) => cp >= a && cp <= b)) uncovered.push(ch + ' U+' + cp.toString(16));
          }
        }
        const files = performance.getEntriesByType('resource').filter((e) => e.name.includes('/console/fonts/'))
          .map((e) => [e.name.substring(e.name.lastIndexOf('/') + 1), e.encodedBodySize]);
        done([files, uncovered]);
      });
      """;

  /**
   * The console ships its own fonts: a page with one Arabic and one Chinese message draws them in
   * the shipped faces, and fetches the Arabic file and a few of the 97 Chinese ones, not the set.
   */
  @Test
  void a_page_with_arabic_and_chinese_fetches_only_the_shipped_font_files_it_needs() throws Exception {
    String north = hub.token("north");
    ObjectNode entry = ConsoleHub.JSON.objectNode();
    entry.putArray("languages").add("ar");
    hub.call("PUT", "/liaison/v1/parties/reader-mixed", hub.token("reader-mixed"), entry);
    ObjectNode c = ConsoleHub.JSON.objectNode().put("name", "mixed").put("kind", "group");
    c.putArray("members").add("reader-mixed");
    String channel = hub.call("POST", "/liaison/v1/channels", north, c).get("id").asText();
    ObjectNode m = ConsoleHub.JSON.objectNode();
    m.putObject("phrase").put("type", "confirm-notice").putObject("params").put("notice", NOTICE);
    hub.call("POST", "/liaison/v1/channels/" + channel + "/messages", north, m);
    hub.call("POST", "/liaison/v1/channels/" + channel + "/messages", north,
        ConsoleHub.JSON.objectNode().put("text", "请于FL120以下飞行，直至06:00Z。"));
    d = Chromium.start(tmp, 1280, 720);
    d.get(hub.base + "/console/config.json");
    d.executeScript("sessionStorage.setItem('liaison.token', arguments[0])", hub.token("reader-mixed"));
    d.get(hub.base + "/console/");
    ConsoleBrowserTest.waiting(d).until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("#tabs a[data-view='channels']"))).click();
    waitUntilRead(d, 2);
    @SuppressWarnings("unchecked")
    List<Object> dirs = (List<Object>) d.executeScript(
        "return [...document.querySelectorAll('#thread .message .message-text')].map((t) => t.getAttribute('dir'))");
    assertThat(dirs).contains("rtl");
    @SuppressWarnings("unchecked")
    List<List<Object>> result = (List<List<Object>>) (List<?>) d.executeAsyncScript(FONTS, "#thread .message .message-text");
    @SuppressWarnings("unchecked")
    List<List<Object>> files = (List<List<Object>>) (List<?>) result.get(0);
    assertThat(result.get(1)).as("characters no shipped face covers").isEmpty();
    List<String> names = files.stream().map(f -> (String) f.get(0)).toList();
    long bytes = files.stream().mapToLong(f -> ((Number) f.get(1)).longValue()).sum();
    System.out.println("font files fetched for one Arabic and one Chinese message: " + names.size() + ", "
        + bytes + " bytes: " + names);
    assertThat(names).contains("noto-sans-arabic-arabic-400-normal.woff2", "noto-sans-latin-400-normal.woff2");
    long chinese = names.stream().filter(n -> n.matches("noto-sans-sc-\\d+-400-normal\\.woff2")).count();
    assertThat(chinese).isBetween(1L, 20L);
    assertThat(bytes).isLessThan(1_000_000);
  }
}
