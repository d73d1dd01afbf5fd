package org.liaison.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.liaison.deconfliction.DssRoutes;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.testkit.Http;
import org.liaison.proof.Receipt;

/** A real hub on a loopback port with dev auth, and the HTTP calls the ledger tests make. */
final class HubFixture implements AutoCloseable {
  static final String SC = "utm.strategic_coordination";
  static final String AA = "utm.availability_arbitration";

  final Path dir;
  final Hub hub;
  final URI uri;
  private final Http http;

  private HubFixture(Path dir, Hub hub) {
    this.dir = dir;
    this.hub = hub;
    this.uri = URI.create("http://127.0.0.1:" + hub.port());
    this.http = new Http(uri);
  }

  /** A hub named "test" (origin liaison/test) keeping its data in {@code dir}. */
  static HubFixture start(Path dir) throws IOException {
    return start(dir, null);
  }

  /** The same over PostgreSQL at {@code jdbcUrl}, or the embedded store when it is null. */
  static HubFixture start(Path dir, String jdbcUrl) throws IOException {
    return new HubFixture(dir, Hub.start(
        new HubOptions("test", "127.0.0.1", 0, dir, jdbcUrl, "localhost", List.of(), null, true, true),
        Clock.systemUTC()));
  }

  Ledger ledger() {
    return hub.ledger();
  }

  /** The SQLite file of the embedded store. */
  Path databaseFile() {
    return dir.resolve("hub.db");
  }

  String token(String sub, String... scopes) {
    return hub.devAuthority().mint(sub, List.of(scopes), "localhost", "test", Duration.ofMinutes(30));
  }

  String readToken() {
    return token("auditor", LedgerRoutes.READ);
  }

  LedgerClient client() {
    return new LedgerClient(uri, readToken());
  }

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    return http.get(path, token);
  }

  HttpResponse<String> put(String path, String token, String body) throws IOException, InterruptedException {
    return http.put(path, token, body);
  }

  HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
    return http.post(path, token, body);
  }

  /**
   * Declares an operation notice (an ASTM operational intent reference) for {@code party}, as a
   * circle at {@code lat}: notices at different latitudes do not overlap, so no key is needed.
   * Returns the receipt of its ledger entry.
   */
  Receipt putNotice(String party, double lat) throws IOException, InterruptedException {
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
    HttpResponse<String> r = put("/dss/v1/operational_intent_references/" + UUID.randomUUID(), token(party, SC), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Receipt.fromHeaderValue(r.headers().firstValue(DssRoutes.RECEIPT_HEADER).orElseThrow());
  }

  /** Sets {@code party}'s availability: a small ledger entry of type availability.set. */
  Receipt setAvailability(String party, String oldVersion, String availability)
      throws IOException, InterruptedException {
    HttpResponse<String> r = put("/dss/v1/uss_availability/" + party, token(party, AA),
        "{\"old_version\": \"" + oldVersion + "\", \"availability\": \"" + availability + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Receipt.fromHeaderValue(r.headers().firstValue(DssRoutes.RECEIPT_HEADER).orElseThrow());
  }

  /** Integrates everything committed and publishes its checkpoint, without waiting on a timer. */
  void sequence() {
    ledger().sequence();
    assertThat(ledger().published().checkpoint().size()).isEqualTo(ledger().size());
  }

  @Override
  public void close() {
    hub.close();
  }
}
