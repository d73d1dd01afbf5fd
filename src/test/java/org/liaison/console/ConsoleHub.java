package org.liaison.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.http.Json;

/** A real hub on loopback with dev auth, and a seeded picture the console tests look at. */
final class ConsoleHub implements AutoCloseable {
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  static final String SCOPES = "utm.strategic_coordination utm.constraint_management liaison.console"
      + " liaison.channels.read liaison.channels.write liaison.ledger.read";

  final Hub hub;
  final String base;
  final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** What {@link #seed} declared, by name. */
  UUID north1;
  UUID east1;
  UUID south1;
  UUID restriction1;
  UUID north2;

  ConsoleHub(Path dir) throws IOException {
    hub = Hub.start(new HubOptions("console-test", "127.0.0.1", 0, dir, null, "localhost", List.of(), null, true, true),
        Clock.systemUTC());
    base = "http://127.0.0.1:" + hub.port();
  }

  String token(String party) throws IOException, InterruptedException {
    String q = "grant_type=client_credentials&scope=" + URLEncoder.encode(SCOPES, StandardCharsets.UTF_8)
        + "&intended_audience=localhost&issuer=console-test&sub=" + URLEncoder.encode(party, StandardCharsets.UTF_8);
    return call("GET", "/token?" + q, null, null).get("access_token").asText();
  }

  /** Sends a request and returns the JSON body; throws with the body on any non-2xx status. */
  JsonNode call(String method, String path, String token, JsonNode body) throws IOException, InterruptedException {
    HttpResponse<String> r = raw(method, path, token, body);
    if (r.statusCode() / 100 != 2) {
      throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body().isEmpty() ? JSON.objectNode() : Json.MAPPER.readTree(r.body());
  }

  HttpResponse<String> raw(String method, String path, String token, JsonNode body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Whether the hub serves {@code path} at all: a missing route answers 404 naming the route, not an entity. */
  boolean serves(String path, String token) throws IOException, InterruptedException {
    HttpResponse<String> r = raw("GET", path, token, null);
    return !(r.statusCode() == 404 && (r.body().contains("no route for") || r.body().contains("Endpoint GET")));
  }

  /**
   * Five items over the Baltic: north's notice active now; east's, overlapping it from +1 h to
   * +3 h between 300 and 600 m; south's, activated, from +5 h; a restriction over south's from
   * +6 h; and north's second notice from +12 h.
   */
  void seed() throws IOException, InterruptedException {
    String north = token("north");
    String east = token("east");
    String south = token("south");
    String authority = token("authority");
    north1 = notice(north, square(57.60, 18.30, 0.20), 0, 600, -10, 180, List.of());
    String ovnNorth1 = hub.airspace().getOi(north1).ovn();
    east1 = notice(east, circle(57.62, 18.55, 9000), 300, 900, 60, 240, List.of(ovnNorth1));
    south1 = notice(south, square(57.00, 18.20, 0.15), 0, 400, 300, 540, List.of());
    ObjectNode activate = oiBody(square(57.00, 18.20, 0.15), 0, 400, 300, 540, List.of());
    activate.put("state", "Activated");
    call("PUT", "/dss/v1/operational_intent_references/" + south1 + "/" + hub.airspace().getOi(south1).ovn(), south, activate);
    restriction1 = UUID.randomUUID();
    ObjectNode r = JSON.objectNode();
    r.set("extents", extents(square(57.05, 18.30, 0.12), 0, 3000, 360, 720));
    r.put("uss_base_url", "http://127.0.0.1:9/authority");
    call("PUT", "/dss/v1/constraint_references/" + restriction1, authority, r);
    north2 = notice(north, square(57.90, 18.80, 0.10), 100, 500, 720, 960, List.of());
  }

  UUID notice(String token, ObjectNode outline, double lower, double upper, long fromMin, long toMin, List<String> key)
      throws IOException, InterruptedException {
    UUID id = UUID.randomUUID();
    call("PUT", "/dss/v1/operational_intent_references/" + id, token, oiBody(outline, lower, upper, fromMin, toMin, key));
    return id;
  }

  ObjectNode oiBody(ObjectNode outline, double lower, double upper, long fromMin, long toMin, List<String> key) {
    ObjectNode b = JSON.objectNode();
    b.set("extents", extents(outline, lower, upper, fromMin, toMin));
    b.put("state", "Accepted");
    b.put("uss_base_url", "http://127.0.0.1:9/uss");
    ArrayNode k = b.putArray("key");
    key.forEach(k::add);
    b.putObject("new_subscription").put("uss_base_url", "http://127.0.0.1:9/uss").put("notify_for_constraints", true);
    return b;
  }

  ArrayNode extents(ObjectNode outline, double lower, double upper, long fromMin, long toMin) {
    ArrayNode arr = JSON.arrayNode();
    ObjectNode v4 = arr.addObject();
    ObjectNode vol = v4.putObject("volume");
    vol.setAll(outline);
    vol.putObject("altitude_lower").put("value", lower).put("reference", "W84").put("units", "M");
    vol.putObject("altitude_upper").put("value", upper).put("reference", "W84").put("units", "M");
    v4.putObject("time_start").put("value", now.plus(Duration.ofMinutes(fromMin)).toString()).put("format", "RFC3339");
    v4.putObject("time_end").put("value", now.plus(Duration.ofMinutes(toMin)).toString()).put("format", "RFC3339");
    return arr;
  }

  static ObjectNode square(double lat, double lng, double size) {
    ObjectNode o = JSON.objectNode();
    ArrayNode vs = o.putObject("outline_polygon").putArray("vertices");
    vs.addObject().put("lat", lat).put("lng", lng);
    vs.addObject().put("lat", lat).put("lng", lng + size * 1.8);
    vs.addObject().put("lat", lat + size).put("lng", lng + size * 1.8);
    vs.addObject().put("lat", lat + size).put("lng", lng);
    return o;
  }

  static ObjectNode circle(double lat, double lng, double radiusM) {
    ObjectNode o = JSON.objectNode();
    ObjectNode c = o.putObject("outline_circle");
    c.putObject("center").put("lat", lat).put("lng", lng);
    c.putObject("radius").put("value", radiusM).put("units", "M");
    return o;
  }

  @Override
  public void close() {
    hub.close();
  }
}
