package org.liaison.deconfliction;

import org.liaison.astm.Extents;
import org.liaison.astm.Times;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OiState;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.deconfliction.Models.Subscription;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Polygon;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

/**
 * The row codec: the stored JSON documents of references and of shared-log changes. Round-trips
 * exactly; never shown to clients. It is the storage format, kept apart from the ASTM wire codec
 * ({@code astm.Wire}) so either can change without the other. Today a stored volume happens to be
 * spelled as an ASTM {@code Volume4D} at full time precision, as rows written before the two were
 * separated are; a change of this format needs a migration of the stored rows.
 */
final class Docs {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Docs() {}

  static String write(ObjectNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode read(String s) {
    try {
      return MAPPER.readTree(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored document is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static ObjectNode extents(ObjectNode n, Extents e) {
    ArrayNode arr = n.putArray("extents");
    for (Volume4D v : e.volumes()) {
      arr.add(volume(v));
    }
    n.put("start_text", e.startText());
    n.put("end_text", e.endText());
    return n;
  }

  private static Extents extents(JsonNode n) {
    ArrayNode arr = (ArrayNode) n.get("extents");
    List<Volume4D> vs = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      vs.add(volume(arr.get(i)));
    }
    return new Extents(vs, n.get("start_text").asText(), n.get("end_text").asText());
  }

  /** A stored volume: its outline, the altitudes that are bounded, and its times in full. */
  static ObjectNode volume(Volume4D v) {
    ObjectNode out = JSON.objectNode();
    ObjectNode vol = out.putObject("volume");
    if (v.outline() instanceof Polygon p) {
      ArrayNode arr = vol.putObject("outline_polygon").putArray("vertices");
      for (LatLng ll : p.vertices()) {
        arr.addObject().put("lat", ll.lat()).put("lng", ll.lng());
      }
    } else {
      Circle c = (Circle) v.outline();
      ObjectNode oc = vol.putObject("outline_circle");
      oc.putObject("center").put("lat", c.center().lat()).put("lng", c.center().lng());
      oc.putObject("radius").put("value", c.radiusM()).put("units", "M");
    }
    if (Double.isFinite(v.altitude().lower())) {
      vol.putObject("altitude_lower").put("value", v.altitude().lower()).put("reference", "W84").put("units", "M");
    }
    if (Double.isFinite(v.altitude().upper())) {
      vol.putObject("altitude_upper").put("value", v.altitude().upper()).put("reference", "W84").put("units", "M");
    }
    out.putObject("time_start").put("value", v.time().start().toString()).put("format", "RFC3339");
    out.putObject("time_end").put("value", v.time().end().toString()).put("format", "RFC3339");
    return out;
  }

  /**
   * Reads a stored volume. Stored rows were validated when they were written, so nothing is
   * checked against the clock; the geometry is rebuilt through its factories as it was then.
   */
  static Volume4D volume(JsonNode n) {
    JsonNode vol = n.get("volume");
    JsonNode poly = vol.get("outline_polygon");
    org.liaison.geo.Outline outline;
    if (poly != null && !poly.isNull()) {
      JsonNode vs = poly.get("vertices");
      List<LatLng> pts = new ArrayList<>(vs.size());
      for (int i = 0; i < vs.size(); i++) {
        pts.add(point(vs.get(i), "stored.volume.outline_polygon.vertices[" + i + "]"));
      }
      outline = Polygon.of(pts, "stored.volume.outline_polygon");
    } else {
      JsonNode c = vol.get("outline_circle");
      outline = Circle.of(point(c.get("center"), "stored.volume.outline_circle.center"),
          c.get("radius").get("value").doubleValue(), "stored.volume.outline_circle");
    }
    return new Volume4D(outline,
        new AltitudeBand(altitude(vol.get("altitude_lower"), Double.NEGATIVE_INFINITY),
            altitude(vol.get("altitude_upper"), Double.POSITIVE_INFINITY)),
        new TimeWindow(instant(n.get("time_start")), instant(n.get("time_end"))));
  }

  private static LatLng point(JsonNode n, String path) {
    return LatLng.of(n.get("lat").doubleValue(), n.get("lng").doubleValue(), path);
  }

  private static double altitude(JsonNode a, double absent) {
    return a == null || a.isNull() ? absent : a.get("value").doubleValue();
  }

  /** Stored times are {@link Instant#toString()}: the plain UTC form, or a year beyond 9999. */
  private static Instant instant(JsonNode t) {
    String s = t.get("value").textValue();
    Instant fast = Times.plainUtc(s);
    return fast != null ? fast : Instant.parse(s);
  }

  static String oi(OperationalIntent oi) {
    ObjectNode n = JSON.objectNode();
    n.put("id", oi.id().toString()).put("manager", oi.manager()).put("version", oi.version())
        .put("ovn", oi.ovn()).put("state", oi.state().name()).put("uss_base_url", oi.ussBaseUrl());
    if (oi.subscriptionId() != null) {
      n.put("subscription_id", oi.subscriptionId().toString());
    }
    return write(extents(n, oi.extents()));
  }

  static OperationalIntent oi(String doc) {
    JsonNode n = read(doc);
    return new OperationalIntent(
        UUID.fromString(n.get("id").asText()), n.get("manager").asText(), n.get("version").asLong(),
        n.get("ovn").asText(), OiState.valueOf(n.get("state").asText()), extents(n),
        n.get("uss_base_url").asText(),
        n.hasNonNull("subscription_id") ? UUID.fromString(n.get("subscription_id").asText()) : null);
  }

  static String constraint(Constraint c) {
    ObjectNode n = JSON.objectNode();
    n.put("id", c.id().toString()).put("manager", c.manager()).put("version", c.version())
        .put("ovn", c.ovn()).put("uss_base_url", c.ussBaseUrl());
    return write(extents(n, c.extents()));
  }

  static Constraint constraint(String doc) {
    JsonNode n = read(doc);
    return new Constraint(
        UUID.fromString(n.get("id").asText()), n.get("manager").asText(), n.get("version").asLong(),
        n.get("ovn").asText(), extents(n), n.get("uss_base_url").asText());
  }

  static String subscription(Subscription s) {
    ObjectNode n = JSON.objectNode();
    n.put("id", s.id().toString()).put("manager", s.manager()).put("version", s.version())
        .put("notification_index", s.notificationIndex()).put("uss_base_url", s.ussBaseUrl())
        .put("notify_for_operational_intents", s.notifyForOperationalIntents())
        .put("notify_for_constraints", s.notifyForConstraints()).put("implicit", s.implicit())
        .put("constraints_entitled", s.constraintsEntitled());
    return write(extents(n, s.extents()));
  }

  static Subscription subscription(String doc) {
    JsonNode n = read(doc);
    return new Subscription(
        UUID.fromString(n.get("id").asText()), n.get("manager").asText(), n.get("version").asLong(),
        n.get("notification_index").asLong(), extents(n), n.get("uss_base_url").asText(),
        n.get("notify_for_operational_intents").asBoolean(),
        n.get("notify_for_constraints").asBoolean(), n.get("implicit").asBoolean(),
        // Absent in subscriptions stored before the default mode accepted the flag without the scope.
        n.path("constraints_entitled").asBoolean(true));
  }

  static String availability(PartyAvailability a) {
    ObjectNode n = JSON.objectNode();
    n.put("party", a.party()).put("availability", a.availability().name()).put("version", a.version());
    return write(n);
  }

  static PartyAvailability availability(String doc) {
    JsonNode n = read(doc);
    return new PartyAvailability(
        n.get("party").asText(), Availability.valueOf(n.get("availability").asText()),
        n.get("version").asLong());
  }
  /**
   * A committed change as the shared log keeps it, for other hub instances to apply: the
   * documents it puts and the ids it deletes. Its ledger entry is not part of it.
   */
  static String change(Change ch) {
    ObjectNode n = JSON.objectNode();
    ch.putOis.forEach(oi -> n.withArray("put_ois").add(oi(oi)));
    ch.deleteOis.forEach(id -> n.withArray("delete_ois").add(id.toString()));
    ch.putConstraints.forEach(c -> n.withArray("put_constraints").add(constraint(c)));
    ch.deleteConstraints.forEach(id -> n.withArray("delete_constraints").add(id.toString()));
    ch.putSubscriptions.forEach(sub -> n.withArray("put_subscriptions").add(subscription(sub)));
    ch.deleteSubscriptions.forEach(id -> n.withArray("delete_subscriptions").add(id.toString()));
    ch.putAvailability.forEach(a -> n.withArray("put_availability").add(availability(a)));
    return write(n);
  }

  static Change change(String doc) {
    JsonNode n = read(doc);
    Change ch = new Change();
    n.path("put_ois").forEach(d -> ch.putOis.add(oi(d.asText())));
    n.path("delete_ois").forEach(d -> ch.deleteOis.add(UUID.fromString(d.asText())));
    n.path("put_constraints").forEach(d -> ch.putConstraints.add(constraint(d.asText())));
    n.path("delete_constraints").forEach(d -> ch.deleteConstraints.add(UUID.fromString(d.asText())));
    n.path("put_subscriptions").forEach(d -> ch.putSubscriptions.add(subscription(d.asText())));
    n.path("delete_subscriptions").forEach(d -> ch.deleteSubscriptions.add(UUID.fromString(d.asText())));
    n.path("put_availability").forEach(d -> ch.putAvailability.add(availability(d.asText())));
    return ch;
  }
}
