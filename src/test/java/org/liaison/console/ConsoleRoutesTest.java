package org.liaison.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.liaison.http.HubServer;

/** The console's files over a real port: types, caching, 304s, refusals, and query tokens on event streams only. */
class ConsoleRoutesTest {
  static HubServer server;
  static String base;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    ConsoleRoutes console = ConsoleRoutes.forHub("t", true);
    server = HubServer.start("127.0.0.1", 0, List.of(console::register,
        c -> c.routes.get("/echo-auth", ctx -> ctx.result(String.valueOf(ctx.header("Authorization"))))));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The Content-Type without spaces: Jetty writes some as "text/html;charset=utf-8". */
  static String type(HttpResponse<String> r) {
    return r.headers().firstValue("Content-Type").orElse("").replace(" ", "");
  }

  @Test
  void index_is_html_with_a_content_security_policy_and_revalidates() throws Exception {
    HttpResponse<String> r = get("/console/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(type(r)).isEqualTo("text/html;charset=utf-8");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
    assertThat(r.body()).contains("<title>Liaison console</title>").contains("vendor/leaflet/leaflet.js");
  }

  @Test
  void page_policy_allows_no_inline_style_or_script_and_forms_post_only_here() throws Exception {
    HttpResponse<String> r = get("/console/");
    List<String> policies = r.headers().allValues("Content-Security-Policy");
    assertThat(policies).hasSize(1);
    String csp = policies.get(0);
    assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval")
        .contains("style-src 'self';").contains("script-src 'self';").contains("form-action 'self'")
        .contains("object-src 'none'").contains("base-uri 'none'").contains("frame-ancestors 'none'");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    // The page itself carries no inline style or script for the policy to refuse.
    assertThat(r.body()).doesNotContain("style=").doesNotContain("<style").doesNotContainPattern("<script(?![^>]*src=)");
  }

  @Test
  void every_other_answer_forbids_everything_so_an_echoed_string_is_never_a_page() throws Exception {
    for (String p : List.of("/console/config.json", "/healthy", "/echo-auth", "/no/such/route%3Cimg%20src=x%3E")) {
      HttpResponse<String> r = get(p);
      assertThat(r.headers().allValues("Content-Security-Policy")).as(p)
          .containsExactly("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(p).hasValue("nosniff");
    }
    // Refused by Jetty before any route or handler: the error handler sets them too.
    HttpResponse<String> big = get("/healthy", "X-Big", "a".repeat(64_000));
    assertThat(big.statusCode()).isEqualTo(431);
    assertThat(big.headers().allValues("Content-Security-Policy"))
        .containsExactly("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    assertThat(big.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void console_without_slash_redirects() throws Exception {
    HttpResponse<String> r = get("/console");
    assertThat(r.statusCode()).isBetween(301, 308);
    assertThat(r.headers().firstValue("Location")).hasValue("/console/");
  }

  @Test
  void unchanged_file_answers_304_to_its_etag() throws Exception {
    HttpResponse<String> first = get("/console/js/main.js");
    assertThat(type(first)).isEqualTo("text/javascript;charset=utf-8");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = get("/console/js/main.js", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void leaflet_comes_from_its_webjar_and_is_cached_for_a_day() throws Exception {
    HttpResponse<String> js = get("/console/vendor/leaflet/leaflet.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.body()).contains("Leaflet 1.9.4");
    assertThat(js.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
    assertThat(type(get("/console/vendor/leaflet/leaflet.css"))).isEqualTo("text/css;charset=utf-8");
    assertThat(type(get("/console/vendor/leaflet/images/layers.png"))).isEqualTo("image/png");
  }

  @Test
  void basemap_is_geojson_cached_for_a_day() throws Exception {
    HttpResponse<String> r = get("/console/basemap/countries-10m.geojson");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(type(r)).isEqualTo("application/geo+json");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
    assertThat(r.body()).startsWith("{").contains("FeatureCollection");
  }

  @Test
  void fonts_are_woff2_cached_for_a_day_and_the_policy_lets_same_origin_fonts_in() throws Exception {
    HttpResponse<String> css = get("/console/fonts/fonts.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.body()).contains("font-family: 'Liaison Noto Sans Arabic'").contains("unicode-range:");
    java.util.regex.Matcher url = java.util.regex.Pattern.compile("url\\(([^)]+)\\)").matcher(css.body());
    int faces = 0;
    while (url.find()) {
      HttpResponse<byte[]> f = http.send(HttpRequest.newBuilder(URI.create(base + "/console/fonts/" + url.group(1)))
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(f.statusCode()).as(url.group(1)).isEqualTo(200);
      assertThat(f.headers().firstValue("Content-Type")).as(url.group(1)).hasValue("font/woff2");
      assertThat(f.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
      assertThat(new String(f.body(), 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("wOF2");
      faces++;
    }
    assertThat(faces).isGreaterThan(100);
    String csp = get("/console/").headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).contains("default-src 'self'").doesNotContain("font-src");
    assertThat(get("/console/").body()).contains("href=\"fonts/fonts.css\"");
  }

  /**
   * The offline basemap is Natural Earth 1:10m, fine enough to tell a coast at the zoom the console
   * opens on (the 1:50m one had about 100,000 points), and still of a sane size.
   */
  @Test
  void basemap_is_the_fine_one_within_a_sane_size() throws Exception {
    HttpResponse<String> r = get("/console/basemap/countries-10m.geojson");
    com.fasterxml.jackson.databind.JsonNode geo = org.liaison.http.Json.MAPPER.readTree(r.body());
    long points = 0;
    for (com.fasterxml.jackson.databind.JsonNode f : geo.path("features")) {
      for (com.fasterxml.jackson.databind.JsonNode polygon : f.path("geometry").path("coordinates")) {
        for (com.fasterxml.jackson.databind.JsonNode ring : polygon) {
          points += ring.size();
        }
      }
    }
    assertThat(points).as("points in the basemap").isGreaterThan(500_000);
    assertThat(r.body().length()).as("characters in the basemap").isLessThan(10_000_000);
  }

  @Test
  void without_tiles_the_config_says_none_and_images_come_only_from_the_console() throws Exception {
    assertThat(org.liaison.http.Json.MAPPER.readTree(get("/console/config.json").body()).has("tiles")).isTrue();
    assertThat(org.liaison.http.Json.MAPPER.readTree(get("/console/config.json").body()).get("tiles").isNull()).isTrue();
    assertThat(get("/console/").headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("img-src 'self' data:;");
  }

  @Test
  void with_tiles_the_config_names_the_server_and_the_policy_lets_its_images_in() throws Exception {
    String tiles = "https://tiles.example.org:8443/osm/{z}/{x}/{y}.png";
    HubServer withTiles = HubServer.start("127.0.0.1", 0, List.of(ConsoleRoutes.forHub("t", true).withTiles(tiles)::register));
    try {
      String at = "http://127.0.0.1:" + withTiles.port();
      HttpResponse<String> config = http.send(HttpRequest.newBuilder(URI.create(at + "/console/config.json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(org.liaison.http.Json.MAPPER.readTree(config.body()).path("tiles").asText()).isEqualTo(tiles);
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(at + "/console/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("img-src 'self' data: https://tiles.example.org:8443;")
          .contains("connect-src 'self';");
    } finally {
      withTiles.close();
    }
  }

  @Test
  void config_names_the_role_and_the_dev_token_path() throws Exception {
    HttpResponse<String> r = get("/console/config.json");
    assertThat(r.body()).contains("\"role\":\"hub\"").contains("\"dev_token_path\":\"/token\"");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void traversal_hidden_files_and_unknown_types_are_404() throws Exception {
    for (String p : List.of("/console/../logback.xml", "/console/%2e%2e/logback.xml", "/console/js/../../logback.xml",
        "/console/.hidden.js", "/console/vendor/leaflet/../../../../../logback.xml", "/console/basemap/NOTICE",
        "/console/nothing-here.js", "/console/vendor/leaflet/leaflet.js.map")) {
      HttpResponse<String> r = get(p);
      assertThat(r.statusCode()).as(p).isIn(400, 404);
      assertThat(r.body()).as(p).doesNotContain("<configuration");
    }
  }

  @Test
  void event_stream_request_may_carry_its_token_as_a_query_parameter() throws Exception {
    HttpResponse<String> r = get("/echo-auth?access_token=abc.def.ghi", "Accept", "text/event-stream");
    assertThat(r.body()).isEqualTo("Bearer abc.def.ghi");
  }

  @Test
  void query_token_is_ignored_on_ordinary_requests_and_never_overrides_a_header() throws Exception {
    assertThat(get("/echo-auth?access_token=abc").body()).isEqualTo("null");
    assertThat(get("/echo-auth?access_token=abc", "Accept", "application/json").body()).isEqualTo("null");
    assertThat(get("/echo-auth?access_token=abc", "Accept", "text/event-stream", "Authorization", "Bearer real").body())
        .isEqualTo("Bearer real");
  }
}
