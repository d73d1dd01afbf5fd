package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.geometry.S2CellId;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OiState;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.deconfliction.Models.Subscription;
import org.liaison.errors.ApiException;
import org.liaison.geo.Cells;
import org.liaison.geo.SpaceTimeIndex;
import org.liaison.geo.Volume4D;
import org.liaison.ledger.Ledger;
import org.liaison.proof.Receipt;
import org.liaison.store.Database;
import org.liaison.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deconfliction state of the hub and its rules: ASTM F3548 operational intent references,
 * constraint references, subscriptions and USS availability.
 *
 * <p>The database is the source of truth; the memory is rebuilt from it at start, and readers
 * never block on the database. Writes take one of two paths (docs/decisions/0003 and 0005):
 *
 * <ul>
 *   <li><b>One instance</b> (embedded SQLite): one writer at a time validates a request against
 *       memory and applies it there; a committer thread commits what is staged in one transaction
 *       (group commit), and each answer waits for its commit.
 *   <li><b>Many instances</b> (PostgreSQL-wire): a writer locks the stripes its change may touch,
 *       catches memory up from the shared change log, validates, writes and appends its change to
 *       the log in one transaction. A follower thread keeps memory within {@value #FOLLOW_MILLIS}
 *       ms of the log, so every instance sees every change.
 * </ul>
 */
public final class Airspace implements AutoCloseable {
  static final int RESULT_CAP = 10_000;
  /** Most changes committed in one transaction. */
  static final int MAX_BATCH = 512;
  static final Duration MAX_SUBSCRIPTION = Duration.ofHours(24);
  /**
   * How late a subscription may start after an operation it covers, outside strict mode: InterUSS
   * allows this much, its "maximum latency" between the two starts.
   */
  static final Duration SUBSCRIPTION_START_TOLERANCE = Duration.ofMinutes(5);
  /** How often an instance reads other instances' changes from the shared log. */
  static final long FOLLOW_MILLIS = 100;
  /** Logged changes older than this are pruned; an instance further behind reloads. */
  static final int LOG_RETENTION_MINUTES = 10;
  /** S2 level of the cells that map to lock stripes: about 40 km across. */
  static final int STRIPE_LEVEL = 8;
  private static final int CATCH_UP_BATCH = 1000;
  private static final int MAX_LOCK_ROUNDS = 8;
  private static final Logger log = LoggerFactory.getLogger(Airspace.class);

  /** Scopes the write rules depend on. */
  static final String SCOPE_SC = "utm.strategic_coordination";
  static final String SCOPE_CMSA = "utm.conformance_monitoring_sa";
  static final String SCOPE_CP = "utm.constraint_processing";

  private final DssStore store;
  private final Database db;
  private final Ledger ledger;
  private final Clock clock;
  private final boolean allowHttpBaseUrls;
  /** {@code --strict-astm}: the ASTM text where InterUSS is lenient (docs/compatibility.md). */
  private final boolean strict;
  private final SecureRandom random = new SecureRandom();
  private final Object writer = new Object();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private final Map<UUID, OperationalIntent> ois = new HashMap<>();
  private final SpaceTimeIndex<UUID> oiIndex = new SpaceTimeIndex<>();
  private final Map<UUID, Constraint> constraints = new HashMap<>();
  private final SpaceTimeIndex<UUID> constraintIndex = new SpaceTimeIndex<>();
  private final Map<UUID, Subscription> subscriptions = new HashMap<>();
  private final SpaceTimeIndex<UUID> subscriptionIndex = new SpaceTimeIndex<>();
  private final Map<UUID, Set<UUID>> dependents = new HashMap<>();
  private final Map<String, PartyAvailability> availability = new HashMap<>();
  private final LinkedBlockingQueue<Staged> queue = new LinkedBlockingQueue<>();
  /** The one-instance committer, or the many-instance follower. */
  private final Thread worker;
  private final boolean shared;
  /** Guards {@link #logHead}: the last shared-log change applied to memory. */
  private final Object logMutex = new Object();
  private long logHead;
  /** Set when the changes this instance still needed were pruned: the follower reloads it. */
  private volatile boolean behind;
  /** One instance: memory could not be rebuilt after a failed commit and must not answer until it is. */
  private volatile boolean stale;
  /** While stale, the next reload is tried no sooner than this (System.nanoTime), so requests fail fast. */
  private long nextReload;
  private volatile boolean closed;

  public Airspace(Database db, Ledger ledger, Clock clock, boolean allowHttpBaseUrls, boolean strictAstm) {
    this.store = new DssStore(db, ledger);
    this.db = db;
    this.ledger = ledger;
    this.clock = clock;
    this.allowHttpBaseUrls = allowHttpBaseUrls;
    this.strict = strictAstm;
    this.shared = db.isPostgres();
    load();
    worker = shared
        ? new Thread(this::follow, "liaison-dss-follower")
        : new Thread(this::commitLoop, "liaison-dss-committer");
    worker.setDaemon(true);
    worker.start();
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

  private <T> T read(Supplier<T> s) {
    if (stale) {
      synchronized (writer) {
        reloadIfStale();
      }
    }
    lock.readLock().lock();
    try {
      return s.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  public OperationalIntent getOi(UUID id) {
    OperationalIntent oi = read(() -> ois.get(id));
    if (oi == null) {
      throw ApiException.notFound("operational intent reference %s not found", id);
    }
    return oi;
  }

  public List<OperationalIntent> queryOis(List<Volume4D> area) {
    return read(() -> cap(oiIndex.query(area).stream().map(ois::get).toList()));
  }

  public Constraint getConstraint(UUID id) {
    Constraint c = read(() -> constraints.get(id));
    if (c == null) {
      throw ApiException.notFound("constraint reference %s not found", id);
    }
    return c;
  }

  public List<Constraint> queryConstraints(List<Volume4D> area) {
    return read(() -> cap(constraintIndex.query(area).stream().map(constraints::get).toList()));
  }

  public Subscription getSubscription(String caller, UUID id) {
    Subscription s = read(() -> subscriptions.get(id));
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
    return read(() -> cap(subscriptionIndex.query(area, id -> subscriptions.get(id).manager().equals(caller))
        .stream().map(subscriptions::get).toList()));
  }

  public Set<UUID> dependentsOf(UUID subscriptionId) {
    return read(() -> Set.copyOf(dependents.getOrDefault(subscriptionId, Set.of())));
  }

  public PartyAvailability availability(String party) {
    return read(() -> availability.getOrDefault(party, new PartyAvailability(party, Availability.Unknown, 0)));
  }

  public int size() {
    return read(ois::size);
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
      OperationalIntent old = ois.get(id);
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
        attached = subscriptions.get(sid);
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
      ch.entry = oiEntry(old == null ? "notice.create" : "notice.update", caller, now, next, notified, ch);
      return staged(ch, r -> new OiResult(next, notified, r));
    });
  }

  public OiResult deleteOi(String caller, UUID id, String ovn) {
    return write(() -> {
      OperationalIntent old = ois.get(id);
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
      ch.entry = oiEntry("notice.delete", caller, clock.instant(), old, notified, ch);
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
    for (UUID other : oiIndex.query(extents.volumes(), o -> !o.equals(self))) {
      OperationalIntent oi = ois.get(other);
      boolean exempt = oi.state() == OiState.Accepted
          && availabilityOf(oi.manager()) == Availability.Down;
      if (!exempt && !key.contains(oi.ovn())) {
        missingOis.add(oi);
      }
    }
    List<Constraint> missingCs = new ArrayList<>();
    if (constraintsToo) {
      for (UUID other : constraintIndex.query(extents.volumes())) {
        Constraint c = constraints.get(other);
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
    PartyAvailability a = availability.get(party);
    return a == null ? Availability.Unknown : a.availability();
  }

  /** Implicit subscriptions grow to cover every operation that depends on them. */
  private Extents grow(Subscription sub, UUID self, Extents extents) {
    List<Volume4D> vs = new ArrayList<>(extents.volumes());
    String start = extents.startText();
    String end = extents.endText();
    Instant s = extents.span().start();
    Instant e = extents.span().end();
    for (UUID dep : dependents.getOrDefault(sub.id(), Set.of())) {
      if (dep.equals(self)) {
        continue;
      }
      Extents de = ois.get(dep).extents();
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
    Subscription sub = touched.getOrDefault(sid, subscriptions.get(sid));
    if (sub == null || !sub.implicit()) {
      return;
    }
    Set<UUID> rest = new HashSet<>(dependents.getOrDefault(sid, Set.of()));
    rest.remove(old.id());
    if (rest.isEmpty()) {
      touched.remove(sid);
      ch.deleteSubscriptions.add(sid);
    } else {
      UUID any = rest.iterator().next();
      touched.put(sid, sub.withExtents(grow(sub, old.id(), ois.get(any).extents())));
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
    List<UUID> hits = subscriptionIndex.query(changed, sid -> {
      Subscription s = subscriptions.get(sid);
      return !sid.equals(skip) && !ch.deleteSubscriptions.contains(sid)
          && ((forOis && s.notifyForOperationalIntents()) || (forConstraints && s.receivesConstraints()));
    });
    List<Notified> out = new ArrayList<>();
    for (UUID sid : hits) {
      Subscription s = touched.getOrDefault(sid, subscriptions.get(sid)).notified();
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
      Constraint old = constraints.get(id);
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
      ch.entry = refEntry(old == null ? "restriction.create" : "restriction.update", caller, now,
          id, next.version(), next.ovn(), extents, notified);
      return staged(ch, r -> new ConstraintResult(next, notified, r));
    });
  }

  public ConstraintResult deleteConstraint(String caller, UUID id, String ovn) {
    return write(() -> {
      Constraint old = constraints.get(id);
      checkOwned(old, caller, ovn, id);
      Change ch = new Change();
      Map<UUID, Subscription> touched = new LinkedHashMap<>();
      List<Notified> notified = notify(old.extents().volumes(), false, true, null, ch, touched);
      ch.deleteConstraints.add(id);
      touched.values().forEach(ch.putSubscriptions::add);
      ch.entry = refEntry("restriction.delete", caller, clock.instant(), id, old.version(), old.ovn(),
          old.extents(), notified);
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
      Subscription old = subscriptions.get(id);
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
      for (UUID dep : dependents.getOrDefault(id, Set.of())) {
        requireCovers(next, ois.get(dep).extents());
      }
      Change ch = new Change();
      ch.putSubscriptions.add(next);
      ch.entry = subEntry(old == null ? "watch.create" : "watch.update", caller, now, next);
      List<OperationalIntent> inOis = forOis ? queryOis(extents.volumes()) : List.of();
      List<Constraint> inCs = next.receivesConstraints() ? queryConstraints(extents.volumes()) : List.of();
      return staged(ch, r -> new SubscriptionResult(next, inOis, inCs, r));
    });
  }

  public Recorded<Subscription> deleteSubscription(String caller, UUID id, String version) {
    return write(() -> {
      Subscription old = subscriptions.get(id);
      checkOwned(old, caller, version, id);
      Set<UUID> deps = dependents.getOrDefault(id, Set.of());
      if (!deps.isEmpty()) {
        throw ApiException.badRequest(
            "subscription %s is still used by %d operational intent(s), for example %s",
            id, deps.size(), deps.iterator().next());
      }
      Change ch = new Change();
      ch.deleteSubscriptions.add(id);
      ch.entry = subEntry("watch.delete", caller, clock.instant(), old);
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
      PartyAvailability cur = availability.get(party);
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
      ch.entry = ledger.entry("availability.set", caller, clock.instant())
          .put("uss", party).put("availability", next.name()).put("version", a.version());
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
      PartyAvailability cur = availability.get(party);
      PartyAvailability a = new PartyAvailability(party, next, cur == null ? 1 : cur.version() + 1);
      Change ch = new Change();
      ch.putAvailability.add(a);
      ch.entry = ledger.entry("availability.set", observer, clock.instant())
          .put("uss", party).put("availability", next.name()).put("version", a.version()).put("reason", reason);
      return staged(ch, r -> new Recorded<>(a, r));
    });
  }

  /**
   * Stores a report (for example a node's notification it gave up on) and records it on the
   * ledger: its id, who filed it, and a SHA-256 of its text.
   */
  public Receipt saveReport(String id, String party, String doc) {
    ObjectNode e = ledger.entry("report.filed", party, clock.instant());
    e.put("report_id", id);
    e.put("doc_sha256", sha256(doc));
    return store.saveReport(id, party, doc, e);
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
        ObjectNode e = ledger.entry("airspace.expire", ledger.origin(), clock.instant());
        e.put("ended_before", cutoff.toString());
        ch.deleteOis.forEach(id -> e.withArray("operational_intents").add(id.toString()));
        ch.deleteConstraints.forEach(id -> e.withArray("constraints").add(id.toString()));
        ch.deleteSubscriptions.forEach(id -> e.withArray("subscriptions").add(id.toString()));
        ch.entry = e;
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
    ois.values().stream().filter(oi -> oi.extents().span().end().isBefore(cutoff))
        .limit(EXPIRY_BATCH).forEach(oi -> ch.deleteOis.add(oi.id()));
    constraints.values().stream().filter(c -> c.extents().span().end().isBefore(cutoff))
        .limit(EXPIRY_BATCH).forEach(c -> ch.deleteConstraints.add(c.id()));
    Set<UUID> gone = new HashSet<>(ch.deleteOis);
    for (Subscription sub : subscriptions.values()) {
      if (ch.deleteSubscriptions.size() == EXPIRY_BATCH) {
        break;
      }
      Set<UUID> users = new HashSet<>(dependents.getOrDefault(sub.id(), Set.of()));
      users.removeAll(gone);
      boolean lastUserGone = sub.implicit() && users.isEmpty() && dependents.containsKey(sub.id());
      boolean ended = sub.extents().span().end().isBefore(cutoff) && users.isEmpty();
      if (lastUserGone || ended) {
        ch.deleteSubscriptions.add(sub.id());
      }
    }
    return ch;
  }

  /** A change validated and applied in memory, waiting for its group commit. */
  private record Pending<T>(Change change, Function<Receipt, T> result, CompletableFuture<Ledger.Recorded> done) {}

  private <T> Pending<T> staged(Change ch, Function<Receipt, T> result) {
    return new Pending<>(ch, result, new CompletableFuture<>());
  }

  /**
   * Runs {@code op} as the only writer: it validates against the current state and returns the
   * change it wants. The change is applied in memory at once, so the next writer sees it, and is
   * committed with its neighbours in one transaction; the caller's answer waits for that commit.
   */
  private <T> T write(Supplier<Pending<T>> op) {
    if (shared) {
      return writeShared(op);
    }
    Pending<T> p;
    synchronized (writer) {
      if (closed) {
        throw new StoreException("hub is shutting down; nothing was changed", null);
      }
      reloadIfStale();
      p = op.get();
      p.change.prepared = ledger.prepare(p.change.entry);
      apply(p.change);
      queue.add(new Staged(p.change, p.done));
    }
    try {
      return p.result.apply(p.done.get().receipt());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the commit", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new StoreException("commit failed: " + e.getCause(), e.getCause());
    }
  }

  private record Staged(Change change, CompletableFuture<Ledger.Recorded> done) {}

  private record Committed<T>(Pending<T> pending, long seq, Ledger.Recorded recorded) {}

  /**
   * The many-instance write: validate against fresh memory, lock the stripes the change touches,
   * catch up again under those locks and validate again, until the change needs no stripe not yet
   * held. Then nothing that could overlap it can commit before it does, and memory holds every
   * change that did. A rejection before the locks answers from a state at most one query old.
   */
  private <T> T writeShared(Supplier<Pending<T>> op) {
    if (closed) {
      throw new StoreException("hub is shutting down; nothing was changed", null);
    }
    Committed<T> done = db.inTransaction(Connection.TRANSACTION_READ_COMMITTED, c -> {
      catchUp(c);
      Pending<T> p = read(op);
      SortedSet<Integer> locked = new TreeSet<>();
      for (int round = 1; ; round++) {
        Pending<T> current = p;
        SortedSet<Integer> need = read(() -> stripes(current.change));
        if (locked.containsAll(need)) {
          break;
        }
        if (round > MAX_LOCK_ROUNDS) {
          throw new StoreException("the write kept touching new areas while it was validated; retry it", null);
        }
        locked.addAll(need);
        store.lock(c, locked);
        catchUp(c);
        p = read(op);
      }
      p.change.prepared = ledger.prepare(p.change.entry);
      Ledger.Recorded recorded = store.write(c, p.change);
      long seq = store.append(c, p.change);
      return new Committed<>(p, seq, recorded);
    });
    applyOwn(done.seq, done.pending.change);
    return done.pending.result.apply(done.recorded.receipt());
  }

  /** Applies every change logged since {@link #logHead}, in order. */
  private void catchUp(Connection c) throws SQLException {
    synchronized (logMutex) {
      while (true) {
        if (behind) {
          throw new StoreException("this hub instance fell behind the shared log and is reloading; retry in a moment", null);
        }
        List<DssStore.Logged> rows = DssStore.since(c, logHead, CATCH_UP_BATCH);
        if (rows.isEmpty()) {
          return;
        }
        if (rows.get(0).seq() != logHead + 1) {
          // The changes we missed were pruned: the follower starts again from the tables.
          log.warn("shared log pruned past change {}; reloading the airspace from the tables", logHead + 1);
          behind = true;
          continue;
        }
        for (DssStore.Logged row : rows) {
          apply(Docs.change(row.doc()));
          logHead = row.seq();
        }
        if (rows.size() < CATCH_UP_BATCH) {
          return;
        }
      }
    }
  }

  /** Makes this instance's own committed change visible; a catch-up may have applied it first. */
  private void applyOwn(long seq, Change change) {
    synchronized (logMutex) {
      if (seq == logHead + 1) {
        apply(change);
        logHead = seq;
        return;
      }
      if (seq <= logHead) {
        return;
      }
    }
    // Others committed before us and we have not read them yet: read them, and ours, in order.
    // The connection is taken before the mutex, as writers do, so the two never wait on each other.
    try {
      followNow();
    } catch (RuntimeException e) {
      // Committed all the same; the follower applies it once the database answers.
      log.warn("change {} committed but not yet visible here: {}", seq, e.getMessage());
    }
  }

  /** Reads the shared log now, rather than at the follower's next turn. */
  void followNow() {
    if (shared) {
      db.inTransaction(Connection.TRANSACTION_READ_COMMITTED, c -> {
        catchUp(c);
        return null;
      });
    }
  }

  /** Rebuilds memory from one snapshot of the tables, on a connection taken before the mutex. */
  private void reload() {
    db.inTransaction(c -> {
      DssStore.Snapshot snapshot = store.load(c);
      synchronized (logMutex) {
        lock.writeLock().lock();
        try {
          clear();
          use(snapshot);
        } finally {
          lock.writeLock().unlock();
        }
        behind = false;
      }
      return null;
    });
  }

  /** The follower: reads other instances' changes, and now and then prunes the log. */
  private void follow() {
    long lastPrune = System.nanoTime();
    boolean failing = false;
    while (!closed) {
      try {
        Thread.sleep(FOLLOW_MILLIS);
        if (behind) {
          reload();
        }
        followNow();
        if (System.nanoTime() - lastPrune > Duration.ofMinutes(1).toNanos()) {
          lastPrune = System.nanoTime();
          store.prune(LOG_RETENTION_MINUTES);
        }
        if (failing) {
          log.info("following the shared log again at change {}", logHead);
          failing = false;
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!failing && !closed) {
          log.warn("cannot read the shared log; will keep trying: {}", e.getMessage());
        }
        failing = true;
      }
    }
  }

  /**
   * The lock stripes a change needs: those of every area it writes or vacates, and of every id it
   * writes. Two changes whose areas overlap share a level-{@value #STRIPE_LEVEL} cell, and so a
   * stripe. A subscription whose only change is a notification index locks its id alone.
   */
  private SortedSet<Integer> stripes(Change ch) {
    SortedSet<Integer> s = new TreeSet<>();
    for (OperationalIntent oi : ch.putOis) {
      s.add(idStripe("oi", oi.id()));
      area(s, oi.extents());
      OperationalIntent old = ois.get(oi.id());
      if (old != null) {
        area(s, old.extents());
      }
    }
    for (UUID id : ch.deleteOis) {
      s.add(idStripe("oi", id));
      OperationalIntent old = ois.get(id);
      if (old != null) {
        area(s, old.extents());
      }
    }
    for (Constraint k : ch.putConstraints) {
      s.add(idStripe("constraint", k.id()));
      area(s, k.extents());
      Constraint old = constraints.get(k.id());
      if (old != null) {
        area(s, old.extents());
      }
    }
    for (UUID id : ch.deleteConstraints) {
      s.add(idStripe("constraint", id));
      Constraint old = constraints.get(id);
      if (old != null) {
        area(s, old.extents());
      }
    }
    for (Subscription sub : ch.putSubscriptions) {
      Subscription old = subscriptions.get(sub.id());
      if (old != null || !sub.implicit()) {
        // A new implicit subscription's id is random, fresh at each validation: no one else has it.
        s.add(idStripe("subscription", sub.id()));
      }
      if (old == null || !old.extents().equals(sub.extents())) {
        area(s, sub.extents());
        if (old != null) {
          area(s, old.extents());
        }
      }
    }
    for (UUID id : ch.deleteSubscriptions) {
      s.add(idStripe("subscription", id));
    }
    for (PartyAvailability a : ch.putAvailability) {
      s.add(Math.floorMod(("uss:" + a.party()).hashCode(), DssStore.STRIPES));
    }
    return s;
  }

  private static int idStripe(String kind, UUID id) {
    return Math.floorMod((kind + ":" + id).hashCode(), DssStore.STRIPES);
  }

  private static void area(Set<Integer> stripes, Extents e) {
    long last = 0;
    for (long cell : Cells.cover(e.volumes())) {
      long parent = new S2CellId(cell).parent(STRIPE_LEVEL).id();
      if (parent != last) {
        stripes.add(Math.floorMod(Long.hashCode(parent * 0x9E3779B97F4A7C15L), DssStore.STRIPES));
        last = parent;
      }
    }
  }

  /** The committer: one transaction for everything staged since the last one. */
  private void commitLoop() {
    List<Staged> batch = new ArrayList<>();
    while (true) {
      batch.clear();
      try {
        Staged first = queue.take();
        if (first.change == null) {
          return;
        }
        batch.add(first);
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      boolean stop = batch.get(batch.size() - 1).change == null;
      if (stop) {
        batch.remove(batch.size() - 1);
      }
      try {
        List<Ledger.Recorded> recorded = store.commit(batch.stream().map(Staged::change).toList());
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).done.complete(recorded.get(i));
        }
      } catch (RuntimeException e) {
        failAndReload(batch, e);
      }
      if (stop) {
        return;
      }
    }
  }

  /**
   * A failed commit leaves memory ahead of the database. Fail that batch and everything staged
   * after it (they were validated against it), then rebuild memory from the database.
   */
  private void failAndReload(List<Staged> batch, RuntimeException cause) {
    synchronized (writer) {
      List<Staged> all = new ArrayList<>(batch);
      queue.drainTo(all);
      StoreException e = cause instanceof StoreException se ? se
          : new StoreException("commit failed: " + cause.getMessage(), cause);
      for (Staged s : all) {
        if (s.done != null) {
          s.done.completeExceptionally(e);
        }
      }
      lock.writeLock().lock();
      try {
        clear();
        try {
          load();
          stale = false;
        } catch (RuntimeException reload) {
          // Half-loaded or empty memory would answer wrongly (404s for acknowledged writes, keys
          // not demanded): refuse reads and writes until a reload works.
          clear();
          stale = true;
          nextReload = System.nanoTime() + 1_000_000_000L;
          cause.addSuppressed(reload);
        }
      } finally {
        lock.writeLock().unlock();
      }
      if (all.stream().anyMatch(s -> s.change == null)) {
        queue.add(new Staged(null, null));
      }
    }
  }

  /** Called holding {@code writer}: rebuilds memory if a failed commit left it stale, or fails with 503. */
  private void reloadIfStale() {
    if (!stale) {
      return;
    }
    if (System.nanoTime() < nextReload) {
      throw new StoreException("storage unavailable: the hub is waiting to reload its state", null);
    }
    lock.writeLock().lock();
    try {
      clear();
      load();
      stale = false;
    } catch (RuntimeException e) {
      clear();
      nextReload = System.nanoTime() + 1_000_000_000L;
      throw new StoreException("storage unavailable: the hub cannot reload its state: " + e.getMessage(), e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void apply(Change ch) {
    lock.writeLock().lock();
    try {
      for (UUID id : ch.deleteOis) {
        OperationalIntent old = ois.remove(id);
        oiIndex.remove(id);
        unlink(old);
      }
      ch.putOis.forEach(this::applyOi);
      for (UUID id : ch.deleteConstraints) {
        constraints.remove(id);
        constraintIndex.remove(id);
      }
      ch.putConstraints.forEach(this::applyConstraint);
      for (UUID id : ch.deleteSubscriptions) {
        subscriptions.remove(id);
        subscriptionIndex.remove(id);
        dependents.remove(id);
      }
      ch.putSubscriptions.forEach(this::applySubscription);
      ch.putAvailability.forEach(a -> availability.put(a.party(), a));
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void clear() {
    for (UUID id : List.copyOf(ois.keySet())) {
      oiIndex.remove(id);
    }
    for (UUID id : List.copyOf(constraints.keySet())) {
      constraintIndex.remove(id);
    }
    for (UUID id : List.copyOf(subscriptions.keySet())) {
      subscriptionIndex.remove(id);
    }
    ois.clear();
    constraints.clear();
    subscriptions.clear();
    dependents.clear();
    availability.clear();
  }

  private void load() {
    use(store.load());
  }

  private void use(DssStore.Snapshot s) {
    s.ois().forEach(this::applyOi);
    s.constraints().forEach(this::applyConstraint);
    s.subscriptions().forEach(this::applySubscription);
    s.availability().forEach(a -> availability.put(a.party(), a));
    logHead = s.logHead();
  }

  /** Commits what is staged, then stops the committer or follower. Writes after this are refused. */
  @Override
  public void close() {
    if (shared) {
      closed = true;
      worker.interrupt();
      try {
        worker.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    synchronized (writer) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(new Staged(null, null));
    }
    try {
      worker.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- ledger entries

  private ObjectNode oiEntry(String type, String caller, Instant now, OperationalIntent oi,
      List<Notified> notified, Change ch) {
    ObjectNode e = refEntry(type, caller, now, oi.id(), oi.version(), oi.ovn(), oi.extents(), notified);
    e.put("state", oi.state().name());
    e.put("subscription_id", oi.subscriptionId() == null ? null : oi.subscriptionId().toString());
    if (!ch.deleteSubscriptions.isEmpty()) {
      ArrayNode gone = e.putArray("deleted_implicit_subscriptions");
      ch.deleteSubscriptions.forEach(id -> gone.add(id.toString()));
    }
    return e;
  }

  private ObjectNode refEntry(String type, String caller, Instant now, UUID id, long version,
      String ovn, Extents extents, List<Notified> notified) {
    ObjectNode e = ledger.entry(type, caller, now);
    e.put("id", id.toString());
    e.put("version", version);
    // The OVN itself is a secret of its owner: it is the proof of having read the reference.
    e.put("ovn_sha256", sha256(ovn));
    ArrayNode vs = e.putArray("extents");
    extents.volumes().forEach(v -> vs.add(Wire.volume(v)));
    e.set("subscribers", Render.subscribers(notified));
    return e;
  }

  private ObjectNode subEntry(String type, String caller, Instant now, Subscription s) {
    ObjectNode e = ledger.entry(type, caller, now);
    e.put("id", s.id().toString());
    e.put("version", s.version());
    e.put("uss_base_url", s.ussBaseUrl());
    e.put("notify_for_operational_intents", s.notifyForOperationalIntents());
    e.put("notify_for_constraints", s.notifyForConstraints());
    ArrayNode vs = e.putArray("extents");
    s.extents().volumes().forEach(v -> vs.add(Wire.volume(v)));
    return e;
  }

  private static String sha256(String s) {
    return org.liaison.proof.Merkle.sha256Hex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private void applyOi(OperationalIntent oi) {
    OperationalIntent old = ois.put(oi.id(), oi);
    unlink(old);
    oiIndex.put(oi.id(), oi.extents().volumes());
    if (oi.subscriptionId() != null) {
      dependents.computeIfAbsent(oi.subscriptionId(), x -> new HashSet<>()).add(oi.id());
    }
  }

  private void unlink(OperationalIntent old) {
    if (old != null && old.subscriptionId() != null) {
      Set<UUID> deps = dependents.get(old.subscriptionId());
      if (deps != null) {
        deps.remove(old.id());
        if (deps.isEmpty()) {
          dependents.remove(old.subscriptionId());
        }
      }
    }
  }

  private void applyConstraint(Constraint c) {
    constraints.put(c.id(), c);
    constraintIndex.put(c.id(), c.extents().volumes());
  }

  private void applySubscription(Subscription s) {
    Subscription old = subscriptions.put(s.id(), s);
    // Only a change of extents needs re-indexing; a notification bump does not.
    if (old == null || !old.extents().equals(s.extents())) {
      subscriptionIndex.put(s.id(), s.extents().volumes());
    }
  }

  // ---------------------------------------------------------------- ids

  private String newOvn() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }


  /** All references, for the console's picture and for tests. */
  public Collection<OperationalIntent> allOis() {
    return read(() -> List.copyOf(ois.values()));
  }

  public Collection<Constraint> allConstraints() {
    return read(() -> List.copyOf(constraints.values()));
  }
}
