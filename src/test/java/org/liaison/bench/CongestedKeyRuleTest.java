package org.liaison.bench;

import org.liaison.proof.LogEntry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;
import org.liaison.http.Json;
import org.liaison.ledger.Ledger;

/**
 * Issue #3, "correctness is not traded": runs the congested scenario briefly against an embedded
 * hub, then replays the ledger in commit order and checks that every accepted create presented
 * the current OVN of every overlapping notice live at that point.
 */
class CongestedKeyRuleTest {
  private static final int MIN_CREATES = 60;

  /** A notice live in the replay: the hash of its OVN and its volumes. */
  private record Live(String ovnSha256, List<Volume4D> volumes) {}

  @Test
  void every_accepted_create_held_the_ovn_of_every_overlapping_notice_committed_before_it(@TempDir Path dir)
      throws Exception {
    Map<String, Collection<String>> keys = new ConcurrentHashMap<>();
    Set<String> deleted = ConcurrentHashMap.newKeySet();
    Scenarios.WriteLog log = new Scenarios.WriteLog() {
      @Override
      public void created(String id, String party, Collection<String> key) {
        keys.put(id, key);
      }

      @Override
      public void deleted(String id, String party) {
        deleted.add(id);
      }
    };
    int clients = 8;
    List<Map.Entry<String, Long>> statuses = new ArrayList<>();
    try (Target target = Target.embedded(Transport.Kind.RAW, dir)) {
      // Short rounds until enough creates were accepted: the figure that matters is a count, not a time,
      // so a slow or busy machine only takes longer. Each round ends by deleting its notices.
      for (int round = 0; round < 30 && keys.size() < MIN_CREATES; round++) {
        Runner.Measured m = Runner.run("congested", clients, Duration.ZERO, Duration.ofSeconds(2),
            Scenarios.congested(target, clients, log), null);
        m.total().ops.forEach((op, f) -> f.statuses.forEach((s, n) -> statuses.add(Map.entry(op + " " + s, n))));
      }

      Ledger ledger = target.hub.ledger();
      ledger.sequence();
      Map<String, Live> live = new HashMap<>();
      int creates = 0;
      int overlapsChecked = 0;
      for (LogEntry entry : ledger.entries(0, ledger.size())) {
        JsonNode e = Json.MAPPER.readTree(entry.entry());
        String type = e.path("type").asText();
        String id = e.path("id").asText();
        if (type.equals("notice.create")) {
          Collection<String> key = keys.get(id);
          assertThat(key).as("ledger entry %d: create of %s was never acknowledged to a client", entry.index(), id)
              .isNotNull();
          Set<String> presented = key.stream().map(CongestedKeyRuleTest::sha256).collect(Collectors.toSet());
          List<Volume4D> volumes = volumes(e.path("extents"));
          for (Map.Entry<String, Live> other : live.entrySet()) {
            if (overlaps(volumes, other.getValue().volumes())) {
              overlapsChecked++;
              assertThat(presented)
                  .as("ledger entry %d: create of %s overlaps live notice %s but its key lacks that OVN",
                      entry.index(), id, other.getKey())
                  .contains(other.getValue().ovnSha256());
            }
          }
          live.put(id, new Live(e.path("ovn_sha256").asText(), volumes));
          creates++;
        } else if (type.equals("notice.delete")) {
          assertThat(live.remove(id)).as("ledger entry %d deletes %s, which is not live", entry.index(), id).isNotNull();
        }
      }
      assertThat(creates).as("every acknowledged create is in the ledger").isEqualTo(keys.size());
      assertThat(deleted).as("clients deleted their notices at the end").hasSize(keys.size());
      assertThat(live).as("nothing is live after every notice was deleted").isEmpty();
      // The check means something only if the run really was congested.
      assertThat(creates).as("accepted creates; statuses %s", statuses).isGreaterThanOrEqualTo(MIN_CREATES);
      assertThat(overlapsChecked).as("overlapping pairs checked").isGreaterThan(creates);
    }
  }

  private static List<Volume4D> volumes(JsonNode extents) {
    List<Volume4D> out = new ArrayList<>();
    for (JsonNode v : extents) {
      JsonNode c = v.path("volume").path("outline_circle");
      assertThat(c.isObject()).as("congested notices are circles: %s", v).isTrue();
      out.add(new Volume4D(
          new Circle(new LatLng(c.path("center").path("lat").asDouble(), c.path("center").path("lng").asDouble()),
              c.path("radius").path("value").asDouble()),
          new AltitudeBand(v.path("volume").path("altitude_lower").path("value").asDouble(),
              v.path("volume").path("altitude_upper").path("value").asDouble()),
          new TimeWindow(Instant.parse(v.path("time_start").path("value").asText()),
              Instant.parse(v.path("time_end").path("value").asText()))));
    }
    return out;
  }

  private static boolean overlaps(List<Volume4D> a, List<Volume4D> b) {
    for (Volume4D x : a) {
      for (Volume4D y : b) {
        if (x.overlaps(y)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
