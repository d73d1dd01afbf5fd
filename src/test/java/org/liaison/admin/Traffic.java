package org.liaison.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.liaison.http.Json;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;

/**
 * A real hub named "test" on a loopback port with dev auth, and the writes a backup test makes
 * through its HTTP API: notices, a watch, an availability, a channel with a message and its
 * acknowledgement. Each goes into the ledger too.
 */
final class Traffic implements AutoCloseable {
  static final String SC = "utm.strategic_coordination";
  static final String AA = "utm.availability_arbitration";
  static final List<String> CHANNELS = List.of("liaison.channels.read", "liaison.channels.write");
  static final String OIR = "/dss/v1/operational_intent_references/";

  final Hub hub;
  final URI uri;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Traffic(Hub hub) {
    this.hub = hub;
    this.uri = URI.create("http://127.0.0.1:" + hub.port());
  }

  static Traffic start(Path dir, String jdbcUrl) throws IOException {
    return new Traffic(Hub.start(
        new HubOptions("test", "127.0.0.1", 0, dir, jdbcUrl, "localhost", List.of(), null, true, true),
        Clock.systemUTC()));
  }

  String token(String sub, List<String> scopes) {
    return hub.devAuthority().mint(sub, scopes, "localhost", "test", Duration.ofMinutes(30));
  }

  /** What {@link #writeSome} wrote, to look for after a restore. */
  record Written(List<String> notices, List<String> ovns, String watch, String channel, String message) {}

  /** One of everything, plus {@code notices} notices alternating between red and blue. */
  Written writeSome(int notices) throws IOException, InterruptedException {
    List<String> ids = new java.util.ArrayList<>();
    List<String> ovns = new java.util.ArrayList<>();
    for (int i = 0; i < notices; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      ovns.add(putNotice(id, i % 2 == 0 ? "red" : "blue", 20.0 + i * 0.1));
    }
    String watch = UUID.randomUUID().toString();
    Instant start = Instant.now().plus(Duration.ofMinutes(1));
    expect(send("PUT", "/dss/v1/subscriptions/" + watch, token("blue", List.of(SC)), String.format(Locale.ROOT, """
        {"extents": {"volume": {
            "outline_circle": {"center": {"lat": 20.0, "lng": 7.0}, "radius": {"value": 5000, "units": "M"}},
            "altitude_lower": {"value": 0, "reference": "W84", "units": "M"},
            "altitude_upper": {"value": 3000, "reference": "W84", "units": "M"}},
          "time_start": {"value": "%s", "format": "RFC3339"},
          "time_end": {"value": "%s", "format": "RFC3339"}},
         "uss_base_url": "https://blue.example", "notify_for_operational_intents": true, "notify_for_constraints": false}
        """, start, start.plus(Duration.ofHours(2)))), 200);
    expect(send("PUT", "/dss/v1/uss_availability/red", token("red", List.of(AA)),
        "{\"old_version\": \"\", \"availability\": \"Normal\"}"), 200);
    JsonNode channel = expect(send("POST", "/liaison/v1/channels", token("red", CHANNELS),
        "{\"name\": \"red-blue\", \"kind\": \"bilateral\", \"members\": [\"blue\"]}"), 201);
    String ch = channel.path("id").asText();
    JsonNode message = expect(send("POST", "/liaison/v1/channels/" + ch + "/messages", token("red", CHANNELS),
        "{\"client_message_id\": \"" + UUID.randomUUID() + "\", \"text\": \"Strikes planned at 0600Z\"}"), 201);
    String mid = message.path("id").asText();
    expect(send("POST", "/liaison/v1/channels/" + ch + "/messages/" + mid + "/ack", token("blue", CHANNELS),
        "{\"reply\": \"Understood\"}"), 200);
    return new Written(List.copyOf(ids), List.copyOf(ovns), watch, ch, mid);
  }

  /** Declares a notice at {@code lat}; notices at different latitudes do not overlap. Returns its OVN. */
  String putNotice(String id, String party, double lat) throws IOException, InterruptedException {
    // ASTM requires both times of an operational intent's volumes.
    Instant start = Instant.now();
    Instant end = start.plus(Duration.ofHours(2));
    String body = String.format(Locale.ROOT, """
        {"extents": [{"volume": {
            "outline_circle": {"center": {"lat": %.4f, "lng": 7.0}, "radius": {"value": 300, "units": "M"}},
            "altitude_lower": {"value": 0, "reference": "W84", "units": "M"},
            "altitude_upper": {"value": 120, "reference": "W84", "units": "M"}},
          "time_start": {"value": "%s", "format": "RFC3339"},
          "time_end": {"value": "%s", "format": "RFC3339"}}],
         "state": "Accepted", "uss_base_url": "https://%s.example", "key": []}
        """, lat, start, end, party);
    JsonNode r = expect(send("PUT", OIR + id, token(party, List.of(SC)), body), 201);
    return r.path("operational_intent_reference").path("ovn").asText();
  }

  HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    return send("GET", path, token, null);
  }

  static JsonNode expect(HttpResponse<String> r, int status) throws IOException {
    assertThat(r.statusCode()).as("%s %s: %s", r.request().method(), r.request().uri(), r.body()).isEqualTo(status);
    return r.body().isBlank() ? null : Json.MAPPER.readTree(r.body());
  }

  @Override
  public void close() {
    hub.close();
  }
}
