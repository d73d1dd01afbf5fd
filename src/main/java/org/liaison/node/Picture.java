package org.liaison.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
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
 *
 * <p>A notification is decided against what this node last accepted for the entity, kept in
 * memory (this class is the picture table's only writer, and loads it at start), under that
 * entity's lock only, so notifications about different entities never wait for each other. An
 * accepted one is queued, in decision order, to one writer thread that stores everything queued
 * since its last transaction in one durable transaction (group commit), then publishes the events
 * in the same order. The caller returns only once its notification is stored, so a 204 still
 * means "this node has it".
 */
final class Picture implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Picture.class);
  private static final Pending STOP = new Pending(null, null, null, null);
  private final NodeStore store;
  private final Events events;
  private final Clock clock;
  private final ConcurrentHashMap<UUID, Known> known = new ConcurrentHashMap<>();
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private boolean closed; // guarded by queue

  /** What was last accepted about an entity; {@code digest} of its document, null when deleted. */
  private record Known(String manager, long version, boolean deleted, byte[] digest, CompletableFuture<Void> stored) {}

  /** An accepted notification waiting for the writer. */
  private record Pending(Seen seen, String change, ObjectNode event, CompletableFuture<Void> stored) {}

  Picture(NodeStore store, Events events, Clock clock) {
    this.store = store;
    this.events = events;
    this.clock = clock;
    CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
    for (Seen s : store.everSeen()) {
      known.put(s.id(), known(s, done));
    }
    writer = new Thread(this::write, "liaison-picture");
    writer.setDaemon(true);
    writer.start();
  }

  /** A {@code PutOperationalIntentDetailsParameters} from {@code sender}. */
  void operationalIntent(Principal sender, JsonNode json) {
    ObjectView body = ObjectView.of(json);
    UUID id = body.uuid4("operational_intent_id");
    List<Subscriber.State> subs = Subscriber.states(body.array("subscriptions"));
    if (!body.has("operational_intent")) {
      forget(sender, id, "operational_intent", subs);
      return;
    }
    OperationalIntent oi = OperationalIntent.parse(body.obj("operational_intent"));
    var ref = oi.reference();
    learn(sender, id, "operational_intent", ref.id(), ref.manager(), ref.ovnKnown(), ref.version(), oi.toJson(), subs);
  }

  /** A {@code PutConstraintDetailsParameters} from {@code sender}. */
  void constraint(Principal sender, JsonNode json) {
    ObjectView body = ObjectView.of(json);
    UUID id = body.uuid4("constraint_id");
    List<Subscriber.State> subs = Subscriber.states(body.array("subscriptions"));
    if (!body.has("constraint")) {
      forget(sender, id, "constraint", subs);
      return;
    }
    Constraint c = Constraint.parse(body.obj("constraint"));
    var ref = c.reference();
    learn(sender, id, "constraint", ref.id(), ref.manager(), ref.ovnKnown(), ref.version(), c.toJson(), subs);
  }

  private void learn(Principal sender, UUID id, String kind, UUID refId, String manager, boolean ovnKnown, long version,
      JsonNode doc, List<Subscriber.State> subs) {
    if (!refId.equals(id)) {
      throw ApiException.badRequest("%s.reference.id %s is not %s_id %s", kind, refId, kind, id);
    }
    if (!ovnKnown) {
      throw ApiException.badRequest("%s.reference.ovn must be populated in a notification", kind);
    }
    if (!manager.equals(sender.party())) {
      throw ApiException.forbidden("\"%s\" is not the manager of %s %s; its reference names \"%s\"", sender.party(), kind, id, manager);
    }
    // Stored and received documents are both written from the same records, so their text compares.
    String text = doc.toString();
    byte[] digest = digest(text);
    List<CompletableFuture<Void>> wait = new ArrayList<>(1);
    known.compute(id, (k, before) -> {
      if (before != null) {
        if (!before.manager().equals(sender.party())) {
          throw ApiException.forbidden("\"%s\" is not the manager of %s %s according to this node's records (\"%s\" is)",
              sender.party(), kind, id, before.manager());
        }
        if (version < before.version()) {
          throw ApiException.conflict("version %d of %s %s is older than version %d already received", version, kind, id, before.version());
        }
        if (version == before.version() && !before.deleted()) {
          if (!MessageDigest.isEqual(digest, before.digest())) {
            throw ApiException.conflict("version %d of %s %s was already received with different content", version, kind, id);
          }
          wait.add(before.stored()); // the same notification again: known once stored
          return before;
        }
      }
      Seen s = new Seen(id, kind, sender.party(), version, false, text, clock.millis());
      String change = before == null || before.deleted() ? "new" : "updated";
      ObjectNode e = entry(s, doc);
      e.put("change", change);
      e.set("subscriptions", Subscriber.toJson(subs));
      return enqueue(s, change, e, digest, wait);
    });
    await(wait.get(0));
  }

  private void forget(Principal sender, UUID id, String kind, List<Subscriber.State> subs) {
    List<CompletableFuture<Void>> wait = new ArrayList<>(1);
    known.compute(id, (k, before) -> {
      if (before != null && !before.manager().equals(sender.party())) {
        throw ApiException.forbidden("\"%s\" is not the manager of %s %s according to this node's records (\"%s\" is)",
            sender.party(), kind, id, before.manager());
      }
      if (before != null && before.deleted()) {
        wait.add(before.stored());
        return before;
      }
      Seen gone = new Seen(id, kind, sender.party(), before == null ? 0 : before.version(), true, null, clock.millis());
      ObjectNode e = JsonNodeFactory.instance.objectNode();
      e.put("kind", kind);
      e.put("id", id.toString());
      e.put("manager", sender.party());
      e.put("change", "deleted");
      e.put("received", Instant.ofEpochMilli(gone.receivedMs()).toString());
      e.set("subscriptions", Subscriber.toJson(subs));
      return enqueue(gone, "deleted", e, null, wait);
    });
    await(wait.get(0));
  }

  /** Queues {@code s} for the writer; called under the entity's lock, so an entity's changes queue in decision order. */
  private Known enqueue(Seen s, String change, ObjectNode event, byte[] digest, List<CompletableFuture<Void>> wait) {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    synchronized (queue) { // so nothing is queued behind STOP
      if (closed) {
        throw new IllegalStateException("the picture is closed");
      }
      queue.add(new Pending(s, change, event, stored));
    }
    wait.add(stored);
    return new Known(s.manager(), s.version(), s.deleted(), digest, stored);
  }

  private static void await(CompletableFuture<Void> stored) {
    try {
      stored.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** The writer: one transaction for everything queued since the last, then the events, then the answers. */
  private void write() {
    List<Pending> batch = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(batch);
      stop = batch.remove(STOP);
      if (batch.isEmpty()) {
        continue;
      }
      try {
        store.see(batch.stream().map(Pending::seen).toList());
      } catch (RuntimeException e) {
        failed(batch, e);
        batch.clear();
        continue;
      }
      for (Pending p : batch) {
        Seen s = p.seen();
        if (s.deleted()) {
          log.info("notified by {}: {} {} deleted", s.manager(), s.kind(), s.id());
        } else {
          log.info("notified by {}: {} {} version {} ({})", s.manager(), s.kind(), s.id(), s.version(), p.change());
        }
        try {
          events.publish(s.kind(), p.event());
        } catch (RuntimeException e) { // stored all the same: the sender must get its answer
          log.warn("could not publish {} {}: {}", s.kind(), s.id(), e.toString());
        }
        p.stored().complete(null);
      }
      batch.clear();
    }
  }

  /**
   * The batch was not stored: what memory holds for its entities goes back to what is stored,
   * unless a later notification was accepted meanwhile (that one is queued and decides), and the
   * senders get the error (they retry).
   */
  private void failed(List<Pending> batch, RuntimeException e) {
    log.warn("could not store {} notifications: {}", batch.size(), e.toString());
    for (Pending p : batch) {
      try {
        known.computeIfPresent(p.seen().id(), (id, now) -> {
          if (now.stored() != p.stored()) {
            return now;
          }
          Seen s = store.seen(id);
          return s == null ? null : known(s, CompletableFuture.completedFuture(null));
        });
      } catch (RuntimeException again) {
        known.remove(p.seen().id());
      }
      p.stored().completeExceptionally(e);
    }
  }

  private static Known known(Seen s, CompletableFuture<Void> stored) {
    return new Known(s.manager(), s.version(), s.deleted(), s.deleted() ? null : digest(s.doc()), stored);
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Stores what is queued, then stops the writer; call once no more notifications arrive. */
  @Override
  public void close() {
    synchronized (queue) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    }
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ObjectNode entry(Seen s, JsonNode doc) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("kind", s.kind());
    e.put("id", s.id().toString());
    e.put("manager", s.manager());
    e.put("version", s.version());
    e.put("received", Instant.ofEpochMilli(s.receivedMs()).toString());
    e.set(s.kind(), doc);
    return e;
  }

  /** The party's own plans (details, purpose included) and everything others notified. */
  ObjectNode toJson(String party, Collection<Plan> own) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("party", party);
    ArrayNode mine = n.putArray("own");
    own.stream().filter(p -> p.state().declared()).forEach(p -> mine.add(p.toJson()));
    ArrayNode others = n.putArray("others");
    store.picture().forEach(s -> others.add(entry(s, Plan.Docs.readTree(s.doc()))));
    return n;
  }
}
