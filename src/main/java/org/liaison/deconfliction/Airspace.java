package org.liaison.deconfliction;

import org.liaison.astm.Extents;
import org.liaison.astm.Times;
import org.liaison.astm.Wire;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OiState;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.deconfliction.Models.Subscription;
import org.liaison.errors.ApiException;
import org.liaison.geo.Volume4D;
import org.liaison.ledger.Ledger;
import org.liaison.ledger.Receipt;
import org.liaison.store.Database;

/**
 * The deconfliction service of the hub: ASTM F3548 operational intent references, constraint
 * references, subscriptions and USS availability, and their rules (ownership, states, the key
 * rule, implicit subscriptions).
 *
 * <p>The database is the source of truth; the memory ({@link State}) is rebuilt from it at start,
 * and readers never block on the database. Writes go through a {@link WriteEngine}: {@link
 * OneInstanceEngine} (group commit) when this process is the database's only hub, {@link
 * ManyInstanceEngine} (lock stripes and a shared change log) when several share it.
 */
public final class Airspace implements AutoCloseable {
  static final int RESULT_CAP = 10_000;
  static final Duration MAX_SUBSCRIPTION = Duration.ofHours(24);
  /**
   * How late a subscription may start after an operation it covers, outside strict mode: InterUSS
   * allows this much, its "maximum latency" between the two starts.
   */
  static final Duration SUBSCRIPTION_START_TOLERANCE = Duration.ofMinutes(5);

  /** Scopes the write rules depend on. */
  static final String SCOPE_SC = "utm.strategic_coordination";
  static final String SCOPE_CMSA = "utm.conformance_monitoring_sa";
  static final String SCOPE_CP = "utm.constraint_processing";

  private final DssStore store;
  private final LedgerEntries entries;
  private final Clock clock;
  private final boolean allowHttpBaseUrls;
  /** {@code --strict-astm}: the ASTM text where InterUSS is lenient (docs/compatibility.md). */
  private final boolean strict;
  private final SecureRandom random = new SecureRandom();
  private final State memory = new State();
  private final WriteEngine engine;

  /**
   * @param manyInstances whether several hub processes share {@code db} (a PostgreSQL-wire store),
   *     each running the many-instance engine; false when this process is its only hub
   */
  public Airspace(Database db, Ledger ledger, Clock clock, boolean allowHttpBaseUrls, boolean strictAstm,
      boolean manyInstances) {
    this.entries = new LedgerEntries(ledger);
    this.store = new DssStore(db, entries, manyInstances);
    this.clock = clock;
    this.allowHttpBaseUrls = allowHttpBaseUrls;
    this.strict = strictAstm;
    this.engine = manyInstances
        ? new ManyInstanceEngine(memory, store, db, entries)
        : new OneInstanceEngine(memory, store, entries);
  }

  /** How long after their end references and subscriptions are kept before they expire. */
  public static final Duration EXPIRY_GRACE = Duration.ofHours(1);
  private static final int EXPIRY_BATCH = 200;

  // ---------------------------------------------------------------- results

  /** A subscription to notify, with the index the notification must carry. */
  public record Notified(UUID subscriptionId, long notificationIndex, String ussBaseUrl) {}

  /** The result of an operational intent write. */
  public record OiResult(OperationalIntent oi, List<Notified> subscribers, Receipt receipt) {}

  /** The result of a constraint write. */
  public record ConstraintResult(Constraint constraint, List<Notified> subscribers, Receipt receipt) {}

  /** The result of a subscription write, with the references in its area. */
  public record SubscriptionResult(
      Subscription subscription,
      List<OperationalIntent> ois,
      List<Constraint> constraints,
      Receipt receipt) {}

  /** A write's resulting value and the ledger receipt proving it was recorded. */
  public record Recorded<T>(T value, Receipt receipt) {}

  /** 409 for a key that misses OVNs; lists exactly the references whose OVN was missing. */
  public static final class KeyConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient List<OperationalIntent> missingOis;
    final transient List<Constraint> missingConstraints;

    KeyConflict(String message, List<OperationalIntent> ois, List<Constraint> cs) {
      super(message, null, false, false);
      this.missingOis = ois;
      this.missingConstraints = cs;
    }
  }

  // ---------------------------------------------------------------- reads

  public OperationalIntent getOi(UUID id) {
    OperationalIntent oi = read(() -> memory.ois.get(id));
    if (oi == null) {
      throw ApiException.notFound("operational intent reference %s not found", id);
    }
    return oi;
  }

  public List<OperationalIntent> queryOis(List<Volume4D> area) {
    return read(() -> cap(memory.oiIndex.query(area).stream().map(memory.ois::get).toList()));
  }

  public Constraint getConstraint(UUID id) {
    Constraint c = read(() -> memory.constraints.get(id));
    if (c == null) {
      throw ApiException.notFound("constraint reference %s not found", id);
    }
    return c;
  }

  public List<Constraint> queryConstraints(List<Volume4D> area) {
    return read(() -> cap(memory.constraintIndex.query(area).stream().map(memory.constraints::get).toList()));
  }

  public Subscription getSubscription(String caller, UUID id) {
    Subscription s = read(() -> memory.subscriptions.get(id));
    if (s == null) {
      throw ApiException.notFound("subscription %s not found", id);
    }
    if (!s.manager().equals(caller)) {
      throw ApiException.forbidden("subscription %s is managed by another party", id);
    }
    return s;
  }

  /** The caller's own subscriptions in the area, as InterUSS answers. */
  public List<Subscription> querySubscriptions(String caller, List<Volume4D> area) {
    return read(() -> cap(memory.subscriptionIndex.query(area, id -> memory.subscriptions.get(id).manager().equals(caller))
        .stream().map(memory.subscriptions::get).toList()));
  }

  public Set<UUID> dependentsOf(UUID subscriptionId) {
    return read(() -> Set.copyOf(memory.dependents.getOrDefault(subscriptionId, Set.of())));
  }

  public PartyAvailability availability(String party) {
    return read(() -> memory.availability.getOrDefault(party, new PartyAvailability(party, Availability.Unknown, 0)));
  }

  public int size() {
    return read(memory.ois::size);
  }

  private static <T> List<T> cap(List<T> l) {
    return l.size() <= RESULT_CAP ? l : l.subList(0, RESULT_CAP);
  }

  // ---------------------------------------------------------------- operational intents

  /**
   * Creates ({@code ovn == null}) or updates an operational intent reference.
   *
   * @throws KeyConflict when the key misses the OVN of an overlapping reference
   */
  public OiResult putOi(String caller, Set<String> scopes, UUID id, String ovn, JsonNode body) {
    Instant now = clock.instant();
    Wire.object(body, "body");
    Extents extents = Wire.extents(body, "extents", "", Wire.Mode.OPERATION, now, strict);
    OiState state = OiState.parse(Wire.text(body, "state", ""), "state");
    String baseUrl = Wire.baseUrl(body, "uss_base_url", "", allowHttpBaseUrls, strict);
    Set<String> key = key(body);
    String subIdText = Wire.optionalText(body, "subscription_id", "");
    JsonNode newSub = body.get("new_subscription");
    boolean hasNewSub = newSub != null && !newSub.isNull();
    if (subIdText != null && hasNewSub) {
      throw ApiException.badRequest("subscription_id and new_subscription are both given; give one");
    }
    if ((state == OiState.Nonconforming || state == OiState.Contingent) && !scopes.contains(SCOPE_CMSA)) {
      throw ApiException.forbidden("state %s needs scope %s", state, SCOPE_CMSA);
    }
    if (state.needsKey() && !scopes.contains(SCOPE_SC)) {
      throw ApiException.forbidden("state %s needs scope %s", state, SCOPE_SC);
    }
    return write(() -> {
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
      if (subIdText != null) {
        UUID sid = Wire.uuid(subIdText, "subscription_id");
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
      } else if (hasNewSub) {
        Wire.object(newSub, "new_subscription");
        String subUrl = Wire.baseUrl(newSub, "uss_base_url", "new_subscription", allowHttpBaseUrls, strict);
        boolean forConstraints = Wire.optionalBool(newSub, "notify_for_constraints", "new_subscription", false);
        boolean entitled = constraintScopeRule(forConstraints, scopes, "new_subscription.");
        created = UUID.randomUUID();
        attached = new Subscription(created, caller, 1, 0, extents, subUrl, true, forConstraints, true, entitled);
        touched.put(created, attached);
      } else if (state != OiState.Accepted) {
        throw ApiException.badRequest(
            "state %s needs a subscription: give subscription_id or new_subscription", state);
      }
      if (state.needsKey()) {
        checkKey(id, extents, key, attached != null && attached.receivesConstraints());
      }
      // Leaving an implicit subscription: it shrinks to its other operations or goes away.
      if (old != null && old.subscriptionId() != null
          && (attached == null || !old.subscriptionId().equals(attached.id()))) {
        detach(old, ch, touched);
      }
      OperationalIntent next = new OperationalIntent(
          id, caller, old == null ? 1 : old.version() + 1, newOvn(), state, extents, baseUrl,
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
    });
  }

  public OiResult deleteOi(String caller, UUID id, String ovn) {
    return write(() -> {
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
      ch.entry = entries.notice("notice.delete", caller, clock.instant(), old, notified, ch.deleteSubscriptions);
      return staged(ch, r -> new OiResult(old, notified, r));
    });
  }

  private Set<String> key(JsonNode body) {
    JsonNode k = body.get("key");
    Set<String> key = new HashSet<>();
    if (k == null || k.isNull()) {
      return key;
    }
    if (!k.isArray()) {
      throw ApiException.badRequest("key must be an array of OVNs, got %s", Wire.describe(k));
    }
    for (int i = 0; i < k.size(); i++) {
      if (!k.get(i).isTextual()) {
        throw ApiException.badRequest("key[%d] must be a string, got %s", i, Wire.describe(k.get(i)));
      }
      key.add(k.get(i).textValue());
    }
    return key;
  }

  /** The key rule: every overlapping reference's current OVN must be in the key. */
  private void checkKey(UUID self, Extents extents, Set<String> key, boolean constraintsToo) {
    List<OperationalIntent> missingOis = new ArrayList<>();
    for (UUID other : memory.oiIndex.query(extents.volumes(), o -> !o.equals(self))) {
      OperationalIntent oi = memory.ois.get(other);
      boolean exempt = oi.state() == OiState.Accepted
          && availabilityOf(oi.manager()) == Availability.Down;
      if (!exempt && !key.contains(oi.ovn())) {
        missingOis.add(oi);
      }
    }
    List<Constraint> missingCs = new ArrayList<>();
    if (constraintsToo) {
      for (UUID other : memory.constraintIndex.query(extents.volumes())) {
        Constraint c = memory.constraints.get(other);
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

  // ---------------------------------------------------------------- constraints

  public ConstraintResult putConstraint(String caller, UUID id, String ovn, JsonNode body) {
    Instant now = clock.instant();
    Wire.object(body, "body");
    Extents extents = Wire.extents(body, "extents", "", Wire.Mode.CONSTRAINT, now, strict);
    String baseUrl = Wire.baseUrl(body, "uss_base_url", "", allowHttpBaseUrls, strict);
    return write(() -> {
      Constraint old = memory.constraints.get(id);
      if (ovn == null && old != null) {
        throw ApiException.conflict("constraint reference %s already exists", id);
      }
      if (ovn != null) {
        checkOwned(old, caller, ovn, id);
      }
      Change ch = new Change();
      Map<UUID, Subscription> touched = new LinkedHashMap<>();
      List<Volume4D> changed = new ArrayList<>(extents.volumes());
      if (old != null) {
        changed.addAll(old.extents().volumes());
      }
      Constraint next = new Constraint(id, caller, old == null ? 1 : old.version() + 1, newOvn(), extents, baseUrl);
      List<Notified> notified = notify(changed, false, true, null, ch, touched);
      ch.putConstraints.add(next);
      touched.values().forEach(ch.putSubscriptions::add);
      ch.entry = entries.restriction(old == null ? "restriction.create" : "restriction.update", caller, now,
          next, notified);
      return staged(ch, r -> new ConstraintResult(next, notified, r));
    });
  }

  public ConstraintResult deleteConstraint(String caller, UUID id, String ovn) {
    return write(() -> {
      Constraint old = memory.constraints.get(id);
      checkOwned(old, caller, ovn, id);
      Change ch = new Change();
      Map<UUID, Subscription> touched = new LinkedHashMap<>();
      List<Notified> notified = notify(old.extents().volumes(), false, true, null, ch, touched);
      ch.deleteConstraints.add(id);
      touched.values().forEach(ch.putSubscriptions::add);
      ch.entry = entries.restriction("restriction.delete", caller, clock.instant(), old, notified);
      return staged(ch, r -> new ConstraintResult(old, notified, r));
    });
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

  // ---------------------------------------------------------------- subscriptions

  public SubscriptionResult putSubscription(
      String caller, Set<String> scopes, UUID id, String version, JsonNode body) {
    Instant now = clock.instant();
    Wire.object(body, "body");
    JsonNode ext = Wire.object(Wire.required(body, "extents", ""), "extents");
    Wire.Parsed p = Wire.volume4d(ext, "extents", Wire.Mode.SUBSCRIPTION, now);
    Extents extents = new Extents(List.of(p.volume()), p.start().text(), p.end().text());
    String baseUrl = Wire.baseUrl(body, "uss_base_url", "", allowHttpBaseUrls, strict);
    boolean forOis = Wire.optionalBool(body, "notify_for_operational_intents", "", false);
    boolean forCs = Wire.optionalBool(body, "notify_for_constraints", "", false);
    if (!forOis && !forCs) {
      throw ApiException.badRequest(
          "notify_for_operational_intents and notify_for_constraints are both false; set at least one");
    }
    if (forOis && !scopes.contains(SCOPE_SC)) {
      throw ApiException.forbidden("notify_for_operational_intents needs scope %s", SCOPE_SC);
    }
    boolean entitled = constraintScopeRule(forCs, scopes, "");
    Duration length = Duration.between(p.volume().time().start(), p.volume().time().end());
    if (length.compareTo(MAX_SUBSCRIPTION) > 0) {
      throw ApiException.badRequest(
          "extents last %s; a subscription may last at most 24 h", length.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
    }
    return write(() -> {
      Subscription old = memory.subscriptions.get(id);
      if (version == null && old != null) {
        throw ApiException.conflict("subscription %s already exists", id);
      }
      if (version != null) {
        checkOwned(old, caller, version, id);
      }
      boolean implicit = old != null && old.implicit();
      Subscription next = new Subscription(
          id, caller, old == null ? 1 : old.version() + 1, old == null ? 0 : old.notificationIndex(),
          extents, baseUrl, forOis, forCs, implicit, entitled);
      for (UUID dep : memory.dependents.getOrDefault(id, Set.of())) {
        requireCovers(next, memory.ois.get(dep).extents());
      }
      Change ch = new Change();
      ch.putSubscriptions.add(next);
      ch.entry = entries.watch(old == null ? "watch.create" : "watch.update", caller, now, next);
      List<OperationalIntent> inOis = forOis ? queryOis(extents.volumes()) : List.of();
      List<Constraint> inCs = next.receivesConstraints() ? queryConstraints(extents.volumes()) : List.of();
      return staged(ch, r -> new SubscriptionResult(next, inOis, inCs, r));
    });
  }

  public Recorded<Subscription> deleteSubscription(String caller, UUID id, String version) {
    return write(() -> {
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
      ch.entry = entries.watch("watch.delete", caller, clock.instant(), old);
      return staged(ch, r -> new Recorded<>(old, r));
    });
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

  // ---------------------------------------------------------------- availability

  public Recorded<PartyAvailability> setAvailability(String caller, String party, JsonNode body) {
    Wire.object(body, "body");
    String oldVersion = Wire.optionalText(body, "old_version", "");
    Availability next = Availability.parse(Wire.text(body, "availability", ""), "availability");
    return write(() -> {
      PartyAvailability cur = memory.availability.get(party);
      String curVersion = cur == null ? "" : String.valueOf(cur.version());
      String given = oldVersion == null ? "" : oldVersion;
      if (!curVersion.equals(given)) {
        // InterUSS answers 409; setUssAvailability lists no 409 in the ASTM text, whose answer
        // for an invalid parameter is 400.
        throw new ApiException(strict ? ApiException.Kind.INVALID : ApiException.Kind.CONFLICT, String.format(
            "old_version \"%s\" is not the current version \"%s\" of %s's availability",
            Times.truncate(given), curVersion, party));
      }
      PartyAvailability a = new PartyAvailability(party, next, cur == null ? 1 : cur.version() + 1);
      Change ch = new Change();
      ch.putAvailability.add(a);
      ch.entry = entries.availability(caller, clock.instant(), a, null);
      return staged(ch, r -> new Recorded<>(a, r));
    });
  }

  /**
   * Sets {@code party}'s availability as the hub itself observed it (its heartbeats stopped or
   * resumed), without the {@code old_version} check that callers of the ASTM API must pass. The
   * change is recorded as {@code availability.set} by {@code observer}, with {@code reason}.
   * Returns null, and writes nothing, when the availability already is {@code next}.
   */
  public Recorded<PartyAvailability> observeAvailability(
      String observer, String party, Availability next, String reason) {
    if (availability(party).availability() == next) {
      return null;
    }
    return write(() -> {
      PartyAvailability cur = memory.availability.get(party);
      PartyAvailability a = new PartyAvailability(party, next, cur == null ? 1 : cur.version() + 1);
      Change ch = new Change();
      ch.putAvailability.add(a);
      ch.entry = entries.availability(observer, clock.instant(), a, reason);
      return staged(ch, r -> new Recorded<>(a, r));
    });
  }

  /**
   * Stores a report (for example a node's notification it gave up on) and records it on the
   * ledger: its id, who filed it, and a SHA-256 of its text.
   */
  public Receipt saveReport(String id, String party, String doc) {
    return store.saveReport(id, party, doc, entries.report(party, clock.instant(), id, doc));
  }

  // ---------------------------------------------------------------- commit and apply

  /**
   * Removes operational intents, constraints and subscriptions whose time ended more than {@link
   * #EXPIRY_GRACE} ago, a batch per transaction, each batch recorded on the ledger as {@code
   * airspace.expire} with the ids removed; the ledger keeps their history. An implicit subscription
   * goes with its last operation; an explicit one still used by a live operation stays.
   *
   * @return how many were removed
   */
  public int expire() {
    int removed = 0;
    while (true) {
      Instant cutoff = clock.instant().minus(EXPIRY_GRACE);
      if (read(() -> expired(cutoff).isEmpty())) {
        return removed;
      }
      int n = write(() -> {
        Change ch = expired(cutoff);
        ch.entry = entries.expiry(clock.instant(), cutoff, ch);
        int count = ch.deleteOis.size() + ch.deleteConstraints.size() + ch.deleteSubscriptions.size();
        return staged(ch, r -> count);
      });
      if (n == 0) {
        return removed;
      }
      removed += n;
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

  private <T> WriteEngine.Pending<T> staged(Change ch, Function<Receipt, T> result) {
    return new WriteEngine.Pending<>(ch, result);
  }

  /**
   * Runs {@code op} through the write engine: it validates against the current state and returns
   * the change it wants, which the engine records with its ledger entry.
   */
  private <T> T write(Supplier<WriteEngine.Pending<T>> op) {
    return engine.write(op);
  }

  private <T> T read(Supplier<T> s) {
    return engine.read(s);
  }

  /** Reads other instances' changes now, rather than at the follower's next turn (many instances). */
  void followNow() {
    engine.followNow();
  }

  /** Commits what is staged, then stops the committer or follower. Writes after this are refused. */
  @Override
  public void close() {
    engine.close();
  }

  // ---------------------------------------------------------------- ids

  private String newOvn() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }


  /** All references, for the console's picture and for tests. */
  public Collection<OperationalIntent> allOis() {
    return read(() -> List.copyOf(memory.ois.values()));
  }

  public Collection<Constraint> allConstraints() {
    return read(() -> List.copyOf(memory.constraints.values()));
  }
}
