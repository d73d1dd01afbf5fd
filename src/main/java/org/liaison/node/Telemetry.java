package org.liaison.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;
import org.liaison.client.Fields;
import org.liaison.astm.Wire;
import org.liaison.errors.ApiException;

/**
 * One ASTM F3548 {@code VehicleTelemetry}: when it was measured, where, and the document as
 * received (normalised to the fields the spec defines). A position report from the party's
 * operators must carry {@code position.latitude} and {@code position.longitude}; the spec makes
 * only {@code time_measured} required, which is how peers' answers are read.
 */
record Telemetry(Instant measured, Double lat, Double lng, ObjectNode doc) {
  private static final Set<String> ACCURACY_H = Set.of("HAUnknown", "HA10NMPlus", "HA10NM", "HA4NM", "HA2NM",
      "HA1NM", "HA05NM", "HA03NM", "HA01NM", "HA005NM", "HA30m", "HA10m", "HA3m", "HA1m");
  private static final Set<String> ACCURACY_V = Set.of("VAUnknown", "VA150mPlus", "VA150m", "VA45m", "VA25m",
      "VA10m", "VA3m", "VA1m");

  /** Reads a {@code VehicleTelemetry} at {@code path}; {@code needPosition} for operators' reports. */
  static Telemetry parse(JsonNode n, String path, boolean needPosition) {
    Fields.object(n, path);
    if (!Fields.present(n, "time_measured")) {
      throw ApiException.badRequest("%s is missing", Fields.join(path, "time_measured"));
    }
    Instant t = Wire.readTime(n, "time_measured", path);
    ObjectNode doc = Fields.object(n, path).deepCopy();
    doc.retain("time_measured", "position", "velocity");
    // The spec wants UTC ('Z'); an offset the reporter used is converted.
    ((ObjectNode) doc.get("time_measured")).put("value", t.toString()).put("format", "RFC3339");
    ((ObjectNode) doc.get("time_measured")).retain("value", "format");
    Double lat = null;
    Double lng = null;
    if (Fields.present(n, "position")) {
      String p = Fields.join(path, "position");
      JsonNode pos = Fields.object(n.get("position"), p);
      if (needPosition || Fields.present(pos, "latitude") || Fields.present(pos, "longitude")) {
        lat = range(pos, "latitude", p, 90);
        lng = range(pos, "longitude", p, 180);
      }
      if (Fields.present(pos, "altitude")) {
        JsonNode a = Fields.object(pos.get("altitude"), p + ".altitude");
        double v = Fields.number(a, "value", p + ".altitude");
        if (v < -8000 || v > 100_000) {
          throw ApiException.badRequest("%s.altitude.value %s m is outside [-8000, 100000]", p, v);
        }
        oneOf(a, "reference", p + ".altitude", Set.of("W84"));
        oneOf(a, "units", p + ".altitude", Set.of("M"));
      }
      optionalOneOf(pos, "accuracy_h", p, ACCURACY_H);
      optionalOneOf(pos, "accuracy_v", p, ACCURACY_V);
      Fields.bool(pos, "extrapolated", p, false);
      ((ObjectNode) doc.get("position")).retain("latitude", "longitude", "altitude", "accuracy_h", "accuracy_v",
          "extrapolated");
    } else if (needPosition) {
      throw ApiException.badRequest("%s is missing: a position report needs latitude and longitude",
          Fields.join(path, "position"));
    }
    if (Fields.present(n, "velocity")) {
      String p = Fields.join(path, "velocity");
      JsonNode v = Fields.object(n.get("velocity"), p);
      double speed = Fields.number(v, "speed", p);
      if (speed < 0) {
        throw ApiException.badRequest("%s.speed %s is negative", p, speed);
      }
      oneOf(v, "units_speed", p, Set.of("MetersPerSecond"));
      if (Fields.present(v, "track")) {
        double track = Fields.number(v, "track", p);
        if (track < 0 || track > 360) {
          throw ApiException.badRequest("%s.track %s is outside [0, 360]", p, track);
        }
      }
      ((ObjectNode) doc.get("velocity")).retain("speed", "units_speed", "track");
    }
    return new Telemetry(t, lat, lng, doc);
  }

  private static double range(JsonNode pos, String field, String path, double limit) {
    double d = Fields.number(pos, field, path);
    if (d < -limit || d > limit) {
      throw ApiException.badRequest("%s %s is outside [-%s, %s]", Fields.join(path, field), d, (int) limit, (int) limit);
    }
    return d;
  }

  private static void oneOf(JsonNode parent, String field, String path, Set<String> allowed) {
    String s = Fields.text(parent, field, path);
    if (!allowed.contains(s)) {
      throw ApiException.badRequest("%s \"%s\" is not one of %s", Fields.join(path, field), Fields.truncate(s),
          String.join(", ", allowed.stream().sorted().toList()));
    }
  }

  private static void optionalOneOf(JsonNode parent, String field, String path, Set<String> allowed) {
    if (Fields.present(parent, field)) {
      oneOf(parent, field, path, allowed);
    }
  }
}
