package org.liaison.channels;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;
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
  static final long KEEP_ALIVE_MS = 15_000;
  static final int MAX_WAIT_SECONDS = 60;

  private final Channels channels;
  private final Core core;

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
        n.setAll(e.payload());
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
        header != null && !header.isBlank() ? "Last-Event-ID" : "after", Fields.truncate(value));
  }

  void serve(Context ctx, String party) {
    long after = start(ctx);
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains("text/event-stream")) {
      stream(ctx, party, after);
    } else {
      longPoll(ctx, party, after, waitSeconds(ctx));
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
        Fields.truncate(w), MAX_WAIT_SECONDS);
  }

  /** Answers at once if there are events, else when one comes or {@code wait} seconds pass. */
  private void longPoll(Context ctx, String party, long after, int wait) {
    long deadline = System.nanoTime() + wait * 1_000_000_000L;
    Batch b;
    while (true) {
      long seen = core.signal.head();
      b = fetch(party, after, BATCH);
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (!b.isEmpty() || left <= 0 || core.signal.closed()) {
        break;
      }
      try {
        core.signal.await(seen, Math.min(left, 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    channels.markDelivered(party, b.toDeliver());
    ArrayNode out = Views.JSON.arrayNode();
    b.rendered().forEach(out::add);
    Json.send(ctx, 200, out);
  }

  /**
   * Writes the stream on the request's own thread until the client goes away or the hub stops.
   * Holding the thread keeps the request alive for exactly as long as we write to it; handing
   * the work to another thread would leave Javalin finishing a response Jetty already recycled.
   */
  private void stream(Context ctx, String party, long after) {
    HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setCharacterEncoding("UTF-8");
    res.setContentType("text/event-stream");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    long cursor = after;
    try {
      OutputStream out = res.getOutputStream();
      write(out, ": liaison events for " + party + " after " + after + "\n\n");
      long lastWrite = System.nanoTime();
      while (!core.signal.closed()) {
        long seen = core.signal.head();
        Batch b = fetch(party, cursor, BATCH);
        if (!b.isEmpty()) {
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
          channels.markDelivered(party, b.toDeliver());
          continue;
        }
        long idle = (System.nanoTime() - lastWrite) / 1_000_000;
        if (idle >= KEEP_ALIVE_MS) {
          write(out, ": keep-alive\n\n");
          lastWrite = System.nanoTime();
          continue;
        }
        // Bounded, so events another hub instance commits are noticed within a second.
        core.signal.await(seen, Math.min(1000, KEEP_ALIVE_MS - idle));
      }
    } catch (IOException e) {
      log.debug("event stream for {} closed by the client after event {}: {}", party, cursor, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("event stream for {} ended after event {}: {}", party, cursor, e.getMessage());
    }
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
