package org.liaison.agreements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Outline;
import org.liaison.geo.Polygon;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;
import org.liaison.http.Json;

/**
 * Volumes as the ledger records a notice's extents (the ASTM volume form), read back; and the
 * buffer test between two parties' volumes.
 */
final class Volumes {
  private Volumes() {}

  /** The {@code extents} of a {@code notice.create} ledger entry. */
  static List<Volume4D> ofEntry(JsonNode entry) {
    List<Volume4D> out = new ArrayList<>();
    for (JsonNode v : entry.path("extents")) {
      JsonNode vol = v.get("volume");
      Outline outline;
      if (vol.has("outline_circle")) {
        JsonNode c = vol.get("outline_circle");
        outline = new Circle(new LatLng(c.at("/center/lat").asDouble(), c.at("/center/lng").asDouble()),
            c.at("/radius/value").asDouble());
      } else {
        List<LatLng> vs = new ArrayList<>();
        vol.at("/outline_polygon/vertices").forEach(p -> vs.add(new LatLng(p.get("lat").asDouble(), p.get("lng").asDouble())));
        outline = Polygon.of(vs);
      }
      double lower = vol.has("altitude_lower") ? vol.at("/altitude_lower/value").asDouble() : Double.NEGATIVE_INFINITY;
      double upper = vol.has("altitude_upper") ? vol.at("/altitude_upper/value").asDouble() : Double.POSITIVE_INFINITY;
      out.add(new Volume4D(outline, new AltitudeBand(lower, upper), new TimeWindow(
          Instant.parse(v.at("/time_start/value").asText()), Instant.parse(v.at("/time_end/value").asText()))));
    }
    return out;
  }

  /** True when some volume of each comes within the buffers of the other at overlapping times. */
  static boolean within(List<Volume4D> a, List<Volume4D> b, double horizontalM, double verticalM) {
    for (Volume4D x : a) {
      for (Volume4D y : b) {
        if (x.time().overlaps(y.time()) && x.altitude().gap(y.altitude()) <= verticalM
            && x.outline().distanceMeters(y.outline()) <= horizontalM) {
          return true;
        }
      }
    }
    return false;
  }

  static Instant start(List<Volume4D> vs) {
    return vs.stream().map(v -> v.time().start()).min(Instant::compareTo).orElseThrow();
  }

  static Instant end(List<Volume4D> vs) {
    return vs.stream().map(v -> v.time().end()).max(Instant::compareTo).orElseThrow();
  }

  /** A circle that covers the outline: its anchor and farthest point, for the notice areas of an agreement. */
  static double[] cap(Outline o) {
    if (o instanceof Circle c) {
      return new double[] {c.center().lat(), c.center().lng(), c.radiusM()};
    }
    LatLng a = o.anchor();
    double r = 0;
    for (LatLng p : ((Polygon) o).vertices()) {
      r = Math.max(r, Strictest.metres(a.lat(), a.lng(), p.lat(), p.lng()));
    }
    return new double[] {a.lat(), a.lng(), r};
  }

  /** The outline in the ASTM form the phrasebook's {@code area} parameter takes. */
  static ObjectNode area(Outline o) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    if (o instanceof Circle c) {
      ObjectNode oc = n.putObject("outline_circle");
      oc.putObject("center").put("lat", c.center().lat()).put("lng", c.center().lng());
      oc.putObject("radius").put("value", c.radiusM()).put("units", "M");
    } else {
      var vs = n.putObject("outline_polygon").putArray("vertices");
      ((Polygon) o).vertices().forEach(p -> vs.addObject().put("lat", p.lat()).put("lng", p.lng()));
    }
    return n;
  }
}
