package org.liaison.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.liaison.client.NodeClient;
import org.liaison.astm.Wire;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

/**
 * The day's contingency: one party's aircraft loses its way, its node declares the operation
 * Contingent and reports positions, and another party's node, watching the area, follows the
 * track. Both nodes put the first request and the first answer on the hub's ledger.
 *
 * <p>The operation flies away from the day's hotspots, and the watching party plans first, just
 * clear of it in time, so that its watch covers the flight: the point is the telemetry, not a
 * conflict.
 */
final class Contingency {
  /** Positions reported after the declaration, one a simulated minute. */
  static final int POSITIONS = 5;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Scenario.EventSpec spec;
  private final Map<String, NodeClient> clients;
  private final Function<String, Instant> at;
  private final UUID id;
  private final LatLng where;
  private int reported;
  private int followed;
  private String refused;

  Contingency(Scenario scenario, Scenario.EventSpec spec, Map<String, NodeClient> clients, Function<String, Instant> at) {
    if (spec.warn() == null || !clients.containsKey(spec.warn()) || !clients.containsKey(spec.party())) {
      throw new IllegalArgumentException("contingency at " + spec.at() + ": party and warn must name two parties");
    }
    this.spec = spec;
    this.clients = clients;
    this.at = at;
    this.id = Day.uuid(new Random(scenario.seed() * 31 + 11));
    Scenario.Region r = scenario.region();
    // Inside the region, a tenth of the way in from its south-west corner: far from the hotspots.
    this.where = new LatLng(r.south() + (r.north() - r.south()) / 10, r.west() + (r.east() - r.west()) / 10);
  }

  /** The steps: plan and activate, declare Contingent, report positions, end. */
  List<Map.Entry<Instant, Demo.Action>> steps(Progress progress, java.util.function.Supplier<Instant> now) {
    Instant t = at.apply(spec.at());
    List<Map.Entry<Instant, Demo.Action>> out = new ArrayList<>();
    out.add(Map.entry(t, () -> plan(progress, now.get())));
    out.add(Map.entry(t.plus(Duration.ofMinutes(5)), () -> declare(progress, now.get())));
    for (int k = 1; k <= POSITIONS; k++) {
      int step = k;
      out.add(Map.entry(t.plus(Duration.ofMinutes(5 + k)), () -> report(progress, now.get(), step)));
    }
    out.add(Map.entry(t.plus(Duration.ofMinutes(6 + POSITIONS)), () -> end(progress, now.get())));
    return out;
  }

  private Volume4D volume(Instant start, long minutes) {
    return new Volume4D(new Circle(where, 3000), new AltitudeBand(150, 1200),
        new TimeWindow(start, start.plus(Duration.ofMinutes(minutes))));
  }

  private static ObjectNode body(UUID id, Volume4D v, String purpose) {
    ObjectNode b = JSON.objectNode();
    if (id != null) {
      b.put("id", id.toString());
    }
    b.putArray("volumes").add(Wire.volume(v));
    b.put("priority", 0);
    b.put("purpose", purpose);
    return b;
  }

  private void plan(Progress progress, Instant now) {
    // The watcher's flight comes 8 minutes after this one ends: clear of the 5-minute time buffer,
    // inside its watch's margin.
    NodeClient.Answer w = clients.get(spec.warn()).submit(body(null, volume(now.plus(Duration.ofMinutes(40)), 30),
        "survey after the medical flight"));
    NodeClient.Answer p = clients.get(spec.party()).submit(body(id, volume(now.plus(Duration.ofMinutes(2)), 30),
        "medical evacuation flight"));
    if (!w.ok() || !p.ok() || !clients.get(spec.party()).lifecycle(id, "activate").ok()) {
      refused = "planning refused: " + w.body().path("message").asText() + " / " + p.body().path("message").asText();
      progress.event(now, "contingency: " + refused);
    }
  }

  private void declare(Progress progress, Instant now) throws InterruptedException {
    if (refused != null) {
      return;
    }
    NodeClient.Answer a = clients.get(spec.party()).lifecycle(id, "contingent");
    if (!a.ok()) {
      refused = "Contingent refused: " + a.body().path("message").asText();
      return;
    }
    progress.event(now, String.format("contingency: %s declares operation %s Contingent%s", spec.party(),
        id.toString().substring(0, 8), spec.text() == null ? "" : " (" + spec.text() + ")"));
    report(progress, now, 0);
  }

  /** Reports the aircraft's position, drifting north-east out of its volume, and waits for the watcher to have it. */
  private void report(Progress progress, Instant now, int k) throws InterruptedException {
    if (refused != null) {
      return;
    }
    double lat = where.lat() + 0.012 * k;
    double lng = where.lng() + 0.016 * k;
    ObjectNode t = JSON.objectNode();
    t.putObject("time_measured").put("value", now.toString()).put("format", "RFC3339");
    ObjectNode pos = t.putObject("position").put("latitude", lat).put("longitude", lng);
    pos.putObject("altitude").put("value", 900 - 60 * k).put("reference", "W84").put("units", "M");
    t.putObject("velocity").put("speed", 38.0).put("units_speed", "MetersPerSecond").put("track", 53);
    if (!clients.get(spec.party()).telemetry(id, t).ok()) {
      return;
    }
    reported++;
    // The watcher's node asks at the opportunities the reporting node gives; wait (real time) until
    // it has this position, so the day shows the track as it was followed.
    long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    while (System.nanoTime() < deadline) {
      int held = held();
      if (held > followed) {
        followed = held;
        if (k == POSITIONS) {
          progress.event(now, String.format("telemetry: %s's node followed %d positions of %s's aircraft",
              spec.warn(), followed, spec.party()));
        }
        return;
      }
      Thread.sleep(50);
    }
  }

  private int held() {
    for (JsonNode track : clients.get(spec.warn()).call("GET", "/liaison/v1/telemetry", null).body().path("tracks")) {
      if (track.path("id").asText().equals(id.toString())) {
        return track.path("positions").size();
      }
    }
    return 0;
  }

  private void end(Progress progress, Instant now) {
    if (refused == null) {
      clients.get(spec.party()).lifecycle(id, "end");
    }
  }

  /** The checks: the watcher followed the track, and both first moments are on the ledger. */
  List<Demo.Check> checks() {
    List<Demo.Check> out = new ArrayList<>();
    int held = refused == null ? held() : 0;
    out.add(new Demo.Check("a contingency's telemetry reached another party", refused == null && held >= 2,
        refused != null ? refused : String.format("%s reported %d positions of operation %s; %s's node holds %d",
            spec.party(), reported, id.toString().substring(0, 8), spec.warn(), held)));
    JsonNode requests = clients.get(spec.party()).call("GET", "/liaison/v1/plans/" + id + "/telemetry", null)
        .body().path("requests");
    int filed = 0;
    for (JsonNode r : requests) {
      if (r.path("peer").asText().equals(spec.warn()) && r.path("hub_report").asText().contains("report_id")) {
        filed++;
      }
    }
    out.add(new Demo.Check("first telemetry request and answer on the ledger", filed == 2,
        filed + " of 2 moments (first requested, first served) filed at the hub by " + spec.party() + "'s node"));
    return out;
  }
}
