package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.deconfliction.Models.Subscription;
import org.liaison.errors.ApiException;
import org.liaison.geo.Volume4D;
import org.liaison.ledger.Ledger;
import org.liaison.proof.Receipt;
import org.liaison.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deconfliction service of the hub: ASTM F3548 operational intent references, constraint
 * references, subscriptions and USS availability. A write is parsed into a command ({@link
 * Commands}), checked and turned into a {@link Change} by the {@link Rules}, and recorded by the
 * {@link WriteEngine}; {@link LedgerEntries} builds its ledger entry.
 *
 * <p>The database is the source of truth; the memory ({@link State}) is rebuilt from it at start,
 * and readers never block on the database. Writes go through a {@link WriteEngine}: {@link
 * OneInstanceEngine} (group commit) when this process is the database's only hub, {@link
 * ManyInstanceEngine} (lock stripes and a shared change log) when several share it.
 */
public final class Airspace implements AutoCloseable {
  static final int RESULT_CAP = 10_000;

  private final DssStore store;
  private final LedgerEntries entries;
  private final Clock clock;
  private final boolean allowHttpBaseUrls;
  /** {@code --strict-astm}: the ASTM text where InterUSS is lenient (docs/compatibility.md). */
  private final boolean strict;
  private final State memory;
  private final Rules rules;
  private final WriteEngine engine;
  private final Path snapshotFile;
  private final boolean fromSnapshot;
  private static final Logger log = LoggerFactory.getLogger(Airspace.class);

  /**
   * @param manyInstances whether several hub processes share {@code db} (a PostgreSQL-wire store),
   *     each running the many-instance engine; false when this process is its only hub
   */
  public Airspace(Database db, Ledger ledger, Clock clock, boolean allowHttpBaseUrls, boolean strictAstm,
      boolean manyInstances) {
    this(db, ledger, clock, allowHttpBaseUrls, strictAstm, manyInstances ? null : load(db, null), true);
  }

  /**
   * As above; {@code checkBatchStripes} false builds the many-instance engine without its check
   * that writes in one batch touch disjoint stripes: a mutant, for the test that proves the check
   * is needed.
   */
  Airspace(Database db, Ledger ledger, Clock clock, boolean allowHttpBaseUrls, boolean strictAstm,
      boolean manyInstances, boolean checkBatchStripes) {
    this(db, ledger, clock, allowHttpBaseUrls, strictAstm, manyInstances ? null : load(db, null), checkBatchStripes);
  }

  /**
   * A one-instance airspace starting from {@code loaded} ({@link #load}), which must come from
   * {@code db}; with null, several hub processes share {@code db} and this one runs the
   * many-instance engine.
   */
  public Airspace(Database db, Ledger ledger, Clock clock, boolean allowHttpBaseUrls, boolean strictAstm,
      Loaded loaded) {
    this(db, ledger, clock, allowHttpBaseUrls, strictAstm, loaded, true);
  }

  private Airspace(Database db, Ledger ledger, Clock clock, boolean allowHttpBaseUrls, boolean strictAstm,
      Loaded loaded, boolean checkBatchStripes) {
    this.entries = new LedgerEntries(ledger);
    this.store = new DssStore(db, entries, loaded == null);
    this.clock = clock;
    this.allowHttpBaseUrls = allowHttpBaseUrls;
    this.strict = strictAstm;
    this.memory = loaded == null ? new State() : loaded.memory;
    this.rules = new Rules(memory, entries, strictAstm);
    this.snapshotFile = loaded == null ? null : loaded.snapshotFile;
    this.fromSnapshot = loaded != null && loaded.fromSnapshot;
    this.engine = loaded == null
        ? new ManyInstanceEngine(memory, store, db, entries, checkBatchStripes)
        : new OneInstanceEngine(memory, store, entries);
  }

  /** Memory of a one-instance airspace, loaded before its ledger is open (the two run side by side at start). */
  public static final class Loaded {
    private final State memory;
    private final Path snapshotFile;
    private final boolean fromSnapshot;

    private Loaded(State memory, Path snapshotFile, boolean fromSnapshot) {
      this.memory = memory;
      this.snapshotFile = snapshotFile;
      this.fromSnapshot = fromSnapshot;
    }
  }

  /**
   * Loads the memory of a one-instance airspace: from {@code snapshotFile} when it matches the
   * database ({@link SnapshotFile}), else from the tables. The file is deleted once read, so that
   * a hub that stops without writing a new one (a crash) never leaves one behind; the fingerprint
   * would refuse it anyway after any write. With a null {@code snapshotFile} the tables are loaded
   * and no snapshot is written at close.
   */
  public static Loaded load(Database db, Path snapshotFile) {
    // Reads only: this store has no ledger to record with.
    DssStore reader = new DssStore(db, null, false);
    State memory = new State();
    if (snapshotFile == null) {
      memory.use(reader.load());
      return new Loaded(memory, null, false);
    }
    long t0 = System.nanoTime();
    // Each chunk is indexed here while the next ones decode; a refusal at any chunk throws away
    // what was built and loads the tables, as if the file were not there.
    boolean fromSnapshot;
    try {
      SnapshotFile.read(snapshotFile, reader.fingerprint(), memory.filler());
      fromSnapshot = true;
      log.info("memory read from the snapshot {} and indexed in {} ms ({} operational intents)", snapshotFile,
          (System.nanoTime() - t0) / 1_000_000, memory.ois.size());
    } catch (SnapshotFile.Refused e) {
      log.info("memory snapshot {} not used: {}; loading the stored documents", snapshotFile, e.getMessage());
      fromSnapshot = false;
    }
    try {
      Files.deleteIfExists(snapshotFile);
    } catch (IOException e) {
      log.warn("cannot delete the memory snapshot {}: {}", snapshotFile, e.toString());
    }
    if (!fromSnapshot) {
      memory = new State();
      memory.use(reader.load());
    }
    log.info("memory ready in {} ms ({} ms of CPU on this thread)", (System.nanoTime() - t0) / 1_000_000,
        java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000);
    return new Loaded(memory, snapshotFile, fromSnapshot);
  }

  /** Memory itself, for tests that compare it. */
  State memory() {
    return memory;
  }

  /** Whether memory was read from the snapshot file at start (for tests). */
  boolean loadedFromSnapshot() {
    return fromSnapshot;
  }

  /** How long after their end references and subscriptions are kept before they expire. */
  public static final Duration EXPIRY_GRACE = Duration.ofHours(1);

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
    return read(() -> cap(memory.oiIndex.query(area)));
  }

  public Constraint getConstraint(UUID id) {
    Constraint c = read(() -> memory.constraints.get(id));
    if (c == null) {
      throw ApiException.notFound("constraint reference %s not found", id);
    }
    return c;
  }

  public List<Constraint> queryConstraints(List<Volume4D> area) {
    return read(() -> cap(memory.constraintIndex.query(area)));
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

  static <T> List<T> cap(List<T> l) {
    return l.size() <= RESULT_CAP ? l : l.subList(0, RESULT_CAP);
  }

  // ---------------------------------------------------------------- writes

  /**
   * Creates ({@code ovn == null}) or updates an operational intent reference.
   *
   * @throws KeyConflict when the key misses the OVN of an overlapping reference
   */
  public OiResult putOi(String caller, Set<String> scopes, UUID id, String ovn, JsonNode body) {
    Instant now = clock.instant();
    Commands.PutOi c = Commands.putOi(body, now, allowHttpBaseUrls, strict);
    rules.checkScopes(c, scopes);
    return engine.write(() -> rules.putOi(caller, scopes, id, ovn, now, c));
  }

  public OiResult deleteOi(String caller, UUID id, String ovn) {
    return engine.write(() -> rules.deleteOi(caller, id, ovn, clock.instant()));
  }

  public ConstraintResult putConstraint(String caller, UUID id, String ovn, JsonNode body) {
    Instant now = clock.instant();
    Commands.PutConstraint c = Commands.putConstraint(body, now, allowHttpBaseUrls, strict);
    return engine.write(() -> rules.putConstraint(caller, id, ovn, now, c));
  }

  public ConstraintResult deleteConstraint(String caller, UUID id, String ovn) {
    return engine.write(() -> rules.deleteConstraint(caller, id, ovn, clock.instant()));
  }

  public SubscriptionResult putSubscription(
      String caller, Set<String> scopes, UUID id, String version, JsonNode body) {
    Instant now = clock.instant();
    Commands.PutSubscription c = Commands.putSubscription(body, now, allowHttpBaseUrls, strict);
    boolean entitled = rules.checkSubscription(c, scopes);
    return engine.write(() -> rules.putSubscription(caller, id, version, now, c, entitled));
  }

  public Recorded<Subscription> deleteSubscription(String caller, UUID id, String version) {
    return engine.write(() -> rules.deleteSubscription(caller, id, version, clock.instant()));
  }

  public Recorded<PartyAvailability> setAvailability(String caller, String party, JsonNode body) {
    Commands.SetAvailability c = Commands.setAvailability(body);
    return engine.write(() -> rules.setAvailability(caller, party, clock.instant(), c));
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
    return engine.write(() -> rules.observeAvailability(observer, party, next, reason, clock.instant()));
  }

  /**
   * Stores a report (for example a node's notification it gave up on) and records it on the
   * ledger: its id, who filed it, and a SHA-256 of its text.
   */
  public Receipt saveReport(String id, String party, String doc) {
    return store.saveReport(id, party, doc, entries.report(party, clock.instant(), id, doc));
  }

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
      if (!read(() -> rules.anyExpired(cutoff))) {
        return removed;
      }
      int n = engine.write(() -> rules.expire(cutoff, clock.instant()));
      if (n == 0) {
        return removed;
      }
      removed += n;
    }
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
    if (snapshotFile != null) {
      writeSnapshot();
    }
  }

  /** Writes memory to the snapshot file, if it is the database's state; a failure only costs the next start time. */
  private void writeSnapshot() {
    if (!(engine instanceof OneInstanceEngine one) || !one.settled()) {
      log.warn("no memory snapshot written: the last commits did not all settle");
      return;
    }
    long t0 = System.nanoTime();
    try {
      DssStore.Snapshot s = memory.snapshot();
      SnapshotFile.write(snapshotFile, s, store.fingerprint());
      log.info("memory snapshot {} written in {} ms ({} operational intents)", snapshotFile,
          (System.nanoTime() - t0) / 1_000_000, s.ois().size());
    } catch (IOException | RuntimeException e) {
      log.warn("no memory snapshot written ({}); the next start loads the stored documents", e.toString());
    }
  }

  /** All references, for the console's picture and for tests. */
  public Collection<OperationalIntent> allOis() {
    return read(() -> List.copyOf(memory.ois.values()));
  }

  public Collection<Constraint> allConstraints() {
    return read(() -> List.copyOf(memory.constraints.values()));
  }
}
