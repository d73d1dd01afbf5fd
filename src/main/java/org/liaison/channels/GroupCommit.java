package org.liaison.channels;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.liaison.store.Database;
import org.liaison.store.StoreException;

/**
 * One writer thread that applies channel writes in arrival order, many to a transaction: every
 * write waiting when a commit starts goes into the next one, so one durable commit (one fsync on
 * the embedded store) serves them all. Each write runs in its own savepoint; a write that throws
 * is rolled back alone and its caller gets the exception, as if it had run by itself.
 *
 * <p>A write must not itself wait for another write: it runs on the writer thread.
 */
final class GroupCommit implements AutoCloseable {
  /** Writes per transaction at most, so one transaction stays short. */
  static final int MAX_BATCH = 64;

  private final Database db;
  private final EventLog events;
  private final Signal signal;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final Pending<Void> stop = new Pending<>(c -> null);
  private volatile boolean closed;

  GroupCommit(Database db, EventLog events, Signal signal) {
    this.db = db;
    this.events = events;
    this.signal = signal;
    this.thread = new Thread(this::run, "liaison-channels-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** A write waiting for its transaction. */
  private final class Pending<T> {
    final Database.Work<T> work;
    final CompletableFuture<T> future = new CompletableFuture<>();
    T result;
    RuntimeException failure;

    Pending(Database.Work<T> work) {
      this.work = work;
    }

    /** Runs in the batch's transaction; SQL errors abort the whole batch, which may then retry. */
    void runIn(Connection c) throws SQLException {
      result = null;
      failure = null;
      long mark = events.appended();
      Savepoint sp = c.setSavepoint();
      try {
        result = work.run(c);
      } catch (RuntimeException e) {
        c.rollback(sp);
        events.rewind(mark);
        failure = e;
      }
    }

    void finish() {
      if (failure != null) {
        future.completeExceptionally(failure);
      } else {
        future.complete(result);
      }
    }
  }

  /** Runs {@code work} in the writer's next transaction and returns its result after commit. */
  <T> T write(Database.Work<T> work) {
    if (closed) {
      throw new StoreException("channel writes are closed: the hub is stopping", null);
    }
    Pending<T> p = new Pending<>(work);
    queue.add(p);
    try {
      return p.future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("channel write failed: " + e.getCause(), e.getCause());
    } catch (CancellationException e) {
      throw new StoreException("channel write cancelled: the hub is stopping", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a channel write to commit", e);
    }
  }

  private void run() {
    List<Pending<?>> batch = new ArrayList<>();
    while (true) {
      batch.clear();
      Pending<?> first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        break;
      }
      if (first == stop) {
        break;
      }
      batch.add(first);
      queue.drainTo(batch, MAX_BATCH - 1);
      // The stop marker may have been drained with the rest; it ends the loop after this batch.
      boolean stopping = batch.remove(stop);
      commit(batch);
      if (stopping) {
        break;
      }
    }
    List<Pending<?>> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(p -> p.future.cancel(false));
  }

  private void commit(List<Pending<?>> batch) {
    try {
      db.inTransaction(c -> {
        events.begin();
        for (Pending<?> p : batch) {
          p.runIn(c);
        }
        return null;
      });
    } catch (RuntimeException | Error e) {
      batch.forEach(p -> p.future.completeExceptionally(e));
      return;
    }
    signal.publish(events.appended());
    batch.forEach(Pending::finish);
  }

  /** Commits what is queued, then stops; later writes fail with a StoreException. */
  @Override
  public void close() {
    closed = true;
    queue.add(stop);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
