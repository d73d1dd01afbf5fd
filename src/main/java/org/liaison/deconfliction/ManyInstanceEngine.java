package org.liaison.deconfliction;

import com.google.common.geometry.S2CellId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.liaison.astm.Extents;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.deconfliction.Models.Subscription;
import org.liaison.geo.Cells;
import org.liaison.ledger.Ledger;
import org.liaison.store.Database;
import org.liaison.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The many-instance write engine: several hub processes share one PostgreSQL-wire database. A
 * writer locks the stripes its change may touch, catches memory up from the shared change log,
 * validates, writes and appends its change to the log in one transaction. A follower thread keeps
 * memory within {@value #FOLLOW_MILLIS} ms of the log, so every instance sees every change.
 */
final class ManyInstanceEngine implements WriteEngine {
  /** How often an instance reads other instances' changes from the shared log. */
  static final long FOLLOW_MILLIS = 100;
  /** Logged changes older than this are pruned; an instance further behind reloads. */
  static final int LOG_RETENTION_MINUTES = 10;
  /** S2 level of the cells that map to lock stripes: about 40 km across. */
  static final int STRIPE_LEVEL = 8;
  private static final int CATCH_UP_BATCH = 1000;
  private static final int MAX_LOCK_ROUNDS = 8;
  /** Most writes committed in one transaction. */
  static final int MAX_BATCH = 256;
  /** How often the committer's timings are logged, when there were writes. */
  private static final long TIMING_LOG_NANOS = Duration.ofSeconds(10).toNanos();
  private static final Logger log = LoggerFactory.getLogger(ManyInstanceEngine.class);

  private final State state;
  private final DssStore store;
  private final Database db;
  private final LedgerEntries ledger;
  private final Thread follower;
  private final Thread committer;
  private final LinkedBlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
  /**
   * Whether a write whose footprint meets that of a write already in the batch waits for the next
   * batch. Always true but in the test that proves the check is needed (a mutant without it).
   */
  private final boolean checkBatchStripes;
  private final Timing timing = new Timing();
  /** Guards {@link #logHead}: the last shared-log change applied to memory. */
  private final Object logMutex = new Object();
  private long logHead;
  /** Set when the changes this instance still needed were pruned: the follower reloads it. */
  private volatile boolean behind;
  private volatile boolean closed;

  ManyInstanceEngine(State state, DssStore store, Database db, LedgerEntries ledger, boolean checkBatchStripes) {
    this.checkBatchStripes = checkBatchStripes;
    this.state = state;
    this.store = store;
    this.db = db;
    this.ledger = ledger;
    DssStore.Snapshot s = store.load();
    state.use(s);
    logHead = s.logHead();
    follower = new Thread(this::follow, "liaison-dss-follower");
    follower.setDaemon(true);
    follower.start();
    committer = new Thread(this::commitLoop, "liaison-dss-committer");
    committer.setDaemon(true);
    committer.start();
  }

  /** A write handed to the committer; a null op tells it to stop. */
  private record Job<T>(Supplier<Pending<T>> op, CompletableFuture<Done<T>> done) {}

  /** A job's change, recorded: what its writer answers from. */
  private record Done<T>(Pending<T> pending, Ledger.Recorded recorded) {}

  /** A job admitted to the batch being committed, with its change. */
  private record Admitted(Job<?> job, Pending<?> pending) {}

  /** What one batch transaction decided: committed jobs in log order, refused jobs, jobs for the next batch. */
  private record Outcome(
      List<Admitted> committed, List<Ledger.Recorded> recorded, long firstSeq,
      Map<Job<?>, RuntimeException> refused, List<Job<?>> deferred,
      long lockWaitNanos, long headTakenNanos) {}

  @Override
  public <T> T read(Supplier<T> s) {
    return state.read(s);
  }

  /**
   * Hands {@code op} to this instance's committer and waits for its batch (group commit). The
   * committer validates it against fresh memory, locks the stripes its change touches, catches up
   * again under those locks and validates again, until no change of the batch needs a stripe not
   * yet held. Then nothing that could overlap it can commit before it does, and memory holds every
   * change that did. A rejection before the locks answers from a state at most one query old.
   */
  @Override
  public <T> T write(Supplier<Pending<T>> op) {
    Job<T> job = new Job<>(op, new CompletableFuture<>());
    synchronized (this) {
      if (closed) {
        throw new StoreException("hub is shutting down; nothing was changed", null);
      }
      queue.add(job);
    }
    Done<T> done = WriteEngine.awaitCommit(job.done);
    return done.pending.result().apply(done.recorded.receipt());
  }

  /** The committer: one transaction per batch of queued writes whose stripes are disjoint. */
  private void commitLoop() {
    List<Job<?>> deferred = new ArrayList<>();
    boolean stopping = false;
    while (true) {
      List<Job<?>> batch = new ArrayList<>(deferred);
      deferred.clear();
      if (batch.isEmpty()) {
        if (stopping) {
          return;
        }
        try {
          batch.add(queue.take());
        } catch (InterruptedException e) {
          return;
        }
      }
      queue.drainTo(batch, Math.max(0, MAX_BATCH - batch.size()));
      if (batch.removeIf(j -> j.op == null)) {
        stopping = true;
      }
      if (batch.isEmpty()) {
        continue;
      }
      Outcome out;
      long began = System.nanoTime();
      try {
        out = commit(batch);
        long ended = System.nanoTime();
        timing.add(out.committed.size(), out.deferred.size(), ended - began, out.lockWaitNanos,
            out.committed.isEmpty() ? 0 : ended - out.headTakenNanos);
      } catch (RuntimeException e) {
        StoreException failure = e instanceof StoreException se ? se
            : new StoreException("commit failed: " + e.getMessage(), e);
        batch.forEach(j -> j.done.completeExceptionally(failure));
        continue;
      }
      applyOwn(out.firstSeq, out.committed);
      for (int i = 0; i < out.committed.size(); i++) {
        complete(out.committed.get(i), out.recorded.get(i));
      }
      out.refused.forEach((j, e) -> j.done.completeExceptionally(e));
      deferred.addAll(out.deferred);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Admitted a, Ledger.Recorded recorded) {
    Job<T> job = (Job<T>) a.job;
    job.done.complete(new Done<>((Pending<T>) a.pending, recorded));
  }

  /**
   * One transaction for {@code batch}. Each job validates against memory in queue order; a job
   * whose footprint (level-13 cells and ids) meets that of a job already admitted waits for the
   * next batch, since it validated against the absence of that job's change. Every admitted job's stripes are locked
   * (in rounds, as they grow), then all rows, ledger entries and log appends are written, with
   * one update of the shared log head. The whole decision is retaken if the database retries the
   * transaction.
   */
  private Outcome commit(List<Job<?>> batch) {
    return db.inTransaction(Connection.TRANSACTION_READ_COMMITTED, c -> {
      catchUp(c);
      List<Job<?>> live = new ArrayList<>(batch);
      Map<Job<?>, RuntimeException> refused = new LinkedHashMap<>();
      List<Job<?>> deferred = new ArrayList<>();
      List<Admitted> admitted = new ArrayList<>();
      SortedSet<Integer> locked = new TreeSet<>();
      long lockWait = 0;
      for (int round = 1; ; round++) {
        admitted.clear();
        Set<Integer> taken = new HashSet<>();
        Set<Object> claimed = new HashSet<>();
        for (Iterator<Job<?>> it = live.iterator(); it.hasNext(); ) {
          Job<?> job = it.next();
          Pending<?> p;
          try {
            p = state.read(job.op);
          } catch (RuntimeException e) {
            // Refused (400, 404, 409…): its own answer, as if it had been alone.
            refused.put(job, e);
            it.remove();
            continue;
          }
          Footprint f = state.read(() -> footprint(p.change()));
          if (checkBatchStripes && !Collections.disjoint(f.keys, claimed)) {
            deferred.add(job);
            it.remove();
            continue;
          }
          claimed.addAll(f.keys);
          taken.addAll(f.stripes);
          admitted.add(new Admitted(job, p));
        }
        if (locked.containsAll(taken)) {
          break;
        }
        if (round > MAX_LOCK_ROUNDS) {
          throw new StoreException("the write kept touching new areas while it was validated; retry it", null);
        }
        locked.addAll(taken);
        long t = System.nanoTime();
        store.lock(c, locked);
        lockWait += System.nanoTime() - t;
        catchUp(c);
      }
      List<Change> changes = new ArrayList<>(admitted.size());
      for (Admitted a : admitted) {
        a.pending.change().prepared = ledger.prepare(a.pending.change().entry);
        changes.add(a.pending.change());
      }
      List<Ledger.Recorded> recorded = changes.isEmpty() ? List.of() : store.write(c, changes);
      long headTaken = System.nanoTime();
      long firstSeq = changes.isEmpty() ? 0 : store.append(c, changes);
      return new Outcome(List.copyOf(admitted), recorded, firstSeq, refused, deferred, lockWait, headTaken);
    });
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
          state.apply(Docs.change(row.doc()));
          logHead = row.seq();
        }
        if (rows.size() < CATCH_UP_BATCH) {
          return;
        }
      }
    }
  }

  /**
   * Makes this instance's own committed batch (log numbers from {@code firstSeq}, in order)
   * visible at once; a catch-up may have applied it first.
   */
  private void applyOwn(long firstSeq, List<Admitted> committed) {
    if (committed.isEmpty()) {
      return;
    }
    long lastSeq = firstSeq + committed.size() - 1;
    synchronized (logMutex) {
      if (lastSeq <= logHead) {
        return;
      }
      if (firstSeq <= logHead + 1) {
        state.exclusively(() -> {
          for (int i = (int) (logHead + 1 - firstSeq); i < committed.size(); i++) {
            state.apply(committed.get(i).pending.change());
          }
          logHead = lastSeq;
        });
        return;
      }
    }
    // Others committed before us and we have not read them yet: read them, and ours, in order.
    // The connection is taken before the mutex, as writers do, so the two never wait on each other.
    try {
      followNow();
    } catch (RuntimeException e) {
      // Committed all the same; the follower applies it once the database answers.
      log.warn("changes {}..{} committed but not yet visible here: {}", firstSeq, lastSeq, e.getMessage());
    }
  }

  @Override
  public void followNow() {
    db.inTransaction(Connection.TRANSACTION_READ_COMMITTED, c -> {
      catchUp(c);
      return null;
    });
  }

  /** Rebuilds memory from one snapshot of the tables, on a connection taken before the mutex. */
  private void reload() {
    db.inTransaction(c -> {
      DssStore.Snapshot snapshot = store.load(c);
      synchronized (logMutex) {
        state.exclusively(() -> {
          state.clear();
          state.use(snapshot);
          logHead = snapshot.logHead();
        });
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
        timing.logIfDue();
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
   * What a change touches, at two grains. {@code stripes}: the lock stripes it needs, those of
   * every area it writes or vacates and of every id it writes; two changes whose areas overlap
   * share a level-{@value #STRIPE_LEVEL} cell, and so a stripe. {@code keys}: the same areas as
   * their level-{@value Cells#LEVEL} cells, and the same ids; two changes whose areas overlap share
   * a level-{@value Cells#LEVEL} cell (coverings are at that one level), so two changes with
   * disjoint keys are independent. A batch admits changes whose keys are disjoint; the coarser
   * stripes keep the number of rows a large area locks small.
   */
  private record Footprint(SortedSet<Integer> stripes, Set<Object> keys) {}

  /**
   * The footprint of a change. A subscription whose only change is a notification index touches
   * its id alone.
   */
  private Footprint footprint(Change ch) {
    Footprint f = new Footprint(new TreeSet<>(), new HashSet<>());
    for (OperationalIntent oi : ch.putOis) {
      id(f, "oi:" + oi.id());
      area(f, oi.extents());
      OperationalIntent old = state.ois.get(oi.id());
      if (old != null) {
        area(f, old.extents());
      }
    }
    for (UUID id : ch.deleteOis) {
      id(f, "oi:" + id);
      OperationalIntent old = state.ois.get(id);
      if (old != null) {
        area(f, old.extents());
      }
    }
    for (Constraint k : ch.putConstraints) {
      id(f, "constraint:" + k.id());
      area(f, k.extents());
      Constraint old = state.constraints.get(k.id());
      if (old != null) {
        area(f, old.extents());
      }
    }
    for (UUID id : ch.deleteConstraints) {
      id(f, "constraint:" + id);
      Constraint old = state.constraints.get(id);
      if (old != null) {
        area(f, old.extents());
      }
    }
    for (Subscription sub : ch.putSubscriptions) {
      Subscription old = state.subscriptions.get(sub.id());
      if (old != null || !sub.implicit()) {
        // A new implicit subscription's id is random, fresh at each validation: no one else has it.
        id(f, "subscription:" + sub.id());
      }
      if (old == null || !old.extents().equals(sub.extents())) {
        area(f, sub.extents());
        if (old != null) {
          area(f, old.extents());
        }
      }
    }
    for (UUID id : ch.deleteSubscriptions) {
      id(f, "subscription:" + id);
    }
    for (PartyAvailability a : ch.putAvailability) {
      id(f, "uss:" + a.party());
    }
    return f;
  }

  /** An id's stripe is its key's hash: instances of every version must agree on it. */
  private static void id(Footprint f, String key) {
    f.stripes.add(Math.floorMod(key.hashCode(), DssStore.STRIPES));
    f.keys.add(key);
  }

  private static void area(Footprint f, Extents e) {
    long last = 0;
    for (long cell : Cells.cover(e.volumes())) {
      f.keys.add(cell);
      long parent = new S2CellId(cell).parent(STRIPE_LEVEL).id();
      if (parent != last) {
        f.stripes.add(Math.floorMod(Long.hashCode(parent * 0x9E3779B97F4A7C15L), DssStore.STRIPES));
        last = parent;
      }
    }
  }

  /**
   * The committer's figures: per batch, the whole transaction (with retries and the commit), the
   * wait for stripe locks, and how long the shared log head was held (from its update to the end
   * of the commit: the part that serializes all instances). Logged every 10 s while writes come,
   * and at close.
   */
  private static final class Timing {
    private long batches;
    private long writes;
    private long deferred;
    private long transactionNanos;
    private long lockWaitNanos;
    private long headNanos;
    private long maxHeadNanos;
    private long lastLog = System.nanoTime();

    synchronized void add(int writes, int deferred, long transaction, long lockWait, long head) {
      batches++;
      this.writes += writes;
      this.deferred += deferred;
      transactionNanos += transaction;
      lockWaitNanos += lockWait;
      headNanos += head;
      maxHeadNanos = Math.max(maxHeadNanos, head);
    }

    synchronized void logIfDue() {
      if (System.nanoTime() - lastLog >= TIMING_LOG_NANOS) {
        logNow();
      }
    }

    synchronized void logNow() {
      long now = System.nanoTime();
      if (batches > 0 && writes > 0) {
        log.info(String.format(Locale.ROOT,
            "group commit, last %.1f s: %d writes in %d transactions (%.1f per transaction, %d deferred"
                + " to the next one); per transaction %.2f ms (%.3f ms per write), waiting for stripe"
                + " locks %.2f ms, shared log head held %.2f ms (max %.2f ms)",
            (now - lastLog) / 1e9, writes, batches, (double) writes / batches, deferred,
            transactionNanos / 1e6 / batches, transactionNanos / 1e6 / writes, lockWaitNanos / 1e6 / batches,
            headNanos / 1e6 / batches, maxHeadNanos / 1e6));
      }
      batches = writes = deferred = transactionNanos = lockWaitNanos = headNanos = maxHeadNanos = 0;
      lastLog = now;
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(new Job<>(null, null));
    }
    try {
      committer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timing.logNow();
    follower.interrupt();
    try {
      follower.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
