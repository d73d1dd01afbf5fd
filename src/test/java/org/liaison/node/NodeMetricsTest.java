package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.node.Cluster.plan;
import static org.liaison.node.Cluster.volume;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.HubClient;
import org.liaison.client.TokenProvider;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

/** A node's /metrics counts the notifications it could not deliver. */
class NodeMetricsTest {
  @TempDir Path dir;

  @Test
  void a_notification_nobody_answers_counts_a_retried_attempt_then_a_failure() throws Exception {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(15));
    try (Cluster cluster = new Cluster(dir)) {
      int deadPort;
      try (ServerSocket s = new ServerSocket(0)) {
        deadPort = s.getLocalPort();
      }
      HubClient c = new HubClient(cluster.hubUrl, TokenProvider.devAuth(cluster.hubUrl, "C", TokenProvider.NODE_SCOPES, Clock.systemUTC()));
      c.putSubscription(UUID.randomUUID(), null, new HubClient.SubscriptionParams(
          new Volume4D(new Circle(new LatLng(40, 40), 5000), new AltitudeBand(0, 1000), new TimeWindow(t0, t0.plus(Duration.ofHours(1)))),
          "http://127.0.0.1:" + deadPort, true, false));
      Node a = cluster.node(NodeOptions.dev("A", cluster.hubUrl, 0, dir.resolve("A"))
          .withNotifier(2, Duration.ofMillis(100), Duration.ofMillis(100)));
      assertThat(Cluster.client(a).submit(plan(0, "watched by a dead node",
          volume(40, 40, 500, 0, 100, t0, t0.plus(Duration.ofMinutes(20))))).status()).isEqualTo(201);

      Cluster.await(Duration.ofSeconds(20), "the notification given up and counted",
          () -> value(scrape(a), "liaison_node_notifications_total{outcome=\"failed\"}") == 1);
      assertThat(a.store.deliveries(NodeStore.Status.failed, 10)).hasSize(1);
      String text = scrape(a);
      assertThat(value(text, "liaison_node_notification_attempt_failures_total")).isEqualTo(1);
      assertThat(value(text, "liaison_node_notifications_total{outcome=\"failed\"}")).isEqualTo(1);
      assertThat(value(text, "liaison_node_notifications_total{outcome=\"delivered\"}")).isZero();
      assertThat(value(text, "liaison_node_notifications_pending")).isZero();
      assertThat(text).contains("http_server_requests_seconds_count{method=\"POST\",route=\"/liaison/v1/plans\",status=\"201\"}",
          "hikaricp_connections_active{pool=\"liaison-sqlite\"}");
    }
  }

  private static String scrape(Node n) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(n.baseUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      return r.body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static double value(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    if (!m.find()) {
      throw new AssertionError("no series " + series + " in\n" + scrape);
    }
    return Double.parseDouble(m.group(1));
  }
}
