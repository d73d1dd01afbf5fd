package org.liaison.deconfliction;

import com.google.common.geometry.S2CellId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
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
  private static final Logger log = LoggerFactory.getLogger(ManyInstanceEngine.class);

  private final State state;
  private final DssStore store;
  private final Database db;
  private final LedgerEntries ledger;
  private final Thread follower;
  /** Guards {@link #logHead}: the last shared-log change applied to memory. */
  private final Object logMutex = new Object();
  private long logHead;
  /** Set when the changes this instance still needed were pruned: the follower reloads it. */
  private volatile boolean behind;
  private volatile boolean closed;

  ManyInstanceEngine(State state, DssStore store, Database db, LedgerEntries ledger) {
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
  }

  private record Committed<T>(Pending<T> pending, long seq, Ledger.Recorded recorded) {}

  @Override
  public <T> T read(Supplier<T> s) {
    return state.read(s);
  }

  /**
   * Validates against fresh memory, locks the stripes the change touches, catches up again under
   * those locks and validates again, until the change needs no stripe not yet held. Then nothing
   * that could overlap it can commit before it does, and memory holds every change that did. A
   * rejection before the locks answers from a state at most one query old.
   */
  @Override
  public <T> T write(Supplier<Pending<T>> op) {
    if (closed) {
      throw new StoreException("hub is shutting down; nothing was changed", null);
    }
    Committed<T> done = db.inTransaction(Connection.TRANSACTION_READ_COMMITTED, c -> {
      catchUp(c);
      Pending<T> p = state.read(op);
      SortedSet<Integer> locked = new TreeSet<>();
      for (int round = 1; ; round++) {
        Pending<T> current = p;
        SortedSet<Integer> need = state.read(() -> stripes(current.change()));
        if (locked.containsAll(need)) {
          break;
        }
        if (round > MAX_LOCK_ROUNDS) {
          throw new StoreException("the write kept touching new areas while it was validated; retry it", null);
        }
        locked.addAll(need);
        store.lock(c, locked);
        catchUp(c);
        p = state.read(op);
      }
      p.change().prepared = ledger.prepare(p.change().entry);
      Ledger.Recorded recorded = store.write(c, p.change());
      long seq = store.append(c, p.change());
      return new Committed<>(p, seq, recorded);
    });
    applyOwn(done.seq, done.pending.change());
    return done.pending.result().apply(done.recorded.receipt());
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

  /** Makes this instance's own committed change visible; a catch-up may have applied it first. */
  private void applyOwn(long seq, Change change) {
    synchronized (logMutex) {
      if (seq == logHead + 1) {
        state.apply(change);
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
      OperationalIntent old = state.ois.get(oi.id());
      if (old != null) {
        area(s, old.extents());
      }
    }
    for (UUID id : ch.deleteOis) {
      s.add(idStripe("oi", id));
      OperationalIntent old = state.ois.get(id);
      if (old != null) {
        area(s, old.extents());
      }
    }
    for (Constraint k : ch.putConstraints) {
      s.add(idStripe("constraint", k.id()));
      area(s, k.extents());
      Constraint old = state.constraints.get(k.id());
      if (old != null) {
        area(s, old.extents());
      }
    }
    for (UUID id : ch.deleteConstraints) {
      s.add(idStripe("constraint", id));
      Constraint old = state.constraints.get(id);
      if (old != null) {
        area(s, old.extents());
      }
    }
    for (Subscription sub : ch.putSubscriptions) {
      Subscription old = state.subscriptions.get(sub.id());
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

  @Override
  public void close() {
    closed = true;
    follower.interrupt();
    try {
      follower.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
