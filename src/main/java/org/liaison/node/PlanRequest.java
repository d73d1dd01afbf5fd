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
import org.liaison.client.Fields;
import org.liaison.astm.Wire;
import org.liaison.errors.ApiException;
import org.liaison.geo.Volume4D;

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

    static Limits parse(JsonNode n, String path) {
      if (n.isBoolean()) {
        return n.booleanValue() ? DEFAULT : null;
      }
      Fields.object(n, path);
      Set<String> known = Set.of("max_delay_s", "max_advance_s", "max_climb_m", "max_descent_m",
          "min_altitude_m", "max_altitude_m", "step_s", "step_m");
      n.fieldNames().forEachRemaining(f -> {
        if (!known.contains(f)) {
          throw ApiException.badRequest("%s.%s is not a limit; use one of %s", path, f, String.join(", ", new java.util.TreeSet<>(known)));
        }
      });
      Limits d = DEFAULT;
      return new Limits(
          seconds(n, "max_delay_s", path, d.maxDelay(), 7 * 86_400),
          seconds(n, "max_advance_s", path, d.maxAdvance(), 7 * 86_400),
          metres(n, "max_climb_m", path, d.maxClimbM()),
          metres(n, "max_descent_m", path, d.maxDescentM()),
          Fields.present(n, "min_altitude_m") ? Fields.number(n, "min_altitude_m", path) : d.minAltitudeM(),
          Fields.present(n, "max_altitude_m") ? Fields.number(n, "max_altitude_m", path) : d.maxAltitudeM(),
          positiveSeconds(n, "step_s", path, d.step()),
          Fields.present(n, "step_m") ? nonNegative(n, "step_m", path) : d.stepM());
    }

    private static Duration seconds(JsonNode n, String f, String path, Duration dflt, long max) {
      if (!Fields.present(n, f)) {
        return dflt;
      }
      double s = nonNegative(n, f, path);
      if (s > max) {
        throw ApiException.badRequest("%s.%s %s is more than %d s", path, f, s, max);
      }
      return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static Duration positiveSeconds(JsonNode n, String f, String path, Duration dflt) {
      Duration d = seconds(n, f, path, dflt, 86_400);
      if (d.isZero()) {
        throw ApiException.badRequest("%s.%s must be more than 0", path, f);
      }
      return d;
    }

    private static double metres(JsonNode n, String f, String path, double dflt) {
      if (!Fields.present(n, f)) {
        return dflt;
      }
      double m = nonNegative(n, f, path);
      if (m > 100_000) {
        throw ApiException.badRequest("%s.%s %s m is more than 100 km", path, f, m);
      }
      return m;
    }

    private static double nonNegative(JsonNode n, String f, String path) {
      double v = Fields.number(n, f, path);
      if (v < 0) {
        throw ApiException.badRequest("%s.%s %s must not be negative", path, f, v);
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

  static PlanRequest parse(JsonNode body, Instant now) {
    Fields.object(body, "");
    body.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) {
        throw ApiException.badRequest("%s is not a plan field; use one of %s", f, String.join(", ", new java.util.TreeSet<>(FIELDS)));
      }
    });
    UUID id = Fields.present(body, "id") ? Fields.uuid(body, "id", "") : null;
    List<Volume4D> volumes = volumes(body, "volumes", now, true);
    List<Volume4D> off = volumes(body, "off_nominal_volumes", now, false);
    if (!off.isEmpty()) {
      throw ApiException.badRequest("off_nominal_volumes must be empty: a plan is Accepted or Activated, which have none");
    }
    long priority = Fields.present(body, "priority") ? Fields.integer(body, "priority", "") : 0;
    if (priority < Integer.MIN_VALUE || priority > Integer.MAX_VALUE) {
      throw ApiException.badRequest("priority %d is out of the 32-bit range", priority);
    }
    String purpose = Fields.present(body, "purpose") ? Fields.text(body, "purpose", "") : "";
    if (purpose.length() > MAX_PURPOSE) {
      throw ApiException.badRequest("purpose is %d characters long; at most %d are kept", purpose.length(), MAX_PURPOSE);
    }
    Limits limits = Fields.present(body, "suggest") ? Limits.parse(body.get("suggest"), "suggest") : null;
    String take = Fields.optionalText(body, "take", "");
    if (take != null && !take.equals("time") && !take.equals("altitude")) {
      throw ApiException.badRequest("take \"%s\" is not \"time\" or \"altitude\"", Fields.truncate(take));
    }
    if (take != null && limits == null) {
      limits = Limits.DEFAULT;
    }
    return new PlanRequest(id, volumes, off, priority, purpose, limits, take);
  }

  private static List<Volume4D> volumes(JsonNode body, String field, Instant now, boolean required) {
    if (!required && !Fields.present(body, field)) {
      return List.of();
    }
    var arr = Fields.array(body, field, "");
    if (required && arr.isEmpty()) {
      throw ApiException.badRequest("%s must hold at least one volume", field);
    }
    if (arr.size() > 100) {
      throw ApiException.badRequest("%s holds %d volumes; at most 100 are accepted", field, arr.size());
    }
    List<Volume4D> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      String p = field + "[" + i + "]";
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
