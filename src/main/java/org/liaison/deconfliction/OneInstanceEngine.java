package org.liaison.deconfliction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.liaison.ledger.Ledger;
import org.liaison.store.StoreException;

/**
 * The one-instance write engine: this process is the only writer of its database, so memory is
 * the truth between commits. One writer at a time validates against memory and applies its change
 * there at once, so the next writer sees it; a committer thread commits everything staged since
 * its last transaction in one (group commit), and each answer waits for its commit.
 */
final class OneInstanceEngine implements WriteEngine {
  /** Most changes committed in one transaction. */
  static final int MAX_BATCH = 512;

  private final State state;
  private final DssStore store;
  private final LedgerEntries ledger;
  private final Object writer = new Object();
  private final LinkedBlockingQueue<Staged> queue = new LinkedBlockingQueue<>();
  private final Thread committer;
  /** Memory could not be rebuilt after a failed commit and must not answer until it is. */
  private volatile boolean stale;
  /** While stale, the next reload is tried no sooner than this (System.nanoTime), so requests fail fast. */
  private long nextReload;
  private volatile boolean closed;

  /** @param state memory already holding the stored state ({@link Airspace#load}) */
  OneInstanceEngine(State state, DssStore store, LedgerEntries ledger) {
    this.state = state;
    this.store = store;
    this.ledger = ledger;
    committer = new Thread(this::commitLoop, "liaison-dss-committer");
    committer.setDaemon(true);
    committer.start();
  }

  /** A change waiting for its group commit; a null change tells the committer to stop. */
  private record Staged(Change change, CompletableFuture<Ledger.Recorded> done) {}

  @Override
  public <T> T read(Supplier<T> s) {
    if (stale) {
      synchronized (writer) {
        reloadIfStale();
      }
    }
    return state.read(s);
  }

  @Override
  public <T> T write(Supplier<Pending<T>> op) {
    Pending<T> p;
    CompletableFuture<Ledger.Recorded> done = new CompletableFuture<>();
    synchronized (writer) {
      if (closed) {
        throw new StoreException("hub is shutting down; nothing was changed", null);
      }
      reloadIfStale();
      p = op.get();
      p.change().prepared = ledger.prepare(p.change().entry);
      state.apply(p.change());
      queue.add(new Staged(p.change(), done));
    }
    return p.result().apply(WriteEngine.awaitCommit(done).receipt());
  }

  @Override
  public void followNow() {
    // One instance: there is no one else to follow.
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
      state.exclusively(() -> {
        state.clear();
        try {
          state.use(store.load());
          stale = false;
        } catch (RuntimeException reload) {
          // Half-loaded or empty memory would answer wrongly (404s for acknowledged writes, keys
          // not demanded): refuse reads and writes until a reload works.
          state.clear();
          stale = true;
          nextReload = System.nanoTime() + 1_000_000_000L;
          cause.addSuppressed(reload);
        }
      });
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
    state.exclusively(() -> {
      try {
        state.clear();
        state.use(store.load());
        stale = false;
      } catch (RuntimeException e) {
        state.clear();
        nextReload = System.nanoTime() + 1_000_000_000L;
        throw new StoreException("storage unavailable: the hub cannot reload its state: " + e.getMessage(), e);
      }
    });
  }

  /**
   * Whether memory equals the database and stays so: closed, everything staged committed or
   * failed, and not waiting for a reload.
   */
  boolean settled() {
    return closed && !committer.isAlive() && !stale;
  }

  @Override
  public void close() {
    synchronized (writer) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(new Staged(null, null));
    }
    try {
      committer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
