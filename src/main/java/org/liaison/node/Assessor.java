package org.liaison.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.liaison.client.Constraint;
import org.liaison.client.ConstraintRef;
import org.liaison.client.HubClient;
import org.liaison.client.OperationalIntent;
import org.liaison.client.OperationalIntentRef;
import org.liaison.client.PeerClient;
import org.liaison.client.ServiceException;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

/**
 * Finds a plan's neighbours: asks the hub for every reference within the buffers (and, when a
 * slot is wanted, within the limits the plan may move), then fetches their details from their
 * managers' nodes in parallel.
 */
final class Assessor {
  private final String party;
  private final HubClient hub;
  private final PeerClient peers;
  private final java.util.function.Supplier<SeparationPolicy> policy;
  private final boolean constraints;
  private final Function<UUID, Plan> ownPlans;
  private final Function<UUID, Constraint> ownRestrictions;

  /** {@code policy}: the operator's policy with the buffers agreed as last fetched; read at each use. */
  Assessor(String party, HubClient hub, PeerClient peers, java.util.function.Supplier<SeparationPolicy> policy,
      boolean constraints,
      Function<UUID, Plan> ownPlans, Function<UUID, Constraint> ownRestrictions) {
    this.party = party;
    this.hub = hub;
    this.peers = peers;
    this.policy = policy;
    this.constraints = constraints;
    this.ownPlans = ownPlans;
    this.ownRestrictions = ownRestrictions;
  }

  SeparationPolicy policy() {
    return policy.get();
  }

  /** The neighbours of a plan; {@code self} (the plan's own id) is left out. */
  List<Neighbour> neighbours(UUID self, List<Volume4D> plan, PlanRequest.Limits limits) {
    Buffers b = policy.get().largest();
    Footprint.Reach reach = limits == null
        ? new Footprint.Reach(b.horizontalM(), b.verticalM(), b.verticalM(), Duration.ofNanos(b.timeNanos()), Duration.ofNanos(b.timeNanos()))
        : new Footprint.Reach(b.horizontalM(),
            b.verticalM() + limits.maxDescentM(), b.verticalM() + limits.maxClimbM(),
            Duration.ofNanos(b.timeNanos()).plus(limits.maxAdvance()), Duration.ofNanos(b.timeNanos()).plus(limits.maxDelay()));
    Map<UUID, OperationalIntentRef> ois = new LinkedHashMap<>();
    Map<UUID, ConstraintRef> cs = new LinkedHashMap<>();
    for (Volume4D area : Footprint.queryAreas(plan, reach)) {
      hub.queryOperationalIntents(area).forEach(r -> ois.putIfAbsent(r.id(), r));
      if (constraints) {
        hub.queryConstraints(area).forEach(r -> cs.putIfAbsent(r.id(), r));
      }
    }
    ois.remove(self);
    cs.remove(self);
    return fetch(ois.values(), cs.values(), plan);
  }

  /** Details of each reference from its manager's node, fetched in parallel. */
  List<Neighbour> fetch(Collection<OperationalIntentRef> ois, Collection<ConstraintRef> cs, List<Volume4D> plan) {
    Volume4D everywhere = new Volume4D(
        new Circle(Footprint.bound(plan).center(), Math.max(1, Footprint.bound(plan).radiusM())),
        AltitudeBand.ANY, Footprint.span(plan));
    List<CompletableFuture<Neighbour>> futures = new ArrayList<>();
    for (OperationalIntentRef r : ois) {
      futures.add(operationalIntent(r, everywhere));
    }
    for (ConstraintRef r : cs) {
      futures.add(constraint(r, everywhere));
    }
    List<Neighbour> out = new ArrayList<>(futures.size());
    for (CompletableFuture<Neighbour> f : futures) {
      out.add(f.join());
    }
    return out;
  }

  private CompletableFuture<Neighbour> operationalIntent(OperationalIntentRef r, Volume4D everywhere) {
    TimeWindow span = new TimeWindow(r.timeStart(), r.timeEnd());
    if (r.manager().equals(party)) {
      Plan own = ownPlans.apply(r.id());
      if (own == null || own.reference() == null) {
        return CompletableFuture.completedFuture(unavailable(r, span, everywhere, "this node has no record of its own operation"));
      }
      return CompletableFuture.completedFuture(new Neighbour(Neighbour.Kind.operational_intent, r.id(), party,
          own.priority(), own.state().name(), own.reference().ovn(), own.volumes(), r.ussBaseUrl(), span, null));
    }
    return peers.operationalIntent(r.ussBaseUrl(), r.id()).handle((OperationalIntent oi, Throwable e) -> {
      if (e != null) {
        return unavailable(r, span, everywhere, why(e));
      }
      if (!oi.reference().manager().equals(r.manager())) {
        return unavailable(r, span, everywhere, "its node names manager " + oi.reference().manager() + " but the hub says " + r.manager());
      }
      return new Neighbour(Neighbour.Kind.operational_intent, r.id(), r.manager(), oi.priority(), oi.reference().state(),
          oi.reference().ovn(), oi.volumes(), r.ussBaseUrl(), span, null);
    });
  }

  private CompletableFuture<Neighbour> constraint(ConstraintRef r, Volume4D everywhere) {
    TimeWindow span = new TimeWindow(r.timeStart(), r.timeEnd());
    if (r.manager().equals(party)) {
      Constraint own = ownRestrictions.apply(r.id());
      if (own == null) {
        return CompletableFuture.completedFuture(new Neighbour(Neighbour.Kind.constraint, r.id(), r.manager(), null, null, null,
            List.of(stand(everywhere, span)), r.ussBaseUrl(), span, "this node has no record of its own restriction"));
      }
      return CompletableFuture.completedFuture(new Neighbour(Neighbour.Kind.constraint, r.id(), party, null, null,
          own.reference().ovn(), own.volumes(), r.ussBaseUrl(), span, null));
    }
    return peers.constraint(r.ussBaseUrl(), r.id()).handle((Constraint c, Throwable e) -> {
      if (e != null || !c.reference().manager().equals(r.manager())) {
        String why = e != null ? why(e) : "its node names manager " + c.reference().manager() + " but the hub says " + r.manager();
        return new Neighbour(Neighbour.Kind.constraint, r.id(), r.manager(), null, null, null,
            List.of(stand(everywhere, span)), r.ussBaseUrl(), span, why);
      }
      return new Neighbour(Neighbour.Kind.constraint, r.id(), r.manager(), null, null, c.reference().ovn(), c.volumes(),
          r.ussBaseUrl(), span, null);
    });
  }

  private static Neighbour unavailable(OperationalIntentRef r, TimeWindow span, Volume4D everywhere, String why) {
    return new Neighbour(Neighbour.Kind.operational_intent, r.id(), r.manager(), null, r.state(), null,
        List.of(stand(everywhere, span)), r.ussBaseUrl(), span, why);
  }

  private static Volume4D stand(Volume4D everywhere, TimeWindow span) {
    return new Volume4D(everywhere.outline(), AltitudeBand.ANY, span);
  }

  static String why(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return t instanceof ServiceException ? t.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
