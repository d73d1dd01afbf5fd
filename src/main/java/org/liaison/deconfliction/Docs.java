package org.liaison.deconfliction;

import org.liaison.astm.Extents;
import org.liaison.astm.Wire;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import org.liaison.geo.Volume4D;

/** The stored JSON documents of references. Round-trips exactly; never shown to clients. */
final class Docs {
  private static final ObjectMapper MAPPER = new ObjectMapper();

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
      arr.add(Wire.volume(v));
    }
    n.put("start_text", e.startText());
    n.put("end_text", e.endText());
    return n;
  }

  private static Extents extents(JsonNode n) {
    ArrayNode arr = (ArrayNode) n.get("extents");
    List<Volume4D> vs = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      vs.add(Wire.volume4d(arr.get(i), "stored", Wire.Mode.STORED, Instant.EPOCH).volume());
    }
    return new Extents(vs, n.get("start_text").asText(), n.get("end_text").asText());
  }

  static String oi(OperationalIntent oi) {
    ObjectNode n = Wire.JSON.objectNode();
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
    ObjectNode n = Wire.JSON.objectNode();
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
    ObjectNode n = Wire.JSON.objectNode();
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
    ObjectNode n = Wire.JSON.objectNode();
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
    ObjectNode n = Wire.JSON.objectNode();
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
