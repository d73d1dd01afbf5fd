package org.liaison.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The node's stream of changes to its picture: what other parties notified, what this party
 * declared, and how its own notifications fared. Served as server-sent events; listeners in the
 * same process (tests, the console) can subscribe too.
 *
 * <p>Publishing never waits for a client: each client has a queue that a small pool of writer
 * threads drains, one client at a time each. A client that lets {@link #MAX_QUEUED} events pile up
 * has stopped reading and is dropped, so a stalled browser tab holds neither the planner nor memory.
 */
final class Events implements AutoCloseable {
  static final int MAX_QUEUED = 1000;
  private static final int WRITERS = 4;

  /** One client, its unsent events, and whether a writer is draining them now. */
  private static final class Client {
    final SseClient sse;
    final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    final AtomicInteger queued = new AtomicInteger();
    final AtomicBoolean busy = new AtomicBoolean();

    Client(SseClient sse) {
      this.sse = sse;
    }
  }

  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final List<BiConsumer<String, ObjectNode>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final ExecutorService writers;

  Events() {
    AtomicInteger n = new AtomicInteger();
    writers = Executors.newFixedThreadPool(WRITERS, r -> {
      Thread t = new Thread(r, "liaison-node-stream-writer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Adds {@code sse}; {@code onEnd} runs once when it goes. */
  void add(SseClient sse, Runnable onEnd) {
    Client c = new Client(sse);
    AtomicBoolean ended = new AtomicBoolean();
    sse.onClose(() -> {
      clients.remove(c);
      if (ended.compareAndSet(false, true)) {
        onEnd.run();
      }
    });
    clients.add(c);
    if (sse.terminated()) {
      clients.remove(c);
      if (ended.compareAndSet(false, true)) {
        onEnd.run();
      }
    }
  }

  void listen(BiConsumer<String, ObjectNode> listener) {
    listeners.add(listener);
  }

  int clients() {
    return clients.size();
  }

  /** Sends {@code data} as event {@code name} to every client; a client that is gone is dropped. */
  void publish(String name, ObjectNode data) {
    String id = Long.toString(sequence.incrementAndGet());
    String text = data.toString();
    for (Client c : clients) {
      enqueue(c, () -> c.sse.sendEvent(name, text, id));
    }
    for (BiConsumer<String, ObjectNode> l : listeners) {
      l.accept(name, data);
    }
  }

  /** A comment line, so idle connections stay open and closed ones are noticed. */
  void ping() {
    for (Client c : clients) {
      if (c.queued.get() == 0) {
        enqueue(c, () -> c.sse.sendComment("ping"));
      }
    }
  }

  private void enqueue(Client c, Runnable write) {
    if (c.sse.terminated()) {
      clients.remove(c);
      return;
    }
    if (c.queued.incrementAndGet() > MAX_QUEUED) {
      c.queued.decrementAndGet();
      clients.remove(c);
      c.sse.close(); // it has stopped reading: drop it rather than queue without end
      return;
    }
    c.queue.add(write);
    schedule(c);
  }

  private void schedule(Client c) {
    if (c.busy.compareAndSet(false, true)) {
      try {
        writers.execute(() -> drain(c));
      } catch (RejectedExecutionException e) {
        c.busy.set(false);
      }
    }
  }

  private void drain(Client c) {
    try {
      Runnable w;
      while ((w = c.queue.poll()) != null) {
        c.queued.decrementAndGet();
        if (!c.sse.terminated()) {
          w.run(); // SseClient closes itself when a write fails
        }
      }
    } finally {
      c.busy.set(false);
    }
    if (!c.queue.isEmpty()) {
      schedule(c);
    }
  }

  /** Ends every stream and stops the writers. */
  @Override
  public void close() {
    for (Client c : clients) {
      c.sse.close();
    }
    clients.clear();
    writers.shutdownNow();
  }
}
