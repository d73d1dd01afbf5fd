package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.node.Cluster.plan;
import static org.liaison.node.Cluster.volume;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.NodeClient;
import org.liaison.hub.StreamClient;
import org.liaison.http.Capacity;
import org.liaison.http.ServerOptions;

/** The node's event streams: limited, held without threads, and released when clients vanish. */
class NodeStreamsTest {
  @TempDir Path dir;
  private final List<StreamClient> open = new ArrayList<>();

  @AfterEach
  void closeStreams() throws IOException {
    for (StreamClient c : open) {
      c.close();
    }
  }

  private StreamClient stream(Node n) throws IOException {
    StreamClient c = StreamClient.open(n.port(), "/liaison/v1/events", n.operatorToken());
    open.add(c);
    return c;
  }

  private static Node start(Cluster cluster, Capacity capacity) throws IOException {
    return cluster.node(NodeOptions.dev("A", cluster.hubUrl, 0, cluster.dir.resolve("A"))
        .withServer(ServerOptions.DEFAULTS.withCapacity(capacity)));
  }

  @Test
  void streams_past_the_limit_get_429_and_more_than_the_threads_do_not_stall_planning_or_the_peer_api()
      throws Exception {
    int n = Capacity.HTTP_THREADS + 40;
    try (Cluster cluster = new Cluster(dir)) {
      Node a = start(cluster, Capacity.DEFAULTS.withStreams(n, n));
      for (int i = 0; i < n; i++) {
        assertThat(stream(a).status).as("stream %d of %d", i + 1, n).isEqualTo(200);
      }
      StreamClient over = stream(a);
      assertThat(over.status).isEqualTo(429);
      assertThat(over.header("Retry-After")).isEqualTo("5");
      assertThat(over.read(4096)).contains("--max-streams", Integer.toString(n));

      Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(15));
      NodeClient.Answer planned = Cluster.client(a).submit(plan(0, "while streams are held",
          volume(41, 41, 500, 0, 100, t0, t0.plus(Duration.ofMinutes(20)))));
      assertThat(planned.status()).as(planned.body().toString()).isEqualTo(201);
      String id = planned.body().path("plan").path("id").asText();
      HttpResponse<String> details = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(a.baseUrl() + "/uss/v1/operational_intents/" + id))
          .header("Authorization", "Bearer " + cluster.token("B", "utm.strategic_coordination"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(details.statusCode()).as(details.body()).isEqualTo(200);
      assertThat(get(a, "/healthy").statusCode()).isEqualTo(200);
      assertThat(metric(a, "liaison_streams_open")).isEqualTo(n);

      // Every held stream hears of the plan.
      StreamClient first = open.get(0);
      StringBuilder seen = new StringBuilder();
      while (!seen.toString().contains(id)) {
        seen.append(first.read(65536)); // the socket's 30 s read timeout bounds the wait
      }
      assertThat(seen.toString()).contains("event: plan");
    }
  }

  @Test
  void streams_closed_abruptly_are_released_within_the_keep_alive_interval() throws Exception {
    Duration keepAlive = Duration.ofMillis(500);
    try (Cluster cluster = new Cluster(dir)) {
      Node a = start(cluster, Capacity.DEFAULTS.withKeepAlive(keepAlive));
      List<StreamClient> held = new ArrayList<>();
      for (int i = 0; i < Capacity.DEFAULTS.streamsPerParty(); i++) {
        StreamClient c = stream(a);
        assertThat(c.status).isEqualTo(200);
        held.add(c);
      }
      assertThat(stream(a).status).isEqualTo(429);
      for (StreamClient c : held) {
        c.abort();
      }
      Cluster.await(keepAlive.multipliedBy(2).plusSeconds(10), "the node's open-stream gauge back to zero",
          () -> metric(a, "liaison_streams_open") == 0);
      assertThat(a.events.clients()).isZero();
      assertThat(stream(a).status).as("the places are given back").isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(Node n, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(n.baseUrl() + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long metric(Node n, String series) {
    try {
      Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(get(n, "/metrics").body());
      assertThat(m.find()).as("series %s in /metrics", series).isTrue();
      return (long) Double.parseDouble(m.group(1));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
