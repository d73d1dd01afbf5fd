package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.TokenProvider;
import org.liaison.http.Json;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;

class WitnessLoopTest {
  @Test
  void the_node_cosigns_each_new_checkpoint_after_proving_it_consistent(@TempDir Path dir) throws Exception {
    try (Hub hub = Hub.start(new HubOptions("w", "127.0.0.1", 0, dir.resolve("hub"), null, "localhost", List.of(), null,
        true, true), Clock.systemUTC())) {
      URI uri = URI.create("http://127.0.0.1:" + hub.port());
      Files.createDirectories(dir.resolve("node"));
      WitnessLoop w = new WitnessLoop("blue", uri,
          TokenProvider.devAuth(uri, "blue", WitnessLoop.SCOPES, Clock.systemUTC()), dir.resolve("node"), Clock.systemUTC());

      hub.airspace().saveReport("0b8f2c3e-1d2a-4c5b-8e9f-1a2b3c4d5e6f", "red", "{\"exchange\":{}}");
      hub.ledger().sequence();
      long first = w.step();
      assertThat(first).isPositive();

      hub.airspace().saveReport("1c9f3d4e-2e3b-4d6c-9f0a-2b3c4d5e6f70", "red", "{\"exchange\":{}}");
      hub.ledger().sequence();
      long second = w.step();
      assertThat(second).isGreaterThan(first);

      JsonNode cp = checkpoint(uri, hub);
      assertThat(cp.path("cosigned_tree_size").asLong()).isEqualTo(second);
      assertThat(cp.path("cosigned_by").toString()).contains("blue");
      assertThat(Files.readString(dir.resolve("node/witness-last-checkpoint.txt"))).contains("\n" + second + "\n");
      // A restarted witness resumes from what it cosigned (its re-registration is itself a new
      // entry, so it proves consistency from there), and the pinned hub key still matches.
      WitnessLoop again = new WitnessLoop("blue", uri,
          TokenProvider.devAuth(uri, "blue", WitnessLoop.SCOPES, Clock.systemUTC()), dir.resolve("node"), Clock.systemUTC());
      assertThat(again.step()).isGreaterThanOrEqualTo(second);
    }
  }

  private static JsonNode checkpoint(URI uri, Hub hub) throws Exception {
    String token = hub.devAuthority().mint("reader", List.of("liaison.ledger.read"), "localhost", "t", Duration.ofMinutes(5));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve("/liaison/v1/ledger/checkpoint"))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }
}
