package org.liaison.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.liaison.auth.Principal;
import org.liaison.client.Constraint;
import org.liaison.client.OperationalIntent;
import org.liaison.client.Subscriber;
import org.liaison.errors.ApiException;
import org.liaison.json.ObjectView;
import org.liaison.node.NodeStore.Seen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this party knows of the others: the operational intents and restrictions their nodes
 * notified. A notification is accepted only from the entity's manager, and only if it is not
 * older than what was already received. Every change is published to the event stream.
 */
final class Picture {
  private static final Logger log = LoggerFactory.getLogger(Picture.class);
  private final NodeStore store;
  private final Events events;
  private final Clock clock;

  Picture(NodeStore store, Events events, Clock clock) {
    this.store = store;
    this.events = events;
    this.clock = clock;
  }

  /** A {@code PutOperationalIntentDetailsParameters} from {@code sender}. */
  synchronized void operationalIntent(Principal sender, JsonNode json) {
    ObjectView body = ObjectView.of(json);
    UUID id = body.uuid4("operational_intent_id");
    List<Subscriber.State> subs = Subscriber.states(body.array("subscriptions"));
    if (!body.has("operational_intent")) {
      forget(sender, id, "operational_intent", subs);
      return;
    }
    OperationalIntent oi = OperationalIntent.parse(body.obj("operational_intent"));
    var ref = oi.reference();
    check(sender, id, ref.id(), "operational_intent", ref.manager(), ref.ovnKnown(), ref.version(), oi.toJson());
    learn(new Seen(id, "operational_intent", ref.manager(), ref.version(), false, oi.toJson().toString(), clock.millis()), subs);
  }

  /** A {@code PutConstraintDetailsParameters} from {@code sender}. */
  synchronized void constraint(Principal sender, JsonNode json) {
    ObjectView body = ObjectView.of(json);
    UUID id = body.uuid4("constraint_id");
    List<Subscriber.State> subs = Subscriber.states(body.array("subscriptions"));
    if (!body.has("constraint")) {
      forget(sender, id, "constraint", subs);
      return;
    }
    Constraint c = Constraint.parse(body.obj("constraint"));
    var ref = c.reference();
    check(sender, id, ref.id(), "constraint", ref.manager(), ref.ovnKnown(), ref.version(), c.toJson());
    learn(new Seen(id, "constraint", ref.manager(), ref.version(), false, c.toJson().toString(), clock.millis()), subs);
  }

  private void check(Principal sender, UUID id, UUID refId, String kind, String manager, boolean ovnKnown, long version, JsonNode doc) {
    if (!refId.equals(id)) {
      throw ApiException.badRequest("%s.reference.id %s is not %s_id %s", kind, refId, kind, id);
    }
    if (!ovnKnown) {
      throw ApiException.badRequest("%s.reference.ovn must be populated in a notification", kind);
    }
    if (!manager.equals(sender.party())) {
      throw ApiException.forbidden("\"%s\" is not the manager of %s %s; its reference names \"%s\"", sender.party(), kind, id, manager);
    }
    Seen seen = store.seen(id);
    if (seen == null) {
      return;
    }
    if (!seen.manager().equals(sender.party())) {
      throw ApiException.forbidden("\"%s\" is not the manager of %s %s according to this node's records (\"%s\" is)",
          sender.party(), kind, id, seen.manager());
    }
    if (version < seen.version()) {
      throw ApiException.conflict("version %d of %s %s is older than version %d already received", version, kind, id, seen.version());
    }
    // Stored and received documents are both written from the same records, so text compares.
    if (version == seen.version() && !seen.deleted() && !seen.doc().equals(doc.toString())) {
      throw ApiException.conflict("version %d of %s %s was already received with different content", version, kind, id);
    }
  }

  private void learn(Seen s, List<Subscriber.State> subs) {
    Seen before = store.seen(s.id());
    if (before != null && !before.deleted() && before.version() == s.version()) {
      return; // the same notification again: already known
    }
    store.see(s);
    String change = before == null || before.deleted() ? "new" : "updated";
    log.info("notified by {}: {} {} version {} ({})", s.manager(), s.kind(), s.id(), s.version(), change);
    ObjectNode e = entry(s);
    e.put("change", change);
    e.set("subscriptions", Subscriber.toJson(subs));
    events.publish(s.kind(), e);
  }

  private void forget(Principal sender, UUID id, String kind, List<Subscriber.State> subs) {
    Seen seen = store.seen(id);
    if (seen != null && !seen.manager().equals(sender.party())) {
      throw ApiException.forbidden("\"%s\" is not the manager of %s %s according to this node's records (\"%s\" is)",
          sender.party(), kind, id, seen.manager());
    }
    if (seen != null && seen.deleted()) {
      return;
    }
    Seen gone = new Seen(id, kind, sender.party(), seen == null ? 0 : seen.version(), true, null, clock.millis());
    store.see(gone);
    log.info("notified by {}: {} {} deleted", sender.party(), kind, id);
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("kind", kind);
    e.put("id", id.toString());
    e.put("manager", sender.party());
    e.put("change", "deleted");
    e.put("received", Instant.ofEpochMilli(gone.receivedMs()).toString());
    e.set("subscriptions", Subscriber.toJson(subs));
    events.publish(kind, e);
  }

  private static ObjectNode entry(Seen s) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("kind", s.kind());
    e.put("id", s.id().toString());
    e.put("manager", s.manager());
    e.put("version", s.version());
    e.put("received", Instant.ofEpochMilli(s.receivedMs()).toString());
    e.set(s.kind(), Plan.Docs.readTree(s.doc()));
    return e;
  }

  /** The party's own plans (details, purpose included) and everything others notified. */
  ObjectNode toJson(String party, Collection<Plan> own) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("party", party);
    ArrayNode mine = n.putArray("own");
    own.stream().filter(p -> p.state().declared()).forEach(p -> mine.add(p.toJson()));
    ArrayNode others = n.putArray("others");
    store.picture().forEach(s -> others.add(entry(s)));
    return n;
  }
}
