package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.node.Cluster.plan;
import static org.liaison.node.Cluster.volume;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.HubClient;
import org.liaison.client.NodeClient;
import org.liaison.client.OperationalIntent;
import org.liaison.client.PeerClient;
import org.liaison.client.TokenProvider;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

/** A restarted node loses no plan and no notification that was still being retried. */
class NodeRestartTest {
  @TempDir Path dir;

  @Test
  void plans_and_pending_notifications_survive_a_restart() throws Exception {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(15));
    try (Cluster cluster = new Cluster(dir)) {
      // C watches the area from a port where nothing listens yet.
      int cPort;
      try (ServerSocket s = new ServerSocket(0)) {
        cPort = s.getLocalPort();
      }
      String cUrl = "http://127.0.0.1:" + cPort;
      HubClient cHub = new HubClient(cluster.hubUrl, TokenProvider.devAuth(cluster.hubUrl, "C", TokenProvider.NODE_SCOPES, Clock.systemUTC()));
      cHub.putSubscription(UUID.randomUUID(), null, new HubClient.SubscriptionParams(
          new Volume4D(new Circle(new LatLng(30, 30), 5000), new AltitudeBand(0, 1000), new TimeWindow(t0, t0.plus(Duration.ofHours(1)))),
          cUrl, true, false));

      NodeOptions aOptions = NodeOptions.dev("A", cluster.hubUrl, 0, dir.resolve("A"));
      Node a = cluster.node(aOptions);
      int aPort = a.port();
      NodeClient.Answer r = Cluster.client(a).submit(plan(0, "kept across restarts",
          volume(30, 30, 500, 0, 100, t0, t0.plus(Duration.ofMinutes(20)))));
      assertThat(r.status()).isEqualTo(201);
      UUID id = UUID.fromString(r.body().path("plan").path("id").asText());
      String ovn = r.body().path("plan").path("reference").path("ovn").asText();
      long delivery = r.body().path("notifications").get(0).asLong();
      Cluster.await(Duration.ofSeconds(5), "a failed first attempt", () -> a.store.delivery(delivery).attempts() >= 1);
      assertThat(a.store.delivery(delivery).status()).isEqualTo(NodeStore.Status.pending);
      assertThat(a.store.delivery(delivery).lastError()).contains("no answer");

      a.close();
      cluster.nodes.remove(a);
      Node a2 = cluster.node(aOptions.withPort(aPort));
      assertThat(a2.baseUrl()).isEqualTo(a.baseUrl());

      // The plan is still served to peers, with the same OVN, and to the operator with its purpose.
      PeerClient peer = new PeerClient(TokenProvider.fixed(cluster.token("B", "utm.strategic_coordination")));
      OperationalIntent oi = peer.operationalIntent(a2.baseUrl(), id).join();
      assertThat(oi.reference().ovn()).isEqualTo(ovn);
      assertThat(Cluster.client(a2).plan(id).body().path("purpose").asText()).isEqualTo("kept across restarts");

      // C's node comes up; the restarted notifier delivers what was pending.
      Node c = cluster.node(NodeOptions.dev("C", cluster.hubUrl, cPort, dir.resolve("C")));
      assertThat(c.baseUrl()).isEqualTo(cUrl);
      Cluster.await(Duration.ofSeconds(15), "the pending notification delivered",
          () -> a2.store.delivery(delivery).status() == NodeStore.Status.delivered);
      assertThat(Cluster.client(c).picture().body().path("others").toString()).contains(id.toString());
      assertThat(Cluster.client(a2).notifications("delivered").body().path("notifications").toString()).contains(c.baseUrl());
    }
  }
}
