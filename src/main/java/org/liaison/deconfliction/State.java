package org.liaison.deconfliction;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.deconfliction.Models.Subscription;
import org.liaison.geo.SpaceTimeIndex;

/**
 * The airspace in memory: references, subscriptions and availability by id, the space-time index
 * of each kind, and which operations depend on which subscription. Readers take the read lock
 * ({@link #read}); {@link #apply}, {@link #clear} and {@link #use} take the write lock. The rules
 * read the maps directly while they validate, as the only writer (one instance) or under the
 * read lock (many instances).
 */
final class State {
  final Map<UUID, OperationalIntent> ois = new HashMap<>();
  /** Holds the references themselves, so a query's hits need no lookup in {@link #ois}. */
  final SpaceTimeIndex<OperationalIntent> oiIndex = new SpaceTimeIndex<>(OperationalIntent::id);
  final Map<UUID, Constraint> constraints = new HashMap<>();
  final SpaceTimeIndex<Constraint> constraintIndex = new SpaceTimeIndex<>(Constraint::id);
  final Map<UUID, Subscription> subscriptions = new HashMap<>();
  /** By id: a notification bump replaces the subscription without re-indexing it. */
  final SpaceTimeIndex<UUID> subscriptionIndex = new SpaceTimeIndex<>();
  final Map<UUID, Set<UUID>> dependents = new HashMap<>();
  final Map<String, PartyAvailability> availability = new HashMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  <T> T read(Supplier<T> s) {
    lock.readLock().lock();
    try {
      return s.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code r} holding the write lock: readers see all of it or none. */
  void exclusively(Runnable r) {
    lock.writeLock().lock();
    try {
      r.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  Availability availabilityOf(String party) {
    PartyAvailability a = availability.get(party);
    return a == null ? Availability.Unknown : a.availability();
  }

  void apply(Change ch) {
    exclusively(() -> {
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
    });
  }

  /** Empties memory. Call holding the write lock ({@link #exclusively}). */
  void clear() {
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

  /** Fills empty memory with a stored snapshot. Call holding the write lock, or before any reader. */
  void use(DssStore.Snapshot s) {
    for (OperationalIntent oi : s.ois()) {
      unlink(ois.put(oi.id(), oi));
      if (oi.subscriptionId() != null) {
        dependents.computeIfAbsent(oi.subscriptionId(), x -> new HashSet<>()).add(oi.id());
      }
    }
    // The indexes are built on every core: at 10^6 references, computing their coverings one at
    // a time was a sixth of the start-up.
    oiIndex.putAll(ois.values(), oi -> oi.extents().volumes());
    s.constraints().forEach(c -> constraints.put(c.id(), c));
    constraintIndex.putAll(constraints.values(), c -> c.extents().volumes());
    s.subscriptions().forEach(sub -> subscriptions.put(sub.id(), sub));
    subscriptionIndex.putAll(subscriptions.keySet(), id -> subscriptions.get(id).extents().volumes());
    s.availability().forEach(a -> availability.put(a.party(), a));
  }

  /**
   * A chunk of a snapshot file with its coverings computed ({@link #prepare}), for {@link #add}.
   */
  record Part(
      DssStore.Snapshot records,
      SpaceTimeIndex.Batch<OperationalIntent> ois,
      SpaceTimeIndex.Batch<Constraint> constraints,
      SpaceTimeIndex.Batch<UUID> subscriptions) {}

  /**
   * Fills this empty memory from a snapshot file as it is read ({@link SnapshotFile#read(java.nio.file.Path,
   * DssStore.Fingerprint, SnapshotFile.Sink)}); call before any reader.
   */
  SnapshotFile.Sink<Part> filler() {
    return new SnapshotFile.Sink<>() {
      @Override
      public void expect(int ois, int constraints, int subscriptions, int availability) {
        oiIndex.reserve(ois);
        constraintIndex.reserve(constraints);
        subscriptionIndex.reserve(subscriptions);
      }

      @Override
      public Part prepare(DssStore.Snapshot chunk) {
        return State.prepare(chunk);
      }

      @Override
      public void accept(Part part) {
        add(part);
      }
    };
  }

  /** Covers a chunk's volumes; touches no memory, so it runs on the thread that decoded the chunk. */
  static Part prepare(DssStore.Snapshot s) {
    return new Part(s,
        SpaceTimeIndex.batch(s.ois(), s.ois().stream().map(oi -> oi.extents().volumes()).toList()),
        SpaceTimeIndex.batch(s.constraints(), s.constraints().stream().map(c -> c.extents().volumes()).toList()),
        SpaceTimeIndex.batch(s.subscriptions().stream().map(Subscription::id).toList(),
            s.subscriptions().stream().map(sub -> sub.extents().volumes()).toList()));
  }

  /**
   * Adds a chunk of a snapshot file to memory being filled from the file, before any reader: the
   * result of all its chunks equals {@link #use} of the whole snapshot. An id that is already in
   * memory is refused (a file written from memory holds each once), so the index needs no lookup
   * before each insert.
   *
   * @throws IllegalStateException on an id met twice; the caller then throws this memory away
   */
  void add(Part p) {
    for (OperationalIntent oi : p.records().ois()) {
      if (ois.putIfAbsent(oi.id(), oi) != null) {
        throw new IllegalStateException("operational intent reference " + oi.id() + " twice");
      }
      if (oi.subscriptionId() != null) {
        dependents.computeIfAbsent(oi.subscriptionId(), x -> new HashSet<>()).add(oi.id());
      }
    }
    oiIndex.putAllNew(p.ois());
    for (Constraint c : p.records().constraints()) {
      if (constraints.putIfAbsent(c.id(), c) != null) {
        throw new IllegalStateException("constraint reference " + c.id() + " twice");
      }
    }
    constraintIndex.putAllNew(p.constraints());
    for (Subscription sub : p.records().subscriptions()) {
      if (subscriptions.putIfAbsent(sub.id(), sub) != null) {
        throw new IllegalStateException("subscription " + sub.id() + " twice");
      }
    }
    subscriptionIndex.putAllNew(p.subscriptions());
    p.records().availability().forEach(a -> availability.put(a.party(), a));
  }

  /** Memory as a snapshot, for {@link SnapshotFile}. Call with no writer running. */
  DssStore.Snapshot snapshot() {
    return read(() -> new DssStore.Snapshot(List.copyOf(ois.values()), List.copyOf(constraints.values()),
        List.copyOf(subscriptions.values()), List.copyOf(availability.values()), 0));
  }

  private void applyOi(OperationalIntent oi) {
    OperationalIntent old = ois.put(oi.id(), oi);
    unlink(old);
    oiIndex.put(oi, oi.extents().volumes());
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
    constraintIndex.put(c, c.extents().volumes());
  }

  private void applySubscription(Subscription s) {
    Subscription old = subscriptions.put(s.id(), s);
    // Only a change of extents needs re-indexing; a notification bump does not.
    if (old == null || !old.extents().equals(s.extents())) {
      subscriptionIndex.put(s.id(), s.extents().volumes());
    }
  }
}
