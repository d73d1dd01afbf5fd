package org.liaison.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.liaison.client.OperationalIntent;
import org.liaison.client.OperationalIntentRef;
import org.liaison.deconfliction.Wire;
import org.liaison.geo.Volume4D;
import org.liaison.http.Json;
import org.liaison.json.ObjectView;
import org.liaison.ledger.Receipt;

/**
 * One of the party's own operations as its node keeps it: the details (purpose included, which
 * never leaves the node), the reference the hub last accepted, the watch subscription, and each
 * hub write with its ledger receipt.
 *
 * @param state {@code Accepted}, {@code Activated}, or off-nominal ({@code Nonconforming}, {@code
 *     Contingent}) while declared; {@code Ended} or {@code Cancelled} once its reference is deleted
 *     at the hub
 * @param reference the reference as the hub last accepted it, OVN included; null before that
 */
record Plan(
    UUID id,
    State state,
    long priority,
    String purpose,
    List<Volume4D> volumes,
    List<Volume4D> offNominalVolumes,
    OperationalIntentRef reference,
    Watch watch,
    List<Step> history,
    Instant created,
    Instant updated) {

  enum State {
    Accepted,
    Activated,
    Nonconforming,
    Contingent,
    Ended,
    Cancelled;

    boolean declared() {
      return this == Accepted || this == Activated || offNominal();
    }

    /** The aircraft left its volumes: peers may then ask for its telemetry. */
    boolean offNominal() {
      return this == Nonconforming || this == Contingent;
    }
  }

  /** The subscription that tells the node about neighbours; implicit ones belong to the reference. */
  record Watch(UUID id, String version, boolean implicit) {}

  /** One write at the hub, with its ledger receipt (null if the hub sent none). */
  record Step(String action, Instant at, String version, Receipt receipt) {
    ObjectNode toJson() {
      ObjectNode n = JsonNodeFactory.instance.objectNode();
      n.put("action", action);
      n.put("at", at.toString());
      n.put("version", version);
      if (receipt == null) {
        n.putNull("receipt");
      } else {
        n.set("receipt", Docs.readTree(receipt.toJson()));
      }
      return n;
    }

    static Step fromJson(JsonNode n) {
      return new Step(n.get("action").asText(), Instant.parse(n.get("at").asText()), n.get("version").asText(),
          n.hasNonNull("receipt") ? Receipt.fromJson(n.get("receipt").toString()) : null);
    }
  }

  Plan {
    volumes = List.copyOf(volumes);
    offNominalVolumes = List.copyOf(offNominalVolumes);
    history = List.copyOf(history);
  }

  /** What entitled peers may see: the ASTM OperationalIntent, without the purpose. */
  OperationalIntent details() {
    return new OperationalIntent(reference, volumes, offNominalVolumes, priority);
  }

  Plan with(State s, OperationalIntentRef ref, Watch w, List<Step> steps, Instant now) {
    List<Step> h = new ArrayList<>(history);
    h.addAll(steps);
    return new Plan(id, s, priority, purpose, volumes, offNominalVolumes, ref, w, h, created, now);
  }

  /** The latest receipt of a write to the reference itself. */
  Receipt lastReceipt() {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).action().startsWith("notice.") && history.get(i).receipt() != null) {
        return history.get(i).receipt();
      }
    }
    return null;
  }

  /** The operator's view: everything, purpose included. */
  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", id.toString());
    n.put("state", state.name());
    n.put("priority", priority);
    n.put("purpose", purpose);
    n.set("volumes", Docs.volumes(volumes));
    n.set("off_nominal_volumes", Docs.volumes(offNominalVolumes));
    if (reference != null) {
      n.set("reference", reference.toJson());
    }
    if (watch != null) {
      ObjectNode w = n.putObject("watch");
      w.put("subscription_id", watch.id().toString());
      w.put("version", watch.version());
      w.put("implicit", watch.implicit());
    }
    ArrayNode h = n.putArray("history");
    history.forEach(s -> h.add(s.toJson()));
    n.put("created", created.toString());
    n.put("updated", updated.toString());
    return n;
  }

  static Plan fromJson(JsonNode n) {
    List<Step> steps = new ArrayList<>();
    n.get("history").forEach(s -> steps.add(Step.fromJson(s)));
    JsonNode w = n.get("watch");
    return new Plan(
        UUID.fromString(n.get("id").asText()),
        State.valueOf(n.get("state").asText()),
        n.get("priority").asLong(),
        n.get("purpose").asText(),
        Docs.volumes(n.get("volumes"), "volumes"),
        Docs.volumes(n.get("off_nominal_volumes"), "off_nominal_volumes"),
        n.hasNonNull("reference") ? OperationalIntentRef.parse(ObjectView.of(n.get("reference"), "reference")) : null,
        w == null || w.isNull() ? null
            : new Watch(UUID.fromString(w.get("subscription_id").asText()), w.get("version").asText(), w.get("implicit").asBoolean()),
        steps,
        Instant.parse(n.get("created").asText()),
        Instant.parse(n.get("updated").asText()));
  }

  /** JSON helpers for stored documents. */
  static final class Docs {
    private Docs() {}

    static ArrayNode volumes(List<Volume4D> vs) {
      ArrayNode arr = JsonNodeFactory.instance.arrayNode();
      vs.forEach(v -> arr.add(Wire.volume(v)));
      return arr;
    }

    static List<Volume4D> volumes(JsonNode arr, String path) {
      List<Volume4D> out = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        out.add(Wire.readVolume(arr.get(i), path + "[" + i + "]"));
      }
      return out;
    }

    static JsonNode readTree(String s) {
      try {
        return Json.MAPPER.readTree(s);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("stored document is not JSON: " + e.getOriginalMessage(), e);
      }
    }
  }
}
