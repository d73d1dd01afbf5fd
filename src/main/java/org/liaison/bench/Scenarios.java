package org.liaison.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.liaison.http.Json;

/**
 * The load shapes of issue #3. Each builds {@link Runner.Client}s that drive the hub through the
 * real ASTM API with real tokens; the parties' clients share a map from notice id to current OVN,
 * standing in for the peer lookup a real USS makes at the owner's node.
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

  // ------------------------------------------------------------------ notices held by a client

  /** A client that creates notices and deletes its oldest, keeping {@code keep} of its own. */
  private abstract static class Writer implements Runner.Client {
    final Transport t;
    final String party;
    final String token;
    final String url;
    final int keep;
    final Map<String, String> ovns;
    final WriteLog log;
    final ArrayDeque<String[]> mine = new ArrayDeque<>();

    Writer(Target target, String[] tokens, int i, int keep, Map<String, String> ovns, WriteLog log) {
      this.t = target.transports.open();
      this.party = party(i);
      this.token = tokens[i % PARTIES];
      this.url = ussBaseUrl(party);
      this.keep = keep;
      this.ovns = ovns;
      this.log = log;
    }

    /** Creates notice {@code id} with {@code key}; returns the response. Records the OVN on success. */
    Transport.Response create(Recorder r, String id, Payloads.Volume v, Collection<String> key) {
      Transport.Response c = r.call("create", true, t, "PUT", OIR + id, token, Payloads.createNotice(v, key, url));
      if (c.status() == 201) {
        String ovn = json(c).path("operational_intent_reference").path("ovn").asText();
        ovns.put(id, ovn);
        mine.addLast(new String[] {id, ovn});
        log.created(id, party, List.copyOf(key));
      }
      return c;
    }

    void trim(Recorder r, int target) {
      while (mine.size() > target && !Thread.currentThread().isInterrupted()) {
        String[] old = mine.peekFirst();
        Transport.Response d = r.call("delete", true, t, "DELETE", OIR + old[0] + "/" + old[1], token, null);
        if (d.status() == 200) {
          log.deleted(old[0], party);
          // Only after the delete: a stale OVN in someone's key is harmless, a missing one is a 409.
          ovns.remove(old[0]);
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

  // ------------------------------------------------------------------ congested

  /** Centre of the congested square; far from the spread and query regions. */
  static final double CONGESTED_LAT = 60.0;
  static final double CONGESTED_LNG = 10.0;
  static final double CONGESTED_RADIUS_M = 250;
  static final int CONGESTED_ACTIVE = 50;

  /**
   * Clients of four parties plan in one 1 km² square: circles of 250 m whose centres lie in the
   * middle 500 m × 500 m, all in the same hour and altitude band, so most pairs overlap. Each loop
   * queries, creates with the OVNs it can look up, retries once on 409 with the OVNs of the notices
   * the hub said were missing, and deletes its oldest notice so that about 50 stay active.
   */
  static Runner.Clients congested(Target target, int clients, WriteLog log) {
    String[] tokens = tokens(target);
    Map<String, String> ovns = new ConcurrentHashMap<>();
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.MINUTES);
    Instant end = start.plus(2, ChronoUnit.HOURS);
    int keep = Math.max(1, Math.round((float) CONGESTED_ACTIVE / clients));
    return i -> new Writer(target, tokens, i, keep, ovns, log) {
          final SplittableRandom rnd = new SplittableRandom(i * 7919L + 17);

          @Override
          public void step(Recorder r) {
            double half = 250;
            double lat = CONGESTED_LAT + Payloads.dLat(rnd.nextDouble(-half, half));
            double lng = CONGESTED_LNG + Payloads.dLng(rnd.nextDouble(-half, half), CONGESTED_LAT);
            Payloads.Volume v = new Payloads.Volume(lat, lng, CONGESTED_RADIUS_M, 0, 120, start, end);
            Transport.Response q = r.call("query", false, t, "POST", QUERY, token, Payloads.query(v));
            if (q.status() != 200) {
              return;
            }
            Set<String> key = new LinkedHashSet<>();
            for (JsonNode oi : json(q).path("operational_intent_references")) {
              String ovn = ovns.get(oi.path("id").asText());
              if (ovn != null) {
                key.add(ovn);
              }
            }
            String id = UUID.randomUUID().toString();
            Transport.Response c = create(r, id, v, key);
            if (c.status() == 409) {
              List<String> missing = new ArrayList<>();
              for (JsonNode oi : json(c).path("missing_operational_intents")) {
                missing.add(oi.path("id").asText());
              }
              for (String m : missing) {
                String ovn = ovns.get(m);
                if (ovn != null) {
                  key.add(ovn);
                }
              }
              c = create(r, id, v, key);
              r.count(c.status() == 201 ? "create 409 resolved by one retry" : "create 409 again after retry");
            }
            trim(r, keep);
          }
        };
  }

  // ------------------------------------------------------------------ spread

  static final double SPREAD_LAT = 45.0;
  static final double SPREAD_LNG = 20.0;
  static final int GRID = 1000;

  /**
   * Creates and deletes across a 1000 km × 1000 km region: notice k of client i sits at slot
   * (i + clients × k) of a 1 km grid, as a 200 m circle, so no two notices ever overlap and every
   * create needs an empty key. Each client keeps 4 notices of its own.
   */
  static Runner.Clients spread(Target target, int clients) {
    String[] tokens = tokens(target);
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.MINUTES);
    Instant end = start.plus(2, ChronoUnit.HOURS);
    Map<String, String> ovns = new ConcurrentHashMap<>();
    return i -> new Writer(target, tokens, i, 4, ovns, WriteLog.NONE) {
      long k;

      @Override
      public void step(Recorder r) {
        long slot = (i + (long) clients * k++) % ((long) GRID * GRID);
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
