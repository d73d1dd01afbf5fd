package org.liaison.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.liaison.client.Constraint;
import org.liaison.client.ConstraintRef;
import org.liaison.client.HubClient;
import org.liaison.client.PeerClient;
import org.liaison.client.Subscriber;
import org.liaison.client.Written;
import org.liaison.errors.ApiException;
import org.liaison.geo.Volume4D;
import org.liaison.json.ArrayView;
import org.liaison.json.ObjectView;
import org.liaison.node.NodeStore.Outgoing;

/**
 * The restrictions this party declares (ASTM constraints): no-fly zones, corridors, routes. They
 * are published, not deconflicted: planners, ours included, keep clear of them.
 */
final class Restrictions {
  /** One restriction: its details, the reference the hub accepted, and each hub write. */
  record Restriction(UUID id, String type, List<Volume4D> volumes, ConstraintRef reference, boolean active,
      List<Plan.Step> history) {
    Constraint details() {
      return new Constraint(reference, volumes, type);
    }

    ObjectNode toJson() {
      ObjectNode n = JsonNodeFactory.instance.objectNode();
      n.put("id", id.toString());
      if (type != null) {
        n.put("type", type);
      }
      n.set("volumes", Plan.Docs.volumes(volumes));
      n.set("reference", reference.toJson());
      n.put("active", active);
      ArrayNode h = n.putArray("history");
      history.forEach(s -> h.add(s.toJson()));
      return n;
    }

    static Restriction fromJson(JsonNode n) {
      List<Plan.Step> steps = new ArrayList<>();
      n.get("history").forEach(s -> steps.add(Plan.Step.fromJson(s)));
      return new Restriction(UUID.fromString(n.get("id").asText()), n.hasNonNull("type") ? n.get("type").asText() : null,
          Plan.Docs.volumes(n.get("volumes"), "volumes"), ConstraintRef.parse(ObjectView.of(n.get("reference"), "reference")),
          n.get("active").asBoolean(), steps);
    }
  }

  private final String baseUrl;
  private final HubClient hub;
  private final NodeStore store;
  private final Events events;
  private final Runnable kickNotifier;
  private final Clock clock;
  private final Map<UUID, Restriction> all = new ConcurrentHashMap<>();

  Restrictions(String baseUrl, HubClient hub, NodeStore store, Events events, Runnable kickNotifier, Clock clock) {
    this.baseUrl = baseUrl;
    this.hub = hub;
    this.store = store;
    this.events = events;
    this.kickNotifier = kickNotifier;
    this.clock = clock;
    for (String doc : store.all("restrictions")) {
      Restriction r = Restriction.fromJson(Plan.Docs.readTree(doc));
      all.put(r.id(), r);
    }
  }

  /** The details peers may fetch: active restrictions only. */
  Constraint details(UUID id) {
    Restriction r = all.get(id);
    return r == null || !r.active() ? null : r.details();
  }

  Collection<Restriction> all() {
    return all.values();
  }

  /** Declares {@code {"volumes": [...], "type": "..."}} at the hub and notifies its subscribers. */
  synchronized ObjectNode declare(JsonNode json) {
    Instant now = clock.instant();
    ObjectView body = ObjectView.of(json);
    UUID id = body.has("id") ? body.uuid4("id") : UUID.randomUUID();
    Restriction old = all.get(id);
    if (old != null && !old.active()) {
      throw ApiException.conflict("restriction %s was removed; declare a new one", id);
    }
    ArrayView arr = body.array("volumes");
    if (arr.isEmpty() || arr.size() > 100) {
      throw ApiException.badRequest("volumes holds %d volumes; give 1 to 100", arr.size());
    }
    List<Volume4D> vs = Plan.Docs.volumes(arr.node(), arr.path());
    for (int i = 0; i < vs.size(); i++) {
      if (!vs.get(i).time().end().isAfter(now)) {
        throw ApiException.badRequest("volumes[%d].time_end %s is not in the future", i, vs.get(i).time().end());
      }
    }
    String type = body.string("type", null);
    Written<ConstraintRef> w = hub.putConstraint(id, old == null ? null : old.reference().ovn(), vs, baseUrl);
    List<Plan.Step> steps = new ArrayList<>(old == null ? List.of() : old.history());
    steps.add(new Plan.Step(old == null ? "restriction.create" : "restriction.update", now, Long.toString(w.value().version()), w.receipt()));
    Restriction r = new Restriction(id, type, vs, w.value(), true, steps);
    return commit(r, w.subscribers(), false);
  }

  synchronized ObjectNode remove(UUID id) {
    Restriction old = all.get(id);
    if (old == null || !old.active()) {
      throw ApiException.notFound("restriction %s not found", id);
    }
    Written<ConstraintRef> w = hub.deleteConstraint(id, old.reference().ovn());
    List<Plan.Step> steps = new ArrayList<>(old.history());
    steps.add(new Plan.Step("restriction.delete", clock.instant(), Long.toString(w.value().version()), w.receipt()));
    return commit(new Restriction(id, old.type(), old.volumes(), w.value(), false, steps), w.subscribers(), true);
  }

  private ObjectNode commit(Restriction r, List<Subscriber> subscribers, boolean deleted) {
    List<Outgoing> out = new ArrayList<>();
    for (Subscriber s : subscribers) {
      if (s.ussBaseUrl().equals(baseUrl)) {
        continue;
      }
      ObjectNode b = JsonNodeFactory.instance.objectNode();
      b.put("constraint_id", r.id().toString());
      if (!deleted) {
        b.set("constraint", r.details().toJson());
      }
      b.set("subscriptions", Subscriber.toJson(s.subscriptions()));
      out.add(new Outgoing("constraint", r.id(), PeerClient.constraintsUrl(s.ussBaseUrl()).toString(), b.toString()));
    }
    long now = clock.millis();
    List<Long> ids = store.db().inTransaction(c -> {
      NodeStore.put(c, "restrictions", r.id(), r.toJson().toString(), now);
      return NodeStore.enqueue(c, out, now);
    });
    all.put(r.id(), r);
    if (!ids.isEmpty()) {
      kickNotifier.run();
    }
    ObjectNode res = JsonNodeFactory.instance.objectNode();
    res.set("restriction", r.toJson());
    Plan.Step last = r.history().get(r.history().size() - 1);
    res.set("receipt", last.receipt() == null ? null : Plan.Docs.readTree(last.receipt().toJson()));
    ArrayNode ns = res.putArray("notifications");
    ids.forEach(ns::add);
    events.publish("restriction", r.toJson());
    return res;
  }
}
