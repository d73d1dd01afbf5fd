package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;

/** The typed client against a real hub. */
class HubClientTest {
  @TempDir static Path dir;
  static Hub hub;
  static URI url;
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(10));

  @BeforeAll
  static void start() throws Exception {
    hub = Hub.start(new HubOptions("hub", "127.0.0.1", 0, dir, null, "localhost", List.of(), null, true, true), Clock.systemUTC());
    url = URI.create("http://127.0.0.1:" + hub.port());
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static HubClient client(String party) {
    return new HubClient(url, TokenProvider.devAuth(url, party, TokenProvider.NODE_SCOPES, Clock.systemUTC()));
  }

  static Volume4D at(double lat) {
    return new Volume4D(new Circle(new LatLng(lat, 1), 500), new AltitudeBand(0, 100), new TimeWindow(T0, T0.plusSeconds(1800)));
  }

  static HubClient.OperationalIntentParams params(double lat, List<String> key) {
    return new HubClient.OperationalIntentParams(List.of(at(lat)), "Accepted", key, "http://node.example", null, true, false);
  }

  @Test
  void a_write_returns_the_reference_with_its_ovn_the_subscribers_and_the_receipt() {
    UUID id = UUID.randomUUID();
    Written<OperationalIntentRef> w = client("A").putOperationalIntent(id, null, params(1, List.of()));
    assertThat(w.value().id()).isEqualTo(id);
    assertThat(w.value().manager()).isEqualTo("A");
    assertThat(w.value().ovnKnown()).isTrue();
    assertThat(w.value().timeStart()).isEqualTo(T0);
    assertThat(w.receipt()).isNotNull();
    assertThat(client("B").getOperationalIntent(id).ovn()).isEqualTo(OperationalIntentRef.OVN_HIDDEN);
    assertThat(client("B").queryOperationalIntents(at(1))).extracting(OperationalIntentRef::id).contains(id);
    Written<OperationalIntentRef> d = client("A").deleteOperationalIntent(id, w.value().ovn());
    assertThat(d.receipt()).isNotNull();
  }

  @Test
  void a_missing_key_is_a_key_conflict_naming_the_references() {
    Written<OperationalIntentRef> a = client("A").putOperationalIntent(UUID.randomUUID(), null, params(2, List.of()));
    KeyConflictException k = catchThrowableOfType(KeyConflictException.class,
        () -> client("B").putOperationalIntent(UUID.randomUUID(), null, params(2, List.of())));
    assertThat(k.status()).isEqualTo(409);
    assertThat(k.missingOperationalIntents()).extracting(OperationalIntentRef::id).containsExactly(a.value().id());
    assertThat(client("B").putOperationalIntent(UUID.randomUUID(), null, params(2, List.of(a.value().ovn()))).value().version())
        .isEqualTo(1);
  }

  @Test
  void subscriptions_round_trip_and_an_unbounded_query_area_is_accepted() {
    UUID id = UUID.randomUUID();
    Written<SubscriptionRef> s = client("A").putSubscription(id, null, new HubClient.SubscriptionParams(at(3), "http://node.example", true, false));
    assertThat(s.value().notificationIndex()).isZero();
    assertThat(s.receipt()).isNotNull();
    Volume4D open = new Volume4D(new Circle(new LatLng(3, 1), 500), AltitudeBand.ANY, TimeWindow.ALWAYS);
    assertThat(client("A").querySubscriptions(open)).extracting(SubscriptionRef::id).contains(id);
    Written<OperationalIntentRef> w = client("B").putOperationalIntent(UUID.randomUUID(), null, params(3, List.of()));
    assertThat(w.subscribers()).anySatisfy(x -> {
      assertThat(x.ussBaseUrl()).isEqualTo("http://node.example");
      assertThat(x.subscriptions()).contains(new Subscriber.State(id, 1));
    });
    client("A").deleteSubscription(id, s.value().version());
  }

  @Test
  void refusals_name_the_status_and_the_hubs_message() {
    ServiceException e = catchThrowableOfType(ServiceException.class, () -> client("A").getOperationalIntent(UUID.randomUUID()));
    assertThat(e.status()).isEqualTo(404);
    assertThat(e.getMessage()).contains("GET " + url).contains("not found");
    assertThatThrownBy(() -> new HubClient(URI.create("http://127.0.0.1:1"), TokenProvider.fixed("x")).getOperationalIntent(UUID.randomUUID()))
        .isInstanceOf(ServiceException.class).hasMessageContaining("no answer")
        .satisfies(x -> assertThat(((ServiceException) x).status()).isZero());
  }

  @Test
  void reports_are_filed_with_an_id_and_a_ledger_receipt() {
    var r = org.liaison.deconfliction.ErrorReportCases.minimal();
    assertThat(client("A").report(r)).isNotBlank();
    Written<String> w = client("A").fileReport(r);
    assertThat(w.value()).isNotBlank();
    assertThat(w.receipt()).as("the hub's report.filed entry").isNotNull();
  }

  @Test
  void an_incomplete_report_is_refused_naming_the_field() {
    var r = org.liaison.http.Json.MAPPER.createObjectNode();
    r.putObject("exchange").put("url", "http://x").put("method", "POST").put("recorder_role", "Client");
    assertThatThrownBy(() -> client("A").report(r)).isInstanceOf(ServiceException.class)
        .hasMessageContaining("400").hasMessageContaining("exchange.request_time is missing");
  }

  @Test
  void tokens_carry_the_party_and_localhost_as_audience_for_loopback() {
    assertThat(TokenProvider.audienceOf(URI.create("http://127.0.0.1:9"))).isEqualTo("localhost");
    assertThat(TokenProvider.audienceOf(URI.create("https://hub.example.org/x"))).isEqualTo("hub.example.org");
  }
}
