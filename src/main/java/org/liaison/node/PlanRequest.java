package org.liaison.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.liaison.astm.Wire;
import org.liaison.errors.ApiException;
import org.liaison.geo.Volume4D;
import org.liaison.json.ArrayView;
import org.liaison.json.ObjectView;

/**
 * A plan as the operator submits it:
 *
 * <pre>{@code
 * {"id": "…optional UUID…",
 *  "volumes": [ASTM Volume4D, …],          // each with time_start and time_end
 *  "off_nominal_volumes": [],              // optional, empty for Accepted and Activated
 *  "priority": 0,                          // optional; higher wins
 *  "purpose": "free text",                 // optional; never leaves the node
 *  "suggest": {…limits…} or true,          // optional: propose a slot if refused
 *  "take": "time" | "altitude"}            // optional: declare the proposed slot at once
 * }</pre>
 */
record PlanRequest(
    UUID id,
    List<Volume4D> volumes,
    List<Volume4D> offNominalVolumes,
    long priority,
    String purpose,
    Limits suggest,
    String take) {

  static final int MAX_PURPOSE = 10_000;
  private static final Set<String> FIELDS =
      Set.of("id", "volumes", "off_nominal_volumes", "priority", "purpose", "suggest", "take");

  /**
   * How far the slot finder may move a plan. Defaults: up to 2 h later, not earlier, up to 300 m
   * up or down, in steps of 1 s and 1 m.
   */
  record Limits(Duration maxDelay, Duration maxAdvance, double maxClimbM, double maxDescentM,
      double minAltitudeM, double maxAltitudeM, Duration step, double stepM) {
    static final Limits DEFAULT = new Limits(Duration.ofHours(2), Duration.ZERO, 300, 300,
        Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Duration.ofSeconds(1), 1);

    static Limits parse(JsonNode json, String path) {
      if (json.isBoolean()) {
        return json.booleanValue() ? DEFAULT : null;
      }
      ObjectView n = ObjectView.of(json, path);
      Set<String> known = Set.of("max_delay_s", "max_advance_s", "max_climb_m", "max_descent_m",
          "min_altitude_m", "max_altitude_m", "step_s", "step_m");
      n.node().fieldNames().forEachRemaining(f -> {
        if (!known.contains(f)) {
          throw ApiException.badRequest("%s.%s is not a limit; use one of %s", path, f, String.join(", ", new java.util.TreeSet<>(known)));
        }
      });
      Limits d = DEFAULT;
      return new Limits(
          seconds(n, "max_delay_s", d.maxDelay(), 7 * 86_400),
          seconds(n, "max_advance_s", d.maxAdvance(), 7 * 86_400),
          metres(n, "max_climb_m", d.maxClimbM()),
          metres(n, "max_descent_m", d.maxDescentM()),
          n.number("min_altitude_m", d.minAltitudeM()),
          n.number("max_altitude_m", d.maxAltitudeM()),
          positiveSeconds(n, "step_s", d.step()),
          n.has("step_m") ? nonNegative(n, "step_m") : d.stepM());
    }

    private static Duration seconds(ObjectView n, String f, Duration dflt, long max) {
      if (!n.has(f)) {
        return dflt;
      }
      double s = nonNegative(n, f);
      if (s > max) {
        throw n.refuse(f, s + " is more than " + max + " s");
      }
      return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static Duration positiveSeconds(ObjectView n, String f, Duration dflt) {
      Duration d = seconds(n, f, dflt, 86_400);
      if (d.isZero()) {
        throw n.refuse(f, "must be more than 0");
      }
      return d;
    }

    private static double metres(ObjectView n, String f, double dflt) {
      if (!n.has(f)) {
        return dflt;
      }
      double m = nonNegative(n, f);
      if (m > 100_000) {
        throw n.refuse(f, m + " m is more than 100 km");
      }
      return m;
    }

    private static double nonNegative(ObjectView n, String f) {
      double v = n.number(f);
      if (v < 0) {
        throw n.refuse(f, v + " must not be negative");
      }
      return v;
    }

    ObjectNode toJson() {
      ObjectNode n = JsonNodeFactory.instance.objectNode();
      n.put("max_delay_s", maxDelay.toMillis() / 1000.0);
      n.put("max_advance_s", maxAdvance.toMillis() / 1000.0);
      n.put("max_climb_m", maxClimbM);
      n.put("max_descent_m", maxDescentM);
      if (Double.isFinite(minAltitudeM)) {
        n.put("min_altitude_m", minAltitudeM);
      }
      if (Double.isFinite(maxAltitudeM)) {
        n.put("max_altitude_m", maxAltitudeM);
      }
      n.put("step_s", step.toMillis() / 1000.0);
      n.put("step_m", stepM);
      return n;
    }
  }

  static PlanRequest parse(JsonNode json, Instant now) {
    ObjectView body = ObjectView.of(json);
    body.node().fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) {
        throw ApiException.badRequest("%s is not a plan field; use one of %s", f, String.join(", ", new java.util.TreeSet<>(FIELDS)));
      }
    });
    UUID id = body.has("id") ? body.uuid4("id") : null;
    List<Volume4D> volumes = volumes(body, "volumes", now, true);
    List<Volume4D> off = volumes(body, "off_nominal_volumes", now, false);
    if (!off.isEmpty()) {
      throw ApiException.badRequest("off_nominal_volumes must be empty: a plan is Accepted or Activated, which have none");
    }
    long priority = body.integer("priority", Integer.MIN_VALUE, Integer.MAX_VALUE, 0);
    String purpose = body.string("purpose", "");
    if (purpose.length() > MAX_PURPOSE) {
      throw ApiException.badRequest("purpose is %d characters long; at most %d are kept", purpose.length(), MAX_PURPOSE);
    }
    Limits limits = body.has("suggest") ? Limits.parse(body.get("suggest"), body.path("suggest")) : null;
    String take = body.has("take") ? body.oneOf("take", Set.of("time", "altitude")) : null;
    if (take != null && limits == null) {
      limits = Limits.DEFAULT;
    }
    return new PlanRequest(id, volumes, off, priority, purpose, limits, take);
  }

  private static List<Volume4D> volumes(ObjectView body, String field, Instant now, boolean required) {
    if (!required && !body.has(field)) {
      return List.of();
    }
    ArrayView arr = body.array(field);
    if (required) {
      arr.notEmpty("volume");
    }
    arr.atMost(100, "volumes");
    List<Volume4D> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      String p = arr.path(i);
      Volume4D v = Wire.readVolume(arr.get(i), p);
      if (!v.time().end().isAfter(now)) {
        throw ApiException.badRequest("%s.time_end %s is not in the future", p, v.time().end());
      }
      if (!v.time().start().isBefore(v.time().end())) {
        throw ApiException.badRequest("%s.time_start %s is not before time_end %s", p, v.time().start(), v.time().end());
      }
      out.add(v);
    }
    return out;
  }

  PlanRequest withVolumes(List<Volume4D> vs) {
    return new PlanRequest(id, vs, offNominalVolumes, priority, purpose, null, null);
  }

  /** The request as JSON, ready to submit again (what a suggestion offers). */
  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    if (id != null) {
      n.put("id", id.toString());
    }
    n.set("volumes", Plan.Docs.volumes(volumes));
    n.put("priority", priority);
    n.put("purpose", purpose);
    return n;
  }
}
