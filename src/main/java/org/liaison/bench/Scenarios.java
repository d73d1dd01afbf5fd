package org.liaison.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.liaison.http.Json;

/**
 * The load shapes of issues #3 and #17. Each builds {@link Runner.Client}s that drive the hub
 * through the real ASTM API with real tokens; the parties' clients share what they know of the
 * live notices (see {@link Known}), standing in for what a real USS learns from its subscription
 * and from the owner's node.
 */
final class Scenarios {
  static final String OIR = "/dss/v1/operational_intent_references/";
  static final String QUERY = OIR + "query";
  static final String NOOP = "/liaison/v1/noop";
  static final int PARTIES = 4;

  private Scenarios() {}

  static String party(int i) {
    return "bench-party-" + (i % PARTIES);
  }

  static String ussBaseUrl(String party) {
    return "https://" + party + ".example";
  }

  /** Told of every write the hub accepted; the key-rule test checks these against the ledger. */
  interface WriteLog {
    void created(String id, String party, Collection<String> key);

    void deleted(String id, String party);

    WriteLog NONE = new WriteLog() {
      @Override
      public void created(String id, String party, Collection<String> key) {}

      @Override
      public void deleted(String id, String party) {}
    };
  }

  static String[] tokens(Target target) {
    String[] t = new String[PARTIES];
    for (int i = 0; i < PARTIES; i++) {
      t[i] = target.token(party(i), Target.SCOPE_SC);
    }
    return t;
  }

  // ------------------------------------------------------------------ noop

  static Runner.Clients noop(Target target) {
    String[] tokens = tokens(target);
    return i -> new Runner.Client() {
      final Transport t = target.transports.open();

      @Override
      public void step(Recorder r) {
        r.call("noop", false, t, "GET", NOOP, tokens[i % PARTIES], null);
      }

      @Override
      public void close() {
        t.close();
      }
    };
  }

  // ------------------------------------------------------------------ what the clients know

  /**
   * The live notices every client knows, id to OVN and extents, as a USS with a subscription over
   * the area would know them: each client records every create and delete the hub accepted from
   * it, so through this one map every client learns everyone's. A client builds its key from the
   * notices here that overlap its new one; no query round trip comes before a write.
   */
  static final class Known {
    /** A live notice: its OVN and where and when it is. */
    record Notice(String ovn, Payloads.Volume v) {}

    private final ConcurrentHashMap<String, Notice> live = new ConcurrentHashMap<>();
    /** Clients waiting in {@link #awaitOvn}: only then does a create wake anyone. */
    private final AtomicInteger waiting = new AtomicInteger();

    void created(String id, String ovn, Payloads.Volume v) {
      live.put(id, new Notice(ovn, v));
      if (waiting.get() > 0) {
        synchronized (this) {
          notifyAll();
        }
      }
    }

    /** The OVN of {@code id} once some client has recorded it, waiting up to {@code ms}; null if it did not come. */
    String awaitOvn(String id, long ms) throws InterruptedException {
      String ovn = ovn(id);
      if (ovn != null) {
        return ovn;
      }
      long until = System.nanoTime() + ms * 1_000_000L;
      waiting.incrementAndGet();
      try {
        synchronized (this) {
          for (long left = ms; (ovn = ovn(id)) == null && left > 0; left = (until - System.nanoTime()) / 1_000_000L) {
            wait(left);
          }
        }
      } finally {
        waiting.decrementAndGet();
      }
      return ovn;
    }

    void deleted(String id) {
      live.remove(id);
    }

    /** The OVN of live notice {@code id}, or null when no client has seen its create answered yet. */
    String ovn(String id) {
      Notice n = live.get(id);
      return n == null ? null : n.ovn();
    }

    int size() {
      return live.size();
    }

    /**
     * The OVNs of the known notices that may overlap {@code v}. The test errs towards overlap (a
     * little slack on the distance): an OVN too many in a key is harmless, one too few is a 409.
     */
    Set<String> key(Payloads.Volume v) {
      Set<String> key = new LinkedHashSet<>();
      for (Notice n : live.values()) {
        if (mayOverlap(v, n.v())) {
          key.add(n.ovn());
        }
      }
      return key;
    }

    static boolean mayOverlap(Payloads.Volume a, Payloads.Volume b) {
      if (a.start().isAfter(b.end()) || b.start().isAfter(a.end())) {
        return false;
      }
      if (a.altLower() > b.altUpper() || b.altLower() > a.altUpper()) {
        return false;
      }
      double north = (a.lat() - b.lat()) * Payloads.METRES_PER_DEGREE;
      double east = (a.lng() - b.lng()) * Payloads.METRES_PER_DEGREE * Math.cos(Math.toRadians((a.lat() + b.lat()) / 2));
      double reach = (a.radiusM() + b.radiusM()) * 1.01 + 5;
      return north * north + east * east <= reach * reach;
    }
  }

  // ------------------------------------------------------------------ notices held by a client

  /** A client that creates notices and deletes its oldest, keeping {@code keep} of its own. */
  private abstract static class Writer implements Runner.Client {
    final Transport t;
    final String party;
    final String token;
    final String url;
    final int keep;
    final Known known;
    final WriteLog log;
    final ArrayDeque<String[]> mine = new ArrayDeque<>();

    Writer(Target target, String[] tokens, int i, int keep, Known known, WriteLog log) {
      this.t = target.transports.open();
      this.party = party(i);
      this.token = tokens[i % PARTIES];
      this.url = ussBaseUrl(party);
      this.keep = keep;
      this.known = known;
      this.log = log;
    }

    /** Creates notice {@code id} with {@code key}; returns the response. Records the OVN on success. */
    Transport.Response create(Recorder r, String id, Payloads.Volume v, Collection<String> key) {
      Transport.Response c = r.call("create", true, t, "PUT", OIR + id, token, Payloads.createNotice(v, key, url));
      if (c.status() == 201) {
        String ovn = json(c).path("operational_intent_reference").path("ovn").asText();
        known.created(id, ovn, v);
        mine.addLast(new String[] {id, ovn});
        log.created(id, party, List.copyOf(key));
      }
      return c;
    }

    /**
     * Creates notice {@code id} with the key the shared map gives; on a 409 adds the OVNs of the
     * notices the hub names as missing and tries again, {@value #ATTEMPTS} attempts in all. The
     * hub shows a missing notice's OVN only to its manager (ASTM: others get them from the
     * manager's USS); for the others' notices the shared map stands in for that look-up, and a
     * notice whose create answer has not reached the map yet is waited for, briefly.
     */
    void createWithKnownKey(Recorder r, String id, Payloads.Volume v) {
      Set<String> key = known.key(v);
      for (int attempt = 1; ; attempt++) {
        Transport.Response c = create(r, id, v, key);
        if (c.status() != 409) {
          if (attempt > 1 && c.status() == 201) {
            r.count("create 409 resolved by retry");
          }
          return;
        }
        r.count("create 409");
        if (attempt == ATTEMPTS || Thread.currentThread().isInterrupted()) {
          r.count("create given up after " + ATTEMPTS + " attempts");
          return;
        }
        key.addAll(known.key(v));
        for (JsonNode oi : json(c).path("missing_operational_intents")) {
          String ovn = oi.path("ovn").asText("");
          if (ovn.isEmpty() || ovn.equals(OVN_HIDDEN)) {
            ovn = awaitOvn(r, oi.path("id").asText());
          }
          if (ovn != null) {
            key.add(ovn);
          }
        }
      }
    }

    /**
     * The OVN of {@code id} once the shared map has it: the owner records it as soon as the hub's
     * answer reaches it, which is after the commit that made the notice block others. Waits up to
     * {@value #AWAIT_OVN_MS} ms; a notice deleted meanwhile never comes, and then blocks nobody.
     */
    String awaitOvn(Recorder r, String id) {
      String ovn;
      try {
        ovn = known.awaitOvn(id, AWAIT_OVN_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      if (ovn == null) {
        r.count("missing OVN not known in time");
      }
      return ovn;
    }

    void trim(Recorder r, int target) {
      while (mine.size() > target && !Thread.currentThread().isInterrupted()) {
        String[] old = mine.peekFirst();
        Transport.Response d = r.call("delete", true, t, "DELETE", OIR + old[0] + "/" + old[1], token, null);
        if (d.status() == 200) {
          log.deleted(old[0], party);
          // Only after the delete: a stale OVN in someone's key is harmless, a missing one is a 409.
          known.deleted(old[0]);
        }
        if (d.status() == 200 || d.status() == 404) {
          mine.removeFirst();
        } else {
          return;
        }
      }
    }

    @Override
    public void finish() {
      trim(Recorder.standalone(), 0);
    }

    @Override
    public void close() {
      t.close();
    }
  }

  /** Attempts at a create whose key the hub refused (the first one included). */
  static final int ATTEMPTS = 4;
  static final long AWAIT_OVN_MS = 1_000;
  /** What the hub shows in place of another manager's OVN (ASTM: "Available from USS"). */
  static final String OVN_HIDDEN = "Available from USS";

  // ------------------------------------------------------------------ hot spot

  /** Centre of the hot spot; far from the dense, spread and query regions. */
  static final double HOTSPOT_LAT = 60.0;
  static final double HOTSPOT_LNG = 10.0;
  static final double HOTSPOT_RADIUS_M = 250;
  /** Centres lie in a square this wide: at most 424 m apart, so two 250 m circles always overlap. */
  static final double HOTSPOT_CENTRES_M = 300;
  static final int HOTSPOT_ACTIVE = 50;

  /**
   * The hot spot (formerly "congested"): clients of four parties plan 250 m circles whose centres
   * lie within 300 m of each other, all in the same two hours and altitude band, so every notice
   * overlaps every other. Each loop creates with the OVNs of every live notice the clients know
   * (see {@link Known}), retries on 409 with the ones the hub names, and deletes the client's
   * oldest notice so that about 50 stay live.
   */
  static Runner.Clients hotspot(Target target, int clients, WriteLog log) {
    String[] tokens = tokens(target);
    Known known = new Known();
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.MINUTES);
    Instant end = start.plus(2, ChronoUnit.HOURS);
    int keep = Math.max(1, Math.round((float) HOTSPOT_ACTIVE / clients));
    return i -> new Writer(target, tokens, i, keep, known, log) {
          final SplittableRandom rnd = new SplittableRandom(i * 7919L + 17);

          @Override
          public void step(Recorder r) {
            double half = HOTSPOT_CENTRES_M / 2;
            double lat = HOTSPOT_LAT + Payloads.dLat(rnd.nextDouble(-half, half));
            double lng = HOTSPOT_LNG + Payloads.dLng(rnd.nextDouble(-half, half), HOTSPOT_LAT);
            createWithKnownKey(r, UUID.randomUUID().toString(),
                new Payloads.Volume(lat, lng, HOTSPOT_RADIUS_M, 0, 120, start, end));
            trim(r, keep);
          }
        };
  }

  // ------------------------------------------------------------------ dense

  /** South-west corner of the dense area's 1 km × 1 km square. */
  static final double DENSE_LAT = 61.0;
  static final double DENSE_LNG = 10.0;
  static final double DENSE_SIDE_M = 1_000;
  static final double DENSE_RADIUS_M = 100;
  static final Duration DENSE_WINDOW = Duration.ofMinutes(15);
  static final Duration DENSE_HORIZON = Duration.ofHours(24);
  /** Live notices in the area in the steady state, over all clients. */
  static final int DENSE_ACTIVE = 1_000;

  /** Where dense notices may be: the square and the day they are drawn from. */
  record DenseArea(double lat, double lng, double sideM, Instant from, Instant to) {
    boolean holds(Payloads.Volume v) {
      double north = (v.lat() - lat) * Payloads.METRES_PER_DEGREE;
      double east = (v.lng() - lng) * Payloads.METRES_PER_DEGREE * Math.cos(Math.toRadians(v.lat()));
      return north - v.radiusM() >= -1e-6 && north + v.radiusM() <= sideM + 1e-6
          && east - v.radiusM() >= -1e-6 && east + v.radiusM() <= sideM + 1e-6
          && v.altLower() >= 0 && v.altUpper() <= 120
          && !v.start().isBefore(from) && !v.end().isAfter(to);
    }
  }

  static DenseArea denseArea(Instant now) {
    Instant from = now.truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.MINUTES);
    return new DenseArea(DENSE_LAT, DENSE_LNG, DENSE_SIDE_M, from, from.plus(DENSE_HORIZON));
  }

  /** A notice of the dense area: a 100 m circle inside the square, 0–120 m, 15 minutes within the day. */
  static Payloads.Volume denseNotice(DenseArea a, SplittableRandom rnd) {
    double north = rnd.nextDouble(DENSE_RADIUS_M, a.sideM() - DENSE_RADIUS_M);
    double east = rnd.nextDouble(DENSE_RADIUS_M, a.sideM() - DENSE_RADIUS_M);
    double lat = a.lat() + Payloads.dLat(north);
    double lng = a.lng() + Payloads.dLng(east, lat);
    long span = Duration.between(a.from(), a.to()).minus(DENSE_WINDOW).toSeconds();
    Instant start = a.from().plusSeconds(rnd.nextLong(span + 1));
    return new Payloads.Volume(lat, lng, DENSE_RADIUS_M, 0, 120, start, start.plus(DENSE_WINDOW));
  }

  /**
   * The dense area: clients of four parties write into one 1 km² square, each notice a 100 m
   * circle holding a random 15-minute window within the next 24 hours at 0–120 m. Keys come from
   * the shared map of live notices (see {@link Known}); about {@value #DENSE_ACTIVE} stay live, so
   * a new notice overlaps a few (each client deletes its oldest once it holds its share).
   */
  static Runner.Clients dense(Target target, int clients, WriteLog log) {
    String[] tokens = tokens(target);
    Known known = new Known();
    DenseArea area = denseArea(Instant.now());
    int keep = Math.max(1, DENSE_ACTIVE / clients);
    return i -> new Writer(target, tokens, i, keep, known, log) {
      final SplittableRandom rnd = new SplittableRandom(i * 15485863L + 29);

      @Override
      public void step(Recorder r) {
        createWithKnownKey(r, UUID.randomUUID().toString(), denseNotice(area, rnd));
        trim(r, keep);
      }
    };
  }

  // ------------------------------------------------------------------ spread

  static final double SPREAD_LAT = 45.0;
  static final double SPREAD_LNG = 20.0;
  static final int GRID = 1000;

  /**
   * Creates and deletes across a 1000 km × 1000 km region: notice k of client i takes the
   * (i + clients × k)-th slot of a 1 km grid in a scrambled order ({@link #spreadSlot}), as a
   * 200 m circle, so no two notices ever overlap, every create needs an empty key, and the writes
   * in flight at one moment lie far apart, as unrelated operations do (in grid order they would
   * all sit in one row of neighbouring squares). Each client keeps 4 notices of its own.
   */
  /**
   * Odd and not a multiple of 5, so coprime to GRID² and n ↦ n × stride mod GRID² visits every
   * slot once; near GRID²/φ, so successive slots land far apart in both directions.
   */
  private static final long SPREAD_STRIDE = 618_033;

  /** The n-th slot of the spread grid: a permutation of all GRID² slots, neighbours far apart. */
  static long spreadSlot(long n) {
    long cells = (long) GRID * GRID;
    return Math.floorMod(n, cells) * SPREAD_STRIDE % cells;
  }

  static Runner.Clients spread(Target target, int clients) {
    String[] tokens = tokens(target);
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.MINUTES);
    Instant end = start.plus(2, ChronoUnit.HOURS);
    Known known = new Known();
    return i -> new Writer(target, tokens, i, 4, known, WriteLog.NONE) {
      long k;

      @Override
      public void step(Recorder r) {
        long slot = spreadSlot(i + (long) clients * k++);
        double north = (slot / GRID) * 1000.0 + 500;
        double east = (slot % GRID) * 1000.0 + 500;
        double lat = SPREAD_LAT + Payloads.dLat(north);
        double lng = SPREAD_LNG + Payloads.dLng(east, lat);
        Payloads.Volume v = new Payloads.Volume(lat, lng, 200, 0, 120, start, end);
        create(r, UUID.randomUUID().toString(), v, List.of());
        trim(r, keep);
      }
    };
  }

  // ------------------------------------------------------------------ query

  /** Area queries from {@code world} against its preloaded notices. */
  static Runner.Clients query(Target target, World world) {
    String[] tokens = tokens(target);
    return i -> new Runner.Client() {
      final Transport t = target.transports.open();
      final SplittableRandom rnd = new SplittableRandom(i * 104729L + 3);

      @Override
      public void step(Recorder r) {
        Transport.Response q = r.call("query", false, t, "POST", QUERY, tokens[i % PARTIES],
            Payloads.query(world.query(rnd)));
        if (q.status() == 200) {
          r.add("query results", countIds(q.body()));
        }
      }

      @Override
      public void close() {
        t.close();
      }
    };
  }

  /** Occurrences of {@code "id":} in a query response: one per reference returned. */
  static int countIds(byte[] body) {
    int n = 0;
    for (int i = 0; i + 5 <= body.length; i++) {
      if (body[i] == '"' && body[i + 1] == 'i' && body[i + 2] == 'd' && body[i + 3] == '"' && body[i + 4] == ':') {
        n++;
      }
    }
    return n;
  }

  static JsonNode json(Transport.Response r) {
    try {
      return Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException("response with status " + r.status() + " is not JSON: " + r.text(), e);
    }
  }
}
