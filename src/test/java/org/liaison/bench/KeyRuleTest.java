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
 * Issues #3 and #17, "correctness is not traded": runs the hot spot and the dense area briefly
 * against an embedded hub, then replays the ledger in commit order and checks that every accepted
 * create presented the current OVN of every overlapping notice live at that point, though the
 * clients built their keys from the shared map of what they know instead of a query.
 */
class KeyRuleTest {
  private static final int MIN_CREATES = 60;

  /** How a scenario's clients are made, given the client count and the log of accepted writes. */
  @FunctionalInterface
  private interface Scenario {
    Runner.Clients make(Target target, int clients, Scenarios.WriteLog log);
  }

  /** What a run left: the replay's counts, and every accepted create's volumes. */
  private record Replayed(int creates, int overlapsChecked, List<List<Volume4D>> volumes, List<JsonNode> extents) {}

  /** A notice live in the replay: the hash of its OVN and its volumes. */
  private record Live(String ovnSha256, List<Volume4D> volumes) {}

  @Test
  void hotspot_every_accepted_create_held_the_ovn_of_every_overlapping_notice_committed_before_it(@TempDir Path dir)
      throws Exception {
    Replayed r = run(dir, Scenarios::hotspot);
    // Every notice overlaps every other: the check means something only if the run really was a hot spot.
    assertThat(r.overlapsChecked()).as("overlapping pairs checked").isGreaterThan(r.creates());
    for (int i = 0; i < Math.min(200, r.volumes().size()); i++) {
      for (int j = 0; j < i; j++) {
        assertThat(overlaps(r.volumes().get(i), r.volumes().get(j))).as("hot spot notices %d and %d overlap", i, j).isTrue();
      }
    }
  }

  @Test
  void dense_every_accepted_create_held_the_ovn_of_every_overlapping_notice_and_lies_in_the_area_and_day(
      @TempDir Path dir) throws Exception {
    Instant before = Instant.now();
    Replayed r = run(dir, Scenarios::dense);
    Instant after = Instant.now();
    assertThat(r.overlapsChecked()).as("overlapping pairs checked: some dense notices overlap").isPositive();
    Scenarios.DenseArea earliest = Scenarios.denseArea(before);
    Scenarios.DenseArea latest = Scenarios.denseArea(after);
    for (JsonNode v : r.extents()) {
      JsonNode c = v.path("volume").path("outline_circle");
      Instant start = Instant.parse(v.path("time_start").path("value").asText());
      Instant end = Instant.parse(v.path("time_end").path("value").asText());
      Payloads.Volume p = new Payloads.Volume(c.path("center").path("lat").asDouble(), c.path("center").path("lng").asDouble(),
          c.path("radius").path("value").asDouble(), v.path("volume").path("altitude_lower").path("value").asDouble(),
          v.path("volume").path("altitude_upper").path("value").asDouble(), start, end);
      assertThat(Duration.between(start, end)).as("window of %s", v).isEqualTo(Duration.ofMinutes(15));
      // The day starts a minute after the scenario was made: somewhere between these two.
      assertThat(new Scenarios.DenseArea(earliest.lat(), earliest.lng(), earliest.sideM(), earliest.from(), latest.to())
          .holds(p)).as("inside the 1 km² square, 0–120 m and the next 24 h: %s", v).isTrue();
    }
    // The area really is 1 km²: a notice just outside it is refused by the same check.
    Payloads.Volume inside = Scenarios.denseNotice(earliest, new java.util.SplittableRandom(1));
    assertThat(earliest.holds(inside)).isTrue();
    assertThat(earliest.holds(new Payloads.Volume(earliest.lat() + Payloads.dLat(1_000), inside.lng(), 100, 0, 120,
        inside.start(), inside.end()))).isFalse();
  }

  @Test
  void the_shared_map_keys_every_notice_that_overlaps_and_no_far_one() {
    Scenarios.Known known = new Scenarios.Known();
    Instant t = Instant.parse("2030-01-01T00:00:00Z");
    Payloads.Volume a = new Payloads.Volume(61, 10, 100, 0, 120, t, t.plusSeconds(900));
    known.created("near", "ovn-near", new Payloads.Volume(61 + Payloads.dLat(190), 10, 100, 0, 120, t.plusSeconds(899), t.plusSeconds(1800)));
    known.created("far", "ovn-far", new Payloads.Volume(61 + Payloads.dLat(400), 10, 100, 0, 120, t, t.plusSeconds(900)));
    known.created("later", "ovn-later", new Payloads.Volume(61, 10, 100, 0, 120, t.plusSeconds(901), t.plusSeconds(1800)));
    known.created("above", "ovn-above", new Payloads.Volume(61, 10, 100, 121, 200, t, t.plusSeconds(900)));
    assertThat(known.key(a)).containsExactly("ovn-near");
    known.deleted("near");
    assertThat(known.key(a)).isEmpty();
    assertThat(known.size()).isEqualTo(3);
  }

  private static Replayed run(Path dir, Scenario scenario) throws Exception {
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
        Runner.Measured m = Runner.run("key rule", clients, Duration.ZERO, Duration.ofSeconds(2),
            scenario.make(target, clients, log), null);
        m.total().ops.forEach((op, f) -> f.statuses.forEach((s, n) -> statuses.add(Map.entry(op + " " + s, n))));
      }

      Ledger ledger = target.hub.ledger();
      ledger.sequence();
      Map<String, Live> live = new HashMap<>();
      List<List<Volume4D>> all = new ArrayList<>();
      List<JsonNode> extents = new ArrayList<>();
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
          Set<String> presented = key.stream().map(KeyRuleTest::sha256).collect(Collectors.toSet());
          List<Volume4D> volumes = volumes(e.path("extents"));
          all.add(volumes);
          e.path("extents").forEach(extents::add);
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
      assertThat(creates).as("accepted creates; statuses %s", statuses).isGreaterThanOrEqualTo(MIN_CREATES);
      return new Replayed(creates, overlapsChecked, all, extents);
    }
  }

  private static List<Volume4D> volumes(JsonNode extents) {
    List<Volume4D> out = new ArrayList<>();
    for (JsonNode v : extents) {
      JsonNode c = v.path("volume").path("outline_circle");
      assertThat(c.isObject()).as("the scenarios' notices are circles: %s", v).isTrue();
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
