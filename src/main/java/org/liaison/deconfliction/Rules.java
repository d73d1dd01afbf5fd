package org.liaison.deconfliction;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.liaison.astm.Extents;
import org.liaison.astm.Times;
import org.liaison.deconfliction.Airspace.ConstraintResult;
import org.liaison.deconfliction.Airspace.KeyConflict;
import org.liaison.deconfliction.Airspace.Notified;
import org.liaison.deconfliction.Airspace.OiResult;
import org.liaison.deconfliction.Airspace.Recorded;
import org.liaison.deconfliction.Airspace.SubscriptionResult;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OiState;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.deconfliction.Models.Subscription;
import org.liaison.errors.ApiException;
import org.liaison.geo.Volume4D;

/**
 * The ASTM F3548 write rules: ownership and OVNs, operational intent states and the scopes they
 * need, the key rule, implicit subscriptions, notification of subscribers, expiry. They take
 * parsed commands ({@link Commands}), read {@link State}, and return the {@link Change} a write
 * wants with its ledger entry; they know nothing of JSON, threads or storage. The checks that need
 * no state ({@code check…}) run before the write engine; the rest run inside it, as its only
 * writer or under its locks, so memory does not change under them.
 */
final class Rules {
  /** Scopes the write rules depend on. */
  static final String SCOPE_SC = "utm.strategic_coordination";
  static final String SCOPE_CMSA = "utm.conformance_monitoring_sa";
  static final String SCOPE_CP = "utm.constraint_processing";
  static final Duration MAX_SUBSCRIPTION = Duration.ofHours(24);
  /**
   * How late a subscription may start after an operation it covers, outside strict mode: InterUSS
   * allows this much, its "maximum latency" between the two starts.
   */
  static final Duration SUBSCRIPTION_START_TOLERANCE = Duration.ofMinutes(5);
  private static final int EXPIRY_BATCH = 200;

  private final State memory;
  private final LedgerEntries entries;
  /** {@code --strict-astm}: the ASTM text where InterUSS is lenient (docs/compatibility.md). */
  private final boolean strict;
  private final SecureRandom random = new SecureRandom();

  Rules(State memory, LedgerEntries entries, boolean strict) {
    this.memory = memory;
    this.entries = entries;
    this.strict = strict;
  }

  private static <T> WriteEngine.Pending<T> staged(Change ch, Function<org.liaison.proof.Receipt, T> result) {
    return new WriteEngine.Pending<>(ch, result);
  }

  // ---------------------------------------------------------------- operational intents

  /** The scopes the requested state needs. */
  void checkScopes(Commands.PutOi c, Set<String> scopes) {
    OiState state = c.state();
    if ((state == OiState.Nonconforming || state == OiState.Contingent) && !scopes.contains(SCOPE_CMSA)) {
      throw ApiException.forbidden("state %s needs scope %s", state, SCOPE_CMSA);
    }
    if (state.needsKey() && !scopes.contains(SCOPE_SC)) {
      throw ApiException.forbidden("state %s needs scope %s", state, SCOPE_SC);
    }
  }

  /**
   * Creates ({@code ovn == null}) or updates an operational intent reference.
   *
   * @throws KeyConflict when the key misses the OVN of an overlapping reference
   */
  WriteEngine.Pending<OiResult> putOi(String caller, Set<String> scopes, UUID id, String ovn, Instant now,
      Commands.PutOi c) {
    OiState state = c.state();
    Extents extents = c.extents();
    OperationalIntent old = memory.ois.get(id);
    if (state == OiState.Accepted || state == OiState.Activated) {
      requireNotDown(caller, "declare an operational intent " + state);
    }
    if (ovn == null) {
      if (old != null) {
        throw ApiException.conflict("operational intent reference %s already exists", id);
      }
      if (state != OiState.Accepted) {
        throw ApiException.badRequest("state %s: a new operational intent must be Accepted", state);
      }
    } else {
      checkOwned(old, caller, ovn, id);
    }
    Change ch = new Change();
    Map<UUID, Subscription> touched = new LinkedHashMap<>();
    // The subscription this reference will depend on.
    Subscription attached = null;
    UUID created = null;
    if (c.subscriptionId() != null) {
      UUID sid = c.subscriptionId().get();
      attached = memory.subscriptions.get(sid);
      if (attached == null) {
        throw ApiException.badRequest("subscription_id %s does not exist", sid);
      }
      if (!attached.manager().equals(caller)) {
        throw ApiException.forbidden("subscription %s is managed by another party", sid);
      }
      if (attached.implicit()) {
        attached = attached.withExtents(grow(attached, id, extents));
        touched.put(sid, attached);
      } else {
        requireCovers(attached, extents);
      }
    } else if (c.newSubscription() != null) {
      Commands.NewSubscription n = c.newSubscription().get();
      boolean entitled = constraintScopeRule(n.notifyForConstraints(), scopes, "new_subscription.");
      created = UUID.randomUUID();
      attached = new Subscription(created, caller, 1, 0, extents, n.ussBaseUrl(), true, n.notifyForConstraints(),
          true, entitled);
      touched.put(created, attached);
    } else if (state != OiState.Accepted) {
      throw ApiException.badRequest(
          "state %s needs a subscription: give subscription_id or new_subscription", state);
    }
    if (state.needsKey()) {
      checkKey(id, extents, c.key(), attached != null && attached.receivesConstraints());
    }
    // Leaving an implicit subscription: it shrinks to its other operations or goes away.
    if (old != null && old.subscriptionId() != null
        && (attached == null || !old.subscriptionId().equals(attached.id()))) {
      detach(old, ch, touched);
    }
    OperationalIntent next = new OperationalIntent(
        id, caller, old == null ? 1 : old.version() + 1, newOvn(), state, extents, c.ussBaseUrl(),
        attached == null ? null : attached.id());
    List<Volume4D> changed = new ArrayList<>(extents.volumes());
    if (old != null) {
      changed.addAll(old.extents().volumes());
    }
    List<Notified> notified = notify(changed, true, false, created, ch, touched);
    ch.putOis.add(next);
    touched.values().forEach(ch.putSubscriptions::add);
    ch.entry = entries.notice(old == null ? "notice.create" : "notice.update", caller, now, next, notified,
        ch.deleteSubscriptions);
    return staged(ch, r -> new OiResult(next, notified, r));
  }

  WriteEngine.Pending<OiResult> deleteOi(String caller, UUID id, String ovn, Instant now) {
    OperationalIntent old = memory.ois.get(id);
    checkOwned(old, caller, ovn, id);
    requireNotDown(caller, "delete an operational intent");
    Change ch = new Change();
    Map<UUID, Subscription> touched = new LinkedHashMap<>();
    if (old.subscriptionId() != null) {
      detach(old, ch, touched);
    }
    List<Notified> notified = notify(old.extents().volumes(), true, false, null, ch, touched);
    ch.deleteOis.add(id);
    touched.values().forEach(ch.putSubscriptions::add);
    ch.entry = entries.notice("notice.delete", caller, now, old, notified, ch.deleteSubscriptions);
    return staged(ch, r -> new OiResult(old, notified, r));
  }

  // ---------------------------------------------------------------- constraints

  WriteEngine.Pending<ConstraintResult> putConstraint(String caller, UUID id, String ovn, Instant now,
      Commands.PutConstraint c) {
    Constraint old = memory.constraints.get(id);
    if (ovn == null && old != null) {
      throw ApiException.conflict("constraint reference %s already exists", id);
    }
    if (ovn != null) {
      checkOwned(old, caller, ovn, id);
    }
    Change ch = new Change();
    Map<UUID, Subscription> touched = new LinkedHashMap<>();
    List<Volume4D> changed = new ArrayList<>(c.extents().volumes());
    if (old != null) {
      changed.addAll(old.extents().volumes());
    }
    Constraint next = new Constraint(id, caller, old == null ? 1 : old.version() + 1, newOvn(), c.extents(),
        c.ussBaseUrl());
    List<Notified> notified = notify(changed, false, true, null, ch, touched);
    ch.putConstraints.add(next);
    touched.values().forEach(ch.putSubscriptions::add);
    ch.entry = entries.restriction(old == null ? "restriction.create" : "restriction.update", caller, now,
        next, notified);
    return staged(ch, r -> new ConstraintResult(next, notified, r));
  }

  WriteEngine.Pending<ConstraintResult> deleteConstraint(String caller, UUID id, String ovn, Instant now) {
    Constraint old = memory.constraints.get(id);
    checkOwned(old, caller, ovn, id);
    Change ch = new Change();
    Map<UUID, Subscription> touched = new LinkedHashMap<>();
    List<Notified> notified = notify(old.extents().volumes(), false, true, null, ch, touched);
    ch.deleteConstraints.add(id);
    touched.values().forEach(ch.putSubscriptions::add);
    ch.entry = entries.restriction("restriction.delete", caller, now, old, notified);
    return staged(ch, r -> new ConstraintResult(old, notified, r));
  }

  // ---------------------------------------------------------------- subscriptions

  /**
   * The checks of a subscription request that need no state: something to notify of, the scopes,
   * the length.
   *
   * @return whether the owner is entitled to constraint notifications
   */
  boolean checkSubscription(Commands.PutSubscription c, Set<String> scopes) {
    boolean forOis = c.notifyForOperationalIntents();
    if (!forOis && !c.notifyForConstraints()) {
      throw ApiException.badRequest(
          "notify_for_operational_intents and notify_for_constraints are both false; set at least one");
    }
    if (forOis && !scopes.contains(SCOPE_SC)) {
      throw ApiException.forbidden("notify_for_operational_intents needs scope %s", SCOPE_SC);
    }
    boolean entitled = constraintScopeRule(c.notifyForConstraints(), scopes, "");
    Volume4D v = c.extents().volumes().get(0);
    Duration length = Duration.between(v.time().start(), v.time().end());
    if (length.compareTo(MAX_SUBSCRIPTION) > 0) {
      throw ApiException.badRequest(
          "extents last %s; a subscription may last at most 24 h", length.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
    }
    return entitled;
  }

  WriteEngine.Pending<SubscriptionResult> putSubscription(String caller, UUID id, String version, Instant now,
      Commands.PutSubscription c, boolean entitled) {
    Subscription old = memory.subscriptions.get(id);
    if (version == null && old != null) {
      throw ApiException.conflict("subscription %s already exists", id);
    }
    if (version != null) {
      checkOwned(old, caller, version, id);
    }
    boolean implicit = old != null && old.implicit();
    Extents extents = c.extents();
    Subscription next = new Subscription(
        id, caller, old == null ? 1 : old.version() + 1, old == null ? 0 : old.notificationIndex(),
        extents, c.ussBaseUrl(), c.notifyForOperationalIntents(), c.notifyForConstraints(), implicit, entitled);
    for (UUID dep : memory.dependents.getOrDefault(id, Set.of())) {
      requireCovers(next, memory.ois.get(dep).extents());
    }
    Change ch = new Change();
    ch.putSubscriptions.add(next);
    ch.entry = entries.watch(old == null ? "watch.create" : "watch.update", caller, now, next);
    List<OperationalIntent> inOis = c.notifyForOperationalIntents()
        ? Airspace.cap(memory.oiIndex.query(extents.volumes()))
        : List.of();
    List<Constraint> inCs = next.receivesConstraints()
        ? Airspace.cap(memory.constraintIndex.query(extents.volumes()))
        : List.of();
    return staged(ch, r -> new SubscriptionResult(next, inOis, inCs, r));
  }

  WriteEngine.Pending<Recorded<Subscription>> deleteSubscription(String caller, UUID id, String version,
      Instant now) {
    Subscription old = memory.subscriptions.get(id);
    checkOwned(old, caller, version, id);
    Set<UUID> deps = memory.dependents.getOrDefault(id, Set.of());
    if (!deps.isEmpty()) {
      throw ApiException.badRequest(
          "subscription %s is still used by %d operational intent(s), for example %s",
          id, deps.size(), deps.iterator().next());
    }
    Change ch = new Change();
    ch.deleteSubscriptions.add(id);
    ch.entry = entries.watch("watch.delete", caller, now, old);
    return staged(ch, r -> new Recorded<>(old, r));
  }

  // ---------------------------------------------------------------- availability

  WriteEngine.Pending<Recorded<PartyAvailability>> setAvailability(String caller, String party, Instant now,
      Commands.SetAvailability c) {
    PartyAvailability cur = memory.availability.get(party);
    String curVersion = cur == null ? "" : String.valueOf(cur.version());
    String given = c.oldVersion() == null ? "" : c.oldVersion();
    if (!curVersion.equals(given)) {
      // InterUSS answers 409; setUssAvailability lists no 409 in the ASTM text, whose answer
      // for an invalid parameter is 400.
      throw new ApiException(strict ? ApiException.Kind.INVALID : ApiException.Kind.CONFLICT, String.format(
          "old_version \"%s\" is not the current version \"%s\" of %s's availability",
          Times.truncate(given), curVersion, party));
    }
    PartyAvailability a = new PartyAvailability(party, c.availability(), cur == null ? 1 : cur.version() + 1);
    Change ch = new Change();
    ch.putAvailability.add(a);
    ch.entry = entries.availability(caller, now, a, null);
    return staged(ch, r -> new Recorded<>(a, r));
  }

  /** The availability the hub observed, recorded by {@code observer} with {@code reason}. */
  WriteEngine.Pending<Recorded<PartyAvailability>> observeAvailability(String observer, String party,
      Availability next, String reason, Instant now) {
    PartyAvailability cur = memory.availability.get(party);
    PartyAvailability a = new PartyAvailability(party, next, cur == null ? 1 : cur.version() + 1);
    Change ch = new Change();
    ch.putAvailability.add(a);
    ch.entry = entries.availability(observer, now, a, reason);
    return staged(ch, r -> new Recorded<>(a, r));
  }

  // ---------------------------------------------------------------- expiry

  /** Whether anything ended before {@code cutoff}. */
  boolean anyExpired(Instant cutoff) {
    return !expired(cutoff).isEmpty();
  }

  /** Deletes one batch of what ended before {@code cutoff}; answers how many it removed. */
  WriteEngine.Pending<Integer> expire(Instant cutoff, Instant now) {
    Change ch = expired(cutoff);
    ch.entry = entries.expiry(now, cutoff, ch);
    int count = ch.deleteOis.size() + ch.deleteConstraints.size() + ch.deleteSubscriptions.size();
    return staged(ch, r -> count);
  }

  // ---------------------------------------------------------------- the rules' parts

  /** The key rule: every overlapping reference's current OVN must be in the key. */
  private void checkKey(UUID self, Extents extents, Set<String> key, boolean constraintsToo) {
    List<OperationalIntent> missingOis = new ArrayList<>();
    for (OperationalIntent oi : memory.oiIndex.query(extents.volumes(), o -> !o.id().equals(self))) {
      boolean exempt = oi.state() == OiState.Accepted
          && availabilityOf(oi.manager()) == Availability.Down;
      if (!exempt && !key.contains(oi.ovn())) {
        missingOis.add(oi);
      }
    }
    List<Constraint> missingCs = new ArrayList<>();
    if (constraintsToo) {
      for (Constraint c : memory.constraintIndex.query(extents.volumes())) {
        if (!key.contains(c.ovn())) {
          missingCs.add(c);
        }
      }
    }
    if (!missingOis.isEmpty() || !missingCs.isEmpty()) {
      throw new KeyConflict(
          String.format("key is missing the OVNs of %d operational intent(s) and %d constraint(s) that overlap",
              missingOis.size(), missingCs.size()),
          missingOis, missingCs);
    }
  }

  /**
   * ASTM F3548-21 answers 412 when a USS marked Down in the DSS declares an operational intent
   * Accepted or Activated, or deletes one: it must first set its availability back to Normal.
   */
  private void requireNotDown(String caller, String what) {
    if (availabilityOf(caller) == Availability.Down) {
      throw ApiException.preconditionFailed(
          "uss_availability of %s is Down: set it to Normal (PUT /dss/v1/uss_availability/%s) to %s",
          caller, caller, what);
    }
  }

  /**
   * The one scope rule for {@code notify_for_constraints}, explicit and implicit subscriptions
   * alike. ASTM F3548-21 gives constraint notifications to {@code utm.constraint_processing};
   * InterUSS does not check. Strict mode refuses the flag without that scope (403); the default
   * accepts it, as InterUSS does, and returns false: the subscription then hears of no constraint.
   *
   * @return whether the owner is entitled to constraint notifications
   */
  private boolean constraintScopeRule(boolean forConstraints, Set<String> scopes, String prefix) {
    boolean entitled = scopes.contains(SCOPE_CP);
    if (forConstraints && !entitled && strict) {
      throw ApiException.forbidden("%snotify_for_constraints needs scope %s (ASTM F3548-21; the hub runs with --strict-astm)",
          prefix, SCOPE_CP);
    }
    return entitled;
  }

  private Availability availabilityOf(String party) {
    return memory.availabilityOf(party);
  }

  /** Implicit subscriptions grow to cover every operation that depends on them. */
  private Extents grow(Subscription sub, UUID self, Extents extents) {
    List<Volume4D> vs = new ArrayList<>(extents.volumes());
    String start = extents.startText();
    String end = extents.endText();
    Instant s = extents.span().start();
    Instant e = extents.span().end();
    for (UUID dep : memory.dependents.getOrDefault(sub.id(), Set.of())) {
      if (dep.equals(self)) {
        continue;
      }
      Extents de = memory.ois.get(dep).extents();
      vs.addAll(de.volumes());
      if (de.span().start().isBefore(s)) {
        s = de.span().start();
        start = de.startText();
      }
      if (de.span().end().isAfter(e)) {
        e = de.span().end();
        end = de.endText();
      }
    }
    return new Extents(vs, start, end);
  }

  private void detach(OperationalIntent old, Change ch, Map<UUID, Subscription> touched) {
    UUID sid = old.subscriptionId();
    Subscription sub = touched.getOrDefault(sid, memory.subscriptions.get(sid));
    if (sub == null || !sub.implicit()) {
      return;
    }
    Set<UUID> rest = new HashSet<>(memory.dependents.getOrDefault(sid, Set.of()));
    rest.remove(old.id());
    if (rest.isEmpty()) {
      touched.remove(sid);
      ch.deleteSubscriptions.add(sid);
    } else {
      UUID any = rest.iterator().next();
      touched.put(sid, sub.withExtents(grow(sub, old.id(), memory.ois.get(any).extents())));
    }
  }

  /**
   * Each volume must lie inside one of the subscription's volumes. The area test is exact, as the
   * overlap test that decides notifications is: a cover by index cells let operations poke out of
   * their subscription, and changes there never reached it.
   */
  private void requireCovers(Subscription sub, Extents extents) {
    // InterUSS lets a subscription start up to 5 minutes after the operation it covers; the ASTM
    // text (strict mode) wants it to cover the operation's whole time.
    Duration late = strict ? Duration.ZERO : SUBSCRIPTION_START_TOLERANCE;
    for (int i = 0; i < extents.volumes().size(); i++) {
      Volume4D v = extents.volumes().get(i);
      boolean covered = false;
      for (int j = 0; j < sub.extents().volumes().size() && !covered; j++) {
        Volume4D sv = sub.extents().volumes().get(j);
        covered = !sv.time().start().isAfter(v.time().start().plus(late))
            && !sv.time().end().isBefore(v.time().end())
            && sv.altitude().lower() <= v.altitude().lower()
            && sv.altitude().upper() >= v.altitude().upper()
            && sv.outline().contains(v.outline());
      }
      if (!covered) {
        throw ApiException.badRequest(
            "subscription %s does not cover extents[%d] in area, altitude and time", sub.id(), i);
      }
    }
  }

  /**
   * Bumps the notification index of every subscription whose area and time the change touches,
   * once, and returns them. {@code skip} is a subscription created by this very write.
   */
  private List<Notified> notify(
      List<Volume4D> changed, boolean forOis, boolean forConstraints, UUID skip,
      Change ch, Map<UUID, Subscription> touched) {
    List<UUID> hits = memory.subscriptionIndex.query(changed, sid -> {
      Subscription s = memory.subscriptions.get(sid);
      return !sid.equals(skip) && !ch.deleteSubscriptions.contains(sid)
          && ((forOis && s.notifyForOperationalIntents()) || (forConstraints && s.receivesConstraints()));
    });
    List<Notified> out = new ArrayList<>();
    for (UUID sid : hits) {
      Subscription s = touched.getOrDefault(sid, memory.subscriptions.get(sid)).notified();
      touched.put(sid, s);
      out.add(new Notified(sid, s.notificationIndex(), s.ussBaseUrl()));
    }
    return out;
  }

  private static void checkOwned(OperationalIntent old, String caller, String ovn, UUID id) {
    if (old == null) {
      throw ApiException.notFound("operational intent reference %s not found", id);
    }
    if (!old.manager().equals(caller)) {
      throw ApiException.forbidden("operational intent reference %s is managed by %s", id, old.manager());
    }
    if (!old.ovn().equals(ovn)) {
      throw ApiException.conflict("OVN %s is not the current OVN of operational intent reference %s", Times.truncate(ovn), id);
    }
  }

  private static void checkOwned(Constraint old, String caller, String ovn, UUID id) {
    if (old == null) {
      throw ApiException.notFound("constraint reference %s not found", id);
    }
    if (!old.manager().equals(caller)) {
      throw ApiException.forbidden("constraint reference %s is managed by %s", id, old.manager());
    }
    if (!old.ovn().equals(ovn)) {
      throw ApiException.conflict("OVN %s is not the current OVN of constraint reference %s", Times.truncate(ovn), id);
    }
  }

  private static void checkOwned(Subscription old, String caller, String version, UUID id) {
    if (old == null) {
      throw ApiException.notFound("subscription %s not found", id);
    }
    if (!old.manager().equals(caller)) {
      throw ApiException.forbidden("subscription %s is managed by another party", id);
    }
    if (!String.valueOf(old.version()).equals(version)) {
      throw ApiException.conflict("version %s is not the current version of subscription %s", Times.truncate(version), id);
    }
  }

  /** Up to one batch of what ended before {@code cutoff}, as a change that deletes it. */
  private Change expired(Instant cutoff) {
    Change ch = new Change();
    memory.ois.values().stream().filter(oi -> oi.extents().span().end().isBefore(cutoff))
        .limit(EXPIRY_BATCH).forEach(oi -> ch.deleteOis.add(oi.id()));
    memory.constraints.values().stream().filter(c -> c.extents().span().end().isBefore(cutoff))
        .limit(EXPIRY_BATCH).forEach(c -> ch.deleteConstraints.add(c.id()));
    Set<UUID> gone = new HashSet<>(ch.deleteOis);
    for (Subscription sub : memory.subscriptions.values()) {
      if (ch.deleteSubscriptions.size() == EXPIRY_BATCH) {
        break;
      }
      Set<UUID> users = new HashSet<>(memory.dependents.getOrDefault(sub.id(), Set.of()));
      users.removeAll(gone);
      boolean lastUserGone = sub.implicit() && users.isEmpty() && memory.dependents.containsKey(sub.id());
      boolean ended = sub.extents().span().end().isBefore(cutoff) && users.isEmpty();
      if (lastUserGone || ended) {
        ch.deleteSubscriptions.add(sub.id());
      }
    }
    return ch;
  }

  private String newOvn() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

}
