package org.liaison.node;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.liaison.client.HubClient;
import org.liaison.client.KeyConflictException;
import org.liaison.client.OperationalIntentRef;
import org.liaison.client.PeerClient;
import org.liaison.client.ServiceException;
import org.liaison.client.Subscriber;
import org.liaison.client.SubscriptionRef;
import org.liaison.client.Written;
import org.liaison.errors.ApiException;
import org.liaison.geo.Volume4D;
import org.liaison.node.NodeStore.Outgoing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planning workflow of a party's operations: check against every neighbour within the
 * separation buffers, declare at the hub with the OVNs of all overlapping references as the key
 * (fetching the details the hub says are missing and checking again), keep the details, and
 * queue a notification for every subscriber the hub names. One change at a time.
 */
final class Planner {
  private static final Logger log = LoggerFactory.getLogger(Planner.class);
  /** Attempts at the hub when it names references our query missed. */
  static final int KEY_ATTEMPTS = 3;

  private final String party;
  private final String baseUrl;
  private final HubClient hub;
  private final Assessor assessor;
  private final NodeStore store;
  private final Events events;
  private final Runnable kickNotifier;
  private final Clock clock;
  private final boolean constraints;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<UUID, Plan> plans = new ConcurrentHashMap<>();
  /** Runs between the check and the declaration; tests use it to create the race the key rule catches. */
  volatile Runnable beforeDeclare = () -> {};

  Planner(String party, String baseUrl, HubClient hub, Assessor assessor, NodeStore store, Events events,
      Runnable kickNotifier, Clock clock, boolean constraints) {
    this.party = party;
    this.baseUrl = baseUrl;
    this.hub = hub;
    this.assessor = assessor;
    this.store = store;
    this.events = events;
    this.kickNotifier = kickNotifier;
    this.clock = clock;
    this.constraints = constraints;
    for (String doc : store.all("plans")) {
      Plan p = Plan.fromJson(Plan.Docs.readTree(doc));
      plans.put(p.id(), p);
    }
  }

  Plan plan(UUID id) {
    return plans.get(id);
  }

  Collection<Plan> plans() {
    return plans.values();
  }

  private Plan existing(UUID id) {
    Plan p = plans.get(id);
    if (p == null) {
      throw ApiException.notFound("plan %s not found", id);
    }
    return p;
  }

  // ---------------------------------------------------------------- life cycle

  Outcome submit(PlanRequest r) {
    lock.lock();
    try {
      UUID id = r.id() != null ? r.id() : UUID.randomUUID();
      if (plans.containsKey(id)) {
        throw ApiException.conflict("plan %s already exists; modify it with PUT /liaison/v1/plans/%s", id, id);
      }
      return plan(id, null, r, Plan.State.Accepted, "declared");
    } finally {
      lock.unlock();
    }
  }

  Outcome modify(UUID id, PlanRequest r) {
    lock.lock();
    try {
      Plan old = existing(id);
      if (!old.state().declared()) {
        throw ApiException.conflict("plan %s is %s; only Accepted or Activated plans can be modified", id, old.state());
      }
      if (r.id() != null && !r.id().equals(id)) {
        throw ApiException.badRequest("id %s in the body is not the plan's id %s", r.id(), id);
      }
      return plan(id, old, r, old.state(), "modified");
    } finally {
      lock.unlock();
    }
  }

  Outcome activate(UUID id) {
    lock.lock();
    try {
      Plan old = existing(id);
      if (old.state() != Plan.State.Accepted && old.state() != Plan.State.Nonconforming) {
        throw ApiException.conflict("plan %s is %s; only an Accepted or Nonconforming plan can be activated", id,
            old.state());
      }
      PlanRequest same = new PlanRequest(id, old.volumes(), old.offNominalVolumes(), old.priority(), old.purpose(), null, null);
      return plan(id, old, same, Plan.State.Activated, "activated");
    } finally {
      lock.unlock();
    }
  }

  /**
   * Declares a flying plan off-nominal: {@code Nonconforming} (outside its volumes, expected to
   * recover; from Activated) or {@code Contingent} (cannot recover; from Activated or
   * Nonconforming). The hub takes it without a key, as ASTM allows, since an aircraft off its
   * volumes cannot deconflict; watchers are told, and peers may then ask for its telemetry.
   */
  Outcome offNominal(UUID id, Plan.State to) {
    lock.lock();
    try {
      Plan old = existing(id);
      boolean allowed = to == Plan.State.Nonconforming ? old.state() == Plan.State.Activated
          : to == Plan.State.Contingent && (old.state() == Plan.State.Activated || old.state() == Plan.State.Nonconforming);
      if (!allowed) {
        throw ApiException.conflict("plan %s is %s; only an Activated plan%s can become %s", id, old.state(),
            to == Plan.State.Contingent ? " or a Nonconforming one" : "", to);
      }
      Instant now = clock.instant();
      Plan.Watch watch = old.watch();
      Written<OperationalIntentRef> w = hub.putOperationalIntent(id, old.reference().ovn(),
          new HubClient.OperationalIntentParams(old.volumes(), to.name(), List.of(), baseUrl,
              watch == null ? null : watch.id(), watch == null, constraints));
      Plan.Watch current = watch != null ? watch : new Plan.Watch(w.value().subscriptionId(), "", true);
      Plan p = old.with(to, w.value(), current,
          List.of(new Plan.Step("notice.update", now, Long.toString(w.value().version()), w.receipt())), now);
      List<Long> queued = commit(p, outgoing(p, w.subscribers(), false));
      return Outcome.accepted(200, "plan " + id + " declared " + to, p, List.of(), queued);
    } finally {
      lock.unlock();
    }
  }

  /** Ends a plan that flew (Activated or off-nominal): its reference is deleted at the hub and watchers are told. */
  Outcome end(UUID id) {
    return remove(id, Set.of(Plan.State.Activated, Plan.State.Nonconforming, Plan.State.Contingent),
        Plan.State.Ended, "ended");
  }

  /** Cancels an Accepted plan that never flew: as {@link #end}. */
  Outcome cancel(UUID id) {
    return remove(id, Set.of(Plan.State.Accepted), Plan.State.Cancelled, "cancelled");
  }

  private Outcome remove(UUID id, Set<Plan.State> from, Plan.State to, String verb) {
    lock.lock();
    try {
      Plan old = existing(id);
      if (!from.contains(old.state())) {
        throw ApiException.conflict("plan %s is %s; only %s plans can be %s", id, old.state(),
            from.stream().map(Enum::name).sorted().collect(Collectors.joining(" or ")), verb);
      }
      Instant now = clock.instant();
      List<Plan.Step> steps = new ArrayList<>();
      Written<OperationalIntentRef> w = hub.deleteOperationalIntent(id, old.reference().ovn());
      steps.add(new Plan.Step("notice.delete", now, Long.toString(w.value().version()), w.receipt()));
      dropWatch(old.watch(), steps, now);
      Plan p = old.with(to, w.value(), null, steps, now);
      List<Long> queued = commit(p, outgoing(p, w.subscribers(), true));
      return Outcome.accepted(200, "plan " + id + " " + verb + "; its reference is deleted at the hub", p, List.of(), queued);
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- planning

  private Outcome plan(UUID id, Plan old, PlanRequest r, Plan.State state, String verb) {
    List<Neighbour> ns = assessor.neighbours(id, r.volumes(), r.suggest());
    List<Conflict> conflicts = Conflict.of(r.volumes(), r.priority(), ns, assessor.policy(), party);
    if (blocking(conflicts) > 0) {
      Suggestions sug = r.suggest() == null ? null
          : Suggestions.find(r.volumes(), r.priority(), ns, assessor.policy(), party, r.suggest(), clock.instant());
      Suggestions.Slot slot = sug == null || r.take() == null ? null : sug.take(r.take());
      if (slot != null) {
        return plan(id, old, r.withVolumes(slot.volumes()), state, verb).took(slot, conflicts, sug);
      }
      return Outcome.refused(refusal(conflicts), conflicts, sug, r);
    }
    return declare(id, old, r, state, ns, conflicts, verb);
  }

  private static long blocking(List<Conflict> conflicts) {
    return conflicts.stream().filter(Conflict::blocking).count();
  }

  private static String refusal(List<Conflict> conflicts) {
    long ops = conflicts.stream().filter(c -> c.blocking() && c.with().kind() == Neighbour.Kind.operational_intent).count();
    long rs = conflicts.stream().filter(c -> c.blocking() && c.with().kind() == Neighbour.Kind.constraint).count();
    StringBuilder b = new StringBuilder("the plan comes within the separation buffers of ");
    if (ops > 0) {
      b.append(ops).append(ops == 1 ? " operation" : " operations").append(" it may not conflict with");
    }
    if (rs > 0) {
      b.append(ops > 0 ? " and " : "").append(rs).append(rs == 1 ? " restriction" : " restrictions");
    }
    return b.toString();
  }

  private Outcome declare(UUID id, Plan old, PlanRequest r, Plan.State state, List<Neighbour> found,
      List<Conflict> conflicts, String verb) {
    beforeDeclare.run();
    Instant now = clock.instant();
    List<Plan.Step> steps = new ArrayList<>();
    Map<UUID, String> key = new LinkedHashMap<>();
    found.forEach(n -> keep(key, n));
    Plan.Watch oldWatch = old == null ? null : old.watch();
    Volume4D watchVolume = Footprint.watch(r.volumes(), assessor.policy().largest().times(2));
    Plan.Watch created = null;
    if (watchVolume != null && (oldWatch == null || oldWatch.implicit() || !old.volumes().equals(r.volumes()))) {
      UUID sid = UUID.randomUUID();
      Written<SubscriptionRef> ws = hub.putSubscription(sid, null,
          new HubClient.SubscriptionParams(watchVolume, baseUrl, true, constraints));
      created = new Plan.Watch(sid, ws.value().version(), false);
      steps.add(new Plan.Step("watch.create", now, ws.value().version(), ws.receipt()));
    }
    Plan.Watch use = created != null ? created : watchVolume != null ? oldWatch : (oldWatch != null && oldWatch.implicit() ? oldWatch : null);
    List<Neighbour> all = new ArrayList<>(found);
    Written<OperationalIntentRef> w = null;
    try {
      for (int attempt = 1; w == null; attempt++) {
        try {
          w = hub.putOperationalIntent(id, old == null ? null : old.reference().ovn(), new HubClient.OperationalIntentParams(
              r.volumes(), state.name(), key.values(), baseUrl, use == null ? null : use.id(), use == null, constraints));
        } catch (KeyConflictException k) {
          if (attempt >= KEY_ATTEMPTS) {
            throw k;
          }
          // The hub knows overlapping references our query did not return (they were just
          // created): fetch their details and check the plan against them before retrying.
          List<Neighbour> more = assessor.fetch(k.missingOperationalIntents(), k.missingConstraints(), r.volumes());
          all.removeIf(n -> more.stream().anyMatch(m -> m.id().equals(n.id())));
          all.addAll(more);
          more.forEach(n -> keep(key, n));
          conflicts = Conflict.of(r.volumes(), r.priority(), all, assessor.policy(), party);
          if (blocking(conflicts) > 0) {
            dropWatch(created, steps, now);
            return Outcome.refused(refusal(conflicts) + " (found when the hub named references the first query missed)",
                conflicts, null, r);
          }
        }
      }
    } catch (RuntimeException e) {
      dropWatch(created, steps, now);
      throw e;
    }
    steps.add(new Plan.Step(old == null ? "notice.create" : "notice.update", now, Long.toString(w.value().version()), w.receipt()));
    Plan.Watch current = use != null ? use : new Plan.Watch(w.value().subscriptionId(), "", true);
    if (created != null && oldWatch != null && !oldWatch.implicit()) {
      dropWatch(oldWatch, steps, now);
    }
    Plan p = old == null
        ? new Plan(id, state, r.priority(), r.purpose(), r.volumes(), List.of(), w.value(), current, steps, now, now)
        : new Plan(id, state, r.priority(), r.purpose(), r.volumes(), List.of(), w.value(), current,
            concat(old.history(), steps), old.created(), now);
    List<Long> queued = commit(p, outgoing(p, w.subscribers(), false));
    return Outcome.accepted(old == null ? 201 : 200, "plan " + id + " " + verb + " as " + state, p, conflicts, queued);
  }

  private static void keep(Map<UUID, String> key, Neighbour n) {
    if (n.ovn() != null) {
      key.put(n.id(), n.ovn());
    }
  }

  private static List<Plan.Step> concat(List<Plan.Step> a, List<Plan.Step> b) {
    List<Plan.Step> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** Deletes an explicit watch subscription; a failure is logged, not fatal: it expires in a day. */
  private void dropWatch(Plan.Watch watch, List<Plan.Step> steps, Instant now) {
    if (watch == null || watch.implicit()) {
      return;
    }
    try {
      Written<SubscriptionRef> d = hub.deleteSubscription(watch.id(), watch.version());
      steps.add(new Plan.Step("watch.delete", now, watch.version(), d.receipt()));
    } catch (ServiceException e) {
      log.warn("could not delete watch subscription {}: {}", watch.id(), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- notifications

  /** One notification per subscriber other than this node, with the indexes the hub gave. */
  private List<Outgoing> outgoing(Plan p, List<Subscriber> subscribers, boolean deleted) {
    List<Outgoing> out = new ArrayList<>();
    for (Subscriber s : subscribers) {
      if (s.ussBaseUrl().equals(baseUrl)) {
        continue;
      }
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("operational_intent_id", p.id().toString());
      if (!deleted) {
        body.set("operational_intent", p.details().toJson());
      }
      body.set("subscriptions", Subscriber.toJson(s.subscriptions()));
      out.add(new Outgoing("operational_intent", p.id(), PeerClient.operationalIntentsUrl(s.ussBaseUrl()).toString(), body.toString()));
    }
    return out;
  }

  /** Keeps the plan and queues its notifications in one local transaction, then sends them. */
  private List<Long> commit(Plan p, List<Outgoing> outgoing) {
    long now = clock.millis();
    List<Long> ids = store.db().inTransaction(c -> {
      NodeStore.put(c, "plans", p.id(), p.toJson().toString(), now);
      return NodeStore.enqueue(c, outgoing, now);
    });
    plans.put(p.id(), p);
    if (!ids.isEmpty()) {
      kickNotifier.run();
    }
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("id", p.id().toString());
    e.put("state", p.state().name());
    e.put("version", p.reference().version());
    e.put("notifications", ids.size());
    events.publish("plan", e);
    return ids;
  }
}
