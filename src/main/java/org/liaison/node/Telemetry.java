package org.liaison.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;
import org.liaison.astm.Wire;
import org.liaison.json.ObjectView;

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

  /** Reads a {@code VehicleTelemetry}; {@code needPosition} for operators' reports. */
  static Telemetry parse(ObjectView n, boolean needPosition) {
    n.required("time_measured");
    Instant t = Wire.readTime(n.node(), "time_measured", n.path());
    ObjectNode doc = n.node().deepCopy();
    doc.retain("time_measured", "position", "velocity");
    // The spec wants UTC ('Z'); an offset the reporter used is converted.
    ((ObjectNode) doc.get("time_measured")).put("value", t.toString()).put("format", "RFC3339");
    ((ObjectNode) doc.get("time_measured")).retain("value", "format");
    Double lat = null;
    Double lng = null;
    if (n.has("position")) {
      ObjectView pos = n.obj("position");
      if (needPosition || pos.has("latitude") || pos.has("longitude")) {
        lat = pos.number("latitude", -90, 90);
        lng = pos.number("longitude", -180, 180);
      }
      if (pos.has("altitude")) {
        ObjectView a = pos.obj("altitude");
        double v = a.number("value");
        if (v < -8000 || v > 100_000) {
          throw a.refuse("value", v + " m is outside [-8000, 100000]");
        }
        a.oneOf("reference", Set.of("W84"));
        a.oneOf("units", Set.of("M"));
      }
      if (pos.has("accuracy_h")) {
        pos.oneOf("accuracy_h", ACCURACY_H);
      }
      if (pos.has("accuracy_v")) {
        pos.oneOf("accuracy_v", ACCURACY_V);
      }
      pos.bool("extrapolated", false);
      ((ObjectNode) doc.get("position")).retain("latitude", "longitude", "altitude", "accuracy_h", "accuracy_v",
          "extrapolated");
    } else if (needPosition) {
      throw n.refuse("position", "is missing: a position report needs latitude and longitude");
    }
    if (n.has("velocity")) {
      ObjectView v = n.obj("velocity");
      double speed = v.number("speed");
      if (speed < 0) {
        throw v.refuse("speed", speed + " is negative");
      }
      v.oneOf("units_speed", Set.of("MetersPerSecond"));
      if (v.has("track")) {
        v.number("track", 0, 360);
      }
      ((ObjectNode) doc.get("velocity")).retain("speed", "units_speed", "track");
    }
    return new Telemetry(t, lat, lng, doc);
  }
}
