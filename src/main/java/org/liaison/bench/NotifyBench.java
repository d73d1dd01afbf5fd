package org.liaison.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.liaison.node.Node;
import org.liaison.node.NodeOptions;

/**
 * {@code bench notify}: how long after a write is answered the subscriber's node has the
 * notification. A real node of party {@value #SUBSCRIBER} runs beside the hub and holds a
 * subscription over the area; writers of four parties create and delete notices there at a fixed
 * total rate (open loop), and, as ASTM's writing USS does, post each write's notification to
 * every subscriber the hub's answer names ({@code POST /uss/v1/operational_intents}). The node
 * answers 204 once its picture has stored the notification, so "write answered → 204 received"
 * is an upper bound on "write answered → the subscriber's node has it" by one loopback trip.
 *
 * <p>The writers are the bench's own clients, not a writer node: a node plans one change at a
 * time with several hub calls each, far below 1,000 writes/s, so the outbox and retry loop of a
 * writer node are not in this chain.
 */
final class NotifyBench {
  static final String SUBSCRIBER = "bench-subscriber";
  static final String NOTIFY_PATH = "/uss/v1/operational_intents";
  /** South-west corner of the notify area, far from the other scenarios' regions. */
  static final double LAT = 62.0;
  static final double LNG = 10.0;
  /** The area is a GRID × GRID grid of 200 m cells: notices never overlap, so every key is empty. */
  static final int GRID = 40;
  static final double CELL_M = 200;
  static final double RADIUS_M = 50;
  /** Notices each writer keeps before it deletes its oldest: about half the writes are deletes. */
  static final int KEEP = 4;
  static final String NOTIFICATION = "notification (write answered → node has it)";
  static final int DEFAULT_RATE = 1_000;

  /**
   * Writers for {@code rate} writes/s: one per 20 writes/s (at least 4, at most 256), so that
   * each has 50 ms for a write and its notification before its next slot is due.
   */
  static int writersFor(int rate) {
    return Math.max(4, Math.min(256, rate / 20));
  }

  /** The subscriber's node and the subscription over the area; closing stops the node. */
  static final class Subscriber implements AutoCloseable {
    final Node node;
    final String subscriptionId;
    private final Path dir;

    private Subscriber(Node node, String subscriptionId, Path dir) {
      this.node = node;
      this.subscriptionId = subscriptionId;
      this.dir = dir;
    }

    /** Starts the node against {@code target}'s hub and subscribes it to the notify area for 23 hours. */
    static Subscriber start(Target target) throws IOException {
      Path dir = Files.createTempDirectory("liaison-bench-node-");
      Node node = Node.start(NodeOptions.dev(SUBSCRIBER, target.base, 0, dir), Clock.systemUTC());
      try {
        String id = UUID.randomUUID().toString();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        double half = GRID * CELL_M / 2;
        double lat = LAT + Payloads.dLat(half);
        Payloads.Volume area = new Payloads.Volume(lat, LNG + Payloads.dLng(half, lat), half * 1.5, 0, 3000, start,
            start.plus(23, ChronoUnit.HOURS));
        String body = "{\"extents\":" + Payloads.volume(area) + ",\"uss_base_url\":\"" + node.baseUrl()
            + "\",\"notify_for_operational_intents\":true,\"notify_for_constraints\":false}";
        try (Transport t = target.transports.open()) {
          Transport.Response r = t.exchange("PUT", "/dss/v1/subscriptions/" + id,
              target.token(SUBSCRIBER, Target.SCOPE_SC), body.getBytes(StandardCharsets.UTF_8));
          if (r.status() != 200 && r.status() != 201) {
            throw new IllegalStateException("the subscriber's subscription was refused: " + r.status() + " " + r.text());
          }
        }
        return new Subscriber(node, id, dir);
      } catch (RuntimeException e) {
        node.close();
        throw e;
      }
    }

    @Override
    public void close() {
      node.close();
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("liaison bench: could not delete " + dir + ": " + e.getMessage());
      }
    }
  }

  private NotifyBench() {}

  /**
   * Writers that together write {@code rate} times a second: each takes the next slot of one
   * shared schedule, waits for its time, writes, and notifies the subscribers the answer names.
   * A write that starts late because every writer was busy is still counted; the achieved rate
   * says whether the schedule was kept.
   */
  static Runner.Clients writers(Target target, int rate) {
    String[] tokens = Scenarios.tokens(target);
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.MINUTES);
    Instant end = start.plus(2, ChronoUnit.HOURS);
    AtomicLong slots = new AtomicLong();
    AtomicLong cells = new AtomicLong();
    long t0 = System.nanoTime();
    long every = 1_000_000_000L / rate;
    return i -> new Runner.Client() {
      final Transport hub = target.transports.open();
      final String party = Scenarios.party(i);
      final String token = tokens[i % Scenarios.PARTIES];
      final String url = Scenarios.ussBaseUrl(party);
      final ArrayDeque<String[]> mine = new ArrayDeque<>();
      final Map<String, Transport> peers = new HashMap<>();

      @Override
      public void step(Recorder r) {
        long due = t0 + slots.getAndIncrement() * every;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        if (mine.size() >= KEEP) {
          String[] old = mine.peekFirst();
          Transport.Response d = r.call("delete", true, hub, "DELETE", Scenarios.OIR + old[0] + "/" + old[1], token, null);
          long answered = System.nanoTime();
          if (d.status() == 200 || d.status() == 404) {
            mine.removeFirst();
          }
          if (d.status() == 200) {
            notifyAll(r, old[0], null, Scenarios.json(d), answered);
          }
          return;
        }
        long cell = cells.getAndIncrement() % ((long) GRID * GRID);
        double lat = LAT + Payloads.dLat((cell / GRID) * CELL_M + CELL_M / 2);
        double lng = LNG + Payloads.dLng((cell % GRID) * CELL_M + CELL_M / 2, lat);
        Payloads.Volume v = new Payloads.Volume(lat, lng, RADIUS_M, 0, 120, start, end);
        String id = UUID.randomUUID().toString();
        Transport.Response c = r.call("create", true, hub, "PUT", Scenarios.OIR + id, token,
            Payloads.createNotice(v, List.of(), url));
        long answered = System.nanoTime();
        if (c.status() == 201) {
          JsonNode answer = Scenarios.json(c);
          JsonNode ref = answer.path("operational_intent_reference");
          mine.addLast(new String[] {id, ref.path("ovn").asText()});
          notifyAll(r, id, "{\"reference\":" + ref + ",\"details\":{\"volumes\":[" + Payloads.volume(v)
              + "],\"off_nominal_volumes\":[],\"priority\":0}}", answer, answered);
        }
      }

      /** Posts the notification of one write to each subscriber but this writer, and records each. */
      void notifyAll(Recorder r, String id, String details, JsonNode answer, long answered) {
        int sent = 0;
        for (JsonNode s : answer.path("subscribers")) {
          String base = s.path("uss_base_url").asText();
          if (base.equals(url)) {
            continue;
          }
          String body = "{\"operational_intent_id\":\"" + id + "\"" + (details == null ? "" : ",\"operational_intent\":" + details)
              + ",\"subscriptions\":" + s.path("subscriptions") + "}";
          Transport peer = peers.computeIfAbsent(base, b -> target.kind.factory(URI.create(b)).open());
          Transport.Response n;
          try {
            n = peer.exchange("POST", NOTIFY_PATH, token, body.getBytes(StandardCharsets.UTF_8));
          } catch (RuntimeException e) {
            n = new Transport.Response(Recorder.TRANSPORT_ERROR, new byte[0]);
          }
          r.record(NOTIFICATION, false, n.status(), System.nanoTime() - answered);
          sent++;
        }
        r.add("notifications sent", sent);
        r.count("writes notified");
      }

      @Override
      public void finish() {
        while (!mine.isEmpty()) {
          String[] old = mine.removeFirst();
          hub.exchange("DELETE", Scenarios.OIR + old[0] + "/" + old[1], token, null);
        }
      }

      @Override
      public void close() {
        hub.close();
        peers.values().forEach(Transport::close);
      }
    };
  }
}
