package org.liaison.channels;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds every open event stream and waiting long poll without holding a request thread for any.
 *
 * <p>One dispatcher thread waits for the log to grow and then hands each subscriber that is behind
 * to a small pool of writer threads. A subscriber is at most once in that pool: one that writes
 * slowly falls behind on its own, by its cursor into the log, and costs no memory for what it has
 * not yet read. Subscribers of one party at one cursor share one read of the log.
 *
 * <p>Once a second the dispatcher also reads the log's head from the database, once for all
 * subscribers, so events that another hub instance commits reach this instance's streams too.
 */
final class Streams {
  private static final Logger log = LoggerFactory.getLogger(Streams.class);
  /** Blocking writes run here; a write to a client that stopped reading ends at Jetty's idle timeout. */
  private static final int WRITERS = 8;

  /** One stream or long poll: its party, how far it has read, and how it is written to. */
  abstract static class Sub {
    final String party;
    volatile long cursor;
    /** The log's head when this subscriber last found nothing new for it. */
    volatile long checked;
    volatile long lastWrite = System.nanoTime();
    volatile boolean keepAliveDue;
    private volatile boolean dirty;
    private final AtomicBoolean busy = new AtomicBoolean();
    final AtomicBoolean ended = new AtomicBoolean();

    Sub(String party, long cursor) {
      this.party = party;
      this.cursor = cursor;
    }

    /** Writes what is new since {@link #cursor}; called on a writer thread, one call at a time. */
    abstract void step(Streams streams);

    /** Ends the subscriber and answers its request: called on any thread, when the client or the hub goes. */
    abstract void end();

    /** Forgets the subscriber whose request the server has already ended; its response is gone. */
    abstract void gone();
  }

  private record Key(String party, long after, long head) {}

  private final EventStream source;
  private final Core core;
  private final Duration keepAlive;
  private final Set<Sub> subs = ConcurrentHashMap.newKeySet();
  private final ExecutorService writers;
  private final ScheduledExecutorService timer;
  private final Cache<Key, EventStream.Batch> batches = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofSeconds(2)).maximumSize(10_000).build();

  Streams(EventStream source, Core core, Duration keepAlive) {
    this.source = source;
    this.core = core;
    this.keepAlive = keepAlive;
    AtomicInteger n = new AtomicInteger();
    this.writers = Executors.newFixedThreadPool(WRITERS, r -> daemon(r, "liaison-stream-writer-" + n.incrementAndGet()));
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "liaison-stream-timer"));
    long period = keepAlive.toMillis();
    timer.scheduleAtFixedRate(this::keepAlives, period, period, TimeUnit.MILLISECONDS);
    // Synchronously, before the HTTP server stops: a response must be finished while it still exists.
    core.onClose(this::close);
    Thread d = daemon(this::dispatch, "liaison-stream-dispatcher");
    d.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  /** Adds {@code s} and writes it what is already there. */
  void add(Sub s) {
    if (core.signal.closed()) {
      s.end();
      return;
    }
    subs.add(s);
    if (s.ended.get()) {
      subs.remove(s); // ended while being added: its own end() may have run before the add
      return;
    }
    schedule(s);
  }

  void remove(Sub s) {
    subs.remove(s);
  }

  /**
   * The batch of {@code s}'s events after its cursor, shared by subscribers reading the same. The
   * log's head is part of the key: a read made before an event committed must not hide it.
   */
  EventStream.Batch batch(Sub s) {
    long head = core.signal.head();
    long after = s.cursor;
    EventStream.Batch b = batches.get(new Key(s.party, after, head), k -> source.fetch(s.party, after, EventStream.BATCH));
    if (b.isEmpty()) {
      s.checked = head;
    }
    return b;
  }

  private void schedule(Sub s) {
    s.dirty = true;
    if (s.busy.compareAndSet(false, true)) {
      try {
        writers.execute(() -> drain(s));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        s.busy.set(false);
        s.end();
      }
    }
  }

  private void drain(Sub s) {
    try {
      while (s.dirty && !s.ended.get()) {
        s.dirty = false;
        s.step(this);
      }
    } catch (RuntimeException e) {
      if (!s.ended.get()) { // else the server ended the request under our write: nothing to report
        log.warn("event stream for {} ended after event {}: {}", s.party, s.cursor, e.getMessage());
      }
      s.end();
    } finally {
      s.busy.set(false);
    }
    if (s.dirty && !s.ended.get()) {
      schedule(s);
    }
  }

  private void keepAlives() {
    long now = System.nanoTime();
    long interval = keepAlive.toNanos();
    for (Sub s : subs) {
      if (now - s.lastWrite >= interval - interval / 10) {
        s.keepAliveDue = true;
        schedule(s);
      }
    }
  }

  private void dispatch() {
    long seen = core.signal.head();
    long polled = System.nanoTime();
    try {
      while (!core.signal.closed()) {
        long head = core.signal.await(seen, 1000);
        if (head == seen && !subs.isEmpty() && System.nanoTime() - polled >= 1_000_000_000L) {
          // Another instance's commits do not pass through our signal: read the head once for all.
          polled = System.nanoTime();
          try {
            core.signal.publish(core.read(core.events::head));
          } catch (RuntimeException e) {
            log.debug("could not read the event log's head: {}", e.getMessage());
          }
          head = core.signal.head();
        }
        if (head > seen) {
          seen = head;
          for (Sub s : subs) {
            if (s.checked < head) {
              schedule(s);
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close();
    }
  }

  /** Ends every subscriber, answering its request, and stops the threads. */
  void close() {
    for (Sub s : subs) {
      s.end();
    }
    subs.clear();
    timer.shutdownNow();
    writers.shutdown();
  }
}
