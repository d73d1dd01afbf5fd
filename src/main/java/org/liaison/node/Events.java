package org.liaison.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The node's stream of changes to its picture: what other parties notified, what this party
 * declared, and how its own notifications fared. Served as server-sent events; listeners in the
 * same process (tests, the console) can subscribe too.
 */
final class Events {
  private final Set<SseClient> clients = new CopyOnWriteArraySet<>();
  private final List<BiConsumer<String, ObjectNode>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();

  void add(SseClient client) {
    clients.add(client);
    client.onClose(() -> clients.remove(client));
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
    for (SseClient c : clients) {
      if (c.terminated()) {
        clients.remove(c);
        continue;
      }
      c.sendEvent(name, text, id);
    }
    for (BiConsumer<String, ObjectNode> l : listeners) {
      l.accept(name, data);
    }
  }

  /** A comment line, so idle connections stay open and closed ones are noticed. */
  void ping() {
    for (SseClient c : clients) {
      if (c.terminated()) {
        clients.remove(c);
      } else {
        c.sendComment("ping");
      }
    }
  }
}
