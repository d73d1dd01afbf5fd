package org.liaison.channels;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.http.Json;
import org.liaison.http.StreamGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /liaison/v1/events}: the events a party may see, as Server-Sent Events when the
 * client accepts {@code text/event-stream}, otherwise as a long-polled JSON array.
 *
 * <p>Each event's {@code id} is its sequence number in the log. A client resumes after the last
 * id it saw ({@code Last-Event-ID} header or {@code ?after=}) and misses nothing, because events
 * commit in sequence order. Messages sent to a party count as delivered once written to it.
 */
final class EventStream {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);
  static final int BATCH = 200;
  static final int MAX_WAIT_SECONDS = 60;

  private final Channels channels;
  private final Core core;
  private Streams streams;

  EventStream(Channels channels) {
    this.channels = channels;
    this.core = channels.core();
  }

  /** Events rendered for one party, and the messages in them still to be marked delivered to it. */
  record Batch(List<Event> events, List<ObjectNode> rendered, Set<String> toDeliver) {
    boolean isEmpty() {
      return events.isEmpty();
    }

    long last() {
      return events.get(events.size() - 1).seq();
    }
  }

  Batch fetch(String party, long after, int limit) {
    return core.read(c -> {
      List<Event> events = core.events.visible(c, party, after, limit);
      Set<String> messageIds = new LinkedHashSet<>();
      for (Event e : events) {
        if (e.type().equals("message")) {
          messageIds.add(e.messageId());
        }
      }
      Map<String, Message> ms = core.store.messagesById(c, messageIds);
      Map<String, List<Delivery>> ds = core.store.deliveriesOf(c, messageIds);
      Map<String, String> languages = messageIds.isEmpty() ? Map.of() : core.languages(c);
      List<ObjectNode> rendered = new ArrayList<>(events.size());
      Set<String> toDeliver = new LinkedHashSet<>();
      for (Event e : events) {
        ObjectNode n = Views.JSON.objectNode();
        n.put("id", e.seq());
        n.put("type", e.type());
        n.put("time", Views.time(e.time()));
        n.put("channel_id", e.channelId());
        n.setAll(channels.views().signed(e.payload()));
        if (e.type().equals("message")) {
          Message m = ms.get(e.messageId());
          List<Delivery> mine = ds.getOrDefault(m.id(), List.of());
          n.set("message", channels.views().message(m, mine, party, languages));
          for (Delivery d : mine) {
            if (d.recipient().equals(party) && d.state() == DeliveryState.SENT) {
              toDeliver.add(m.id());
            }
          }
        }
        rendered.add(n);
      }
      return new Batch(events, rendered, toDeliver);
    });
  }

  /** Where to start: the {@code Last-Event-ID} header, else {@code ?after=}, else the log's head. */
  long start(Context ctx) {
    String header = ctx.header("Last-Event-ID");
    String query = ctx.queryParam("after");
    String value = header != null && !header.isBlank() ? header.trim() : query;
    if (value == null || value.isBlank()) {
      return core.signal.head();
    }
    try {
      long v = Long.parseLong(value);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("%s \"%s\" is not an event id (a whole number, 0 or more)",
        header != null && !header.isBlank() ? "Last-Event-ID" : "after", Values.truncate(value));
  }

  /**
   * Answers {@code GET /liaison/v1/events} for {@code party}. A stream, and a long poll that has to
   * wait, takes a place from {@code gate} (429 when none is left) and then waits without a thread.
   */
  void serve(Context ctx, String party, StreamGate gate) {
    long after = start(ctx);
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains("text/event-stream")) {
      stream(ctx, party, after, gate);
    } else {
      longPoll(ctx, party, after, waitSeconds(ctx), gate);
    }
  }

  private static int waitSeconds(Context ctx) {
    String w = ctx.queryParam("wait");
    if (w == null || w.isBlank()) {
      return 0;
    }
    try {
      int v = Integer.parseInt(w);
      if (v >= 0 && v <= MAX_WAIT_SECONDS) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("wait \"%s\" must be a whole number of seconds in [0, %d]",
        Values.truncate(w), MAX_WAIT_SECONDS);
  }

  private Streams streams(StreamGate gate) {
    synchronized (this) {
      if (streams == null) {
        streams = new Streams(this, core, gate.keepAlive());
      }
      return streams;
    }
  }

  /** Answers at once if there are events, else when one comes or {@code wait} seconds pass. */
  private void longPoll(Context ctx, String party, long after, int wait, StreamGate gate) {
    Batch now = fetch(party, after, BATCH);
    if (!now.isEmpty() || wait == 0 || core.signal.closed()) {
      channels.deliveries().markDelivered(party, now.toDeliver());
      Json.send(ctx, 200, array(now));
      return;
    }
    StreamGate.Ticket ticket = gate.open(party);
    Streams st = streams(gate);
    Poll p = new Poll(party, after, ticket, st);
    st.timer().schedule(() -> p.answer(null), wait, TimeUnit.SECONDS);
    CompletableFuture<Void> answered = p.result
        .thenCompose(b -> channels.deliveries().markDeliveredLater(party, b.toDeliver()).thenApply(v -> b))
        .thenAccept(b -> Json.send(ctx, 200, array(b)));
    ctx.future(() -> {
      whenGone(ctx, p);
      return answered;
    });
    st.add(p);
  }

  private static ArrayNode array(Batch b) {
    ArrayNode out = Views.JSON.arrayNode();
    b.rendered().forEach(out::add);
    return out;
  }

  private static final Batch NONE = new Batch(List.of(), List.of(), Set.of());

  /** A long poll waiting for its first event. */
  private static final class Poll extends Streams.Sub {
    final CompletableFuture<Batch> result = new CompletableFuture<>();
    final StreamGate.Ticket ticket;
    final Streams streams;

    Poll(String party, long after, StreamGate.Ticket ticket, Streams streams) {
      super(party, after);
      this.ticket = ticket;
      this.streams = streams;
    }

    @Override
    void step(Streams st) {
      Batch b = st.batch(this);
      if (!b.isEmpty()) {
        answer(b);
      }
    }

    void answer(Batch b) {
      if (ended.compareAndSet(false, true)) {
        ticket.close();
        streams.remove(this);
        result.complete(b == null ? NONE : b);
      }
    }

    @Override
    void end() {
      answer(null);
    }

    @Override
    void gone() {
      if (ended.compareAndSet(false, true)) {
        ticket.close();
        streams.remove(this);
      }
    }
  }

  /**
   * Sends the stream's headers and first comment on the request's thread, then lets the request
   * wait, without its thread, until the client goes away or the hub stops; {@link Streams} writes
   * the events.
   */
  private void stream(Context ctx, String party, long after, StreamGate gate) {
    StreamGate.Ticket ticket = gate.open(party);
    HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setCharacterEncoding("UTF-8");
    res.setContentType("text/event-stream");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    OutputStream out;
    try {
      out = res.getOutputStream();
      write(out, ": liaison events for " + party + " after " + after + "\n\n");
    } catch (IOException e) {
      ticket.close();
      log.debug("event stream for {} closed by the client at once: {}", party, e.getMessage());
      return;
    }
    Streams st = streams(gate);
    Sse s = new Sse(party, after, out, ticket, st);
    ctx.future(() -> {
      whenGone(ctx, s);
      return s.done;
    });
    st.add(s);
  }

  /** An open Server-Sent Events stream. */
  private final class Sse extends Streams.Sub {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final OutputStream out;
    final StreamGate.Ticket ticket;
    final Streams streams;

    Sse(String party, long after, OutputStream out, StreamGate.Ticket ticket, Streams streams) {
      super(party, after);
      this.out = out;
      this.ticket = ticket;
      this.streams = streams;
    }

    @Override
    void step(Streams st) {
      try {
        while (true) {
          Batch b = st.batch(this);
          if (b.isEmpty()) {
            break;
          }
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < b.events().size(); i++) {
            Event e = b.events().get(i);
            // The JSON has no raw newlines, so one data line carries it whole.
            sb.append("id: ").append(e.seq()).append('\n')
                .append("event: ").append(e.type()).append('\n')
                .append("data: ").append(b.rendered().get(i)).append("\n\n");
          }
          write(out, sb.toString());
          cursor = b.last();
          lastWrite = System.nanoTime();
          keepAliveDue = false;
          long upTo = cursor;
          channels.deliveries().markDeliveredLater(party, b.toDeliver()).whenComplete((v, e) -> {
            if (e != null) {
              log.warn("could not mark messages up to event {} delivered to {}: {}", upTo, party, e.getMessage());
            }
          });
        }
        if (keepAliveDue) {
          keepAliveDue = false;
          write(out, ": keep-alive\n\n");
          lastWrite = System.nanoTime();
        }
      } catch (IOException e) {
        log.debug("event stream for {} closed by the client after event {}: {}", party, cursor, e.getMessage());
        end();
      }
    }

    @Override
    void end() {
      if (ended.compareAndSet(false, true)) {
        ticket.close();
        streams.remove(this);
        done.complete(null);
      }
    }

    @Override
    void gone() {
      if (ended.compareAndSet(false, true)) {
        ticket.close();
        streams.remove(this);
      }
    }
  }

  /**
   * Forgets {@code s} as soon as the server ends its request (the client went, or an error or
   * timeout in Jetty): its place is given back at once, and nothing touches the recycled response.
   * Called once the request is asynchronous, which Javalin makes it before it asks for the future.
   */
  private static void whenGone(Context ctx, Streams.Sub s) {
    ctx.req().getAsyncContext().addListener(new AsyncListener() {
      @Override
      public void onComplete(AsyncEvent event) {
        s.gone();
      }

      @Override
      public void onTimeout(AsyncEvent event) {
        s.gone();
      }

      @Override
      public void onError(AsyncEvent event) {
        s.gone();
      }

      @Override
      public void onStartAsync(AsyncEvent event) {
        // not restarted
      }
    });
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
