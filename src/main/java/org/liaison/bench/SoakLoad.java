package org.liaison.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The mixed load of the soak: each client acts for one of the bench parties in its own strip of a
 * 1 km grid, so its writes never overlap another client's and every status other than the one the
 * ASTM API promises (201 for a create, 200 for everything else) is an error. Each step is one
 * request: when the client holds more than {@value #KEEP_NOTICES} notices it deletes its oldest;
 * otherwise it picks an area query (45%), a create (25%), an update of one of its notices (15%), a
 * watch (subscription) create, update or delete (10%), or a read of one of its notices by id (5%). Notices start two minutes
 * ahead and last half an hour, so any run length keeps them valid.
 */
final class SoakLoad {
  static final String SUBS = "/dss/v1/subscriptions/";
  static final double LAT = -30.0;
  static final double LNG = 140.0;
  static final int GRID = 1000;
  static final int KEEP_NOTICES = 8;
  static final int KEEP_WATCHES = 2;

  private SoakLoad() {}

  /** The status each operation must answer; anything else counts as an error. */
  static int expected(String op) {
    return op.equals("create") ? 201 : 200;
  }

  static Runner.Clients clients(Target target, int clients) {
    String[] tokens = Scenarios.tokens(target);
    return i -> new Client(target, tokens, i, clients);
  }

  private static final class Client implements Runner.Client {
    final Transport t;
    final String token;
    final String url;
    final int index;
    final int clients;
    final SplittableRandom rnd;
    /** Own notices, oldest first: id, OVN, slot. */
    final ArrayDeque<Held> notices = new ArrayDeque<>();
    /** Own watches, oldest first: id, version, slot. */
    final ArrayDeque<Held> watches = new ArrayDeque<>();
    long k;

    private static final class Held {
      final String id;
      String version;
      final long slot;

      Held(String id, String version, long slot) {
        this.id = id;
        this.version = version;
        this.slot = slot;
      }
    }

    Client(Target target, String[] tokens, int index, int clients) {
      this.t = target.transports.open();
      this.token = tokens[index % Scenarios.PARTIES];
      this.url = Scenarios.ussBaseUrl(Scenarios.party(index));
      this.index = index;
      this.clients = clients;
      this.rnd = new SplittableRandom(index * 6151L + 29);
    }

    @Override
    public void step(Recorder r) {
      if (notices.size() > KEEP_NOTICES) {
        deleteOldest(r);
        return;
      }
      int roll = rnd.nextInt(100);
      if (roll < 45) {
        query(r);
      } else if (roll < 70 || roll < 85 && notices.isEmpty()) {
        create(r);
      } else if (roll < 85) {
        update(r);
      } else if (roll < 95) {
        watch(r);
      } else if (notices.isEmpty()) {
        query(r);
      } else {
        r.call("read", false, t, "GET", Scenarios.OIR + pick(notices).id, token, null);
      }
    }

    private Payloads.Volume at(long slot, double radius, double upper, Instant start, Instant end) {
      long s = slot % ((long) GRID * GRID);
      double lat = LAT + Payloads.dLat((s / GRID) * 1000.0 + 500);
      double lng = LNG + Payloads.dLng((s % GRID) * 1000.0 + 500, lat);
      return new Payloads.Volume(lat, lng, radius, 0, upper, start, end);
    }

    private Payloads.Volume notice(long slot, double upper) {
      Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(2, ChronoUnit.MINUTES);
      return at(slot, 200, upper, start, start.plus(30, ChronoUnit.MINUTES));
    }

    private long nextSlot() {
      return index + (long) clients * k++;
    }

    private void query(Recorder r) {
      // Around one of this client's recent slots, 2 km wide: neighbours' notices show up too.
      long slot = Math.max(index, nextSlotPeek() - (long) clients * rnd.nextInt(KEEP_NOTICES + 1));
      Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Transport.Response q = r.call("query", false, t, "POST", Scenarios.QUERY, token,
          Payloads.query(at(slot, 2000, 3000, start, start.plus(1, ChronoUnit.HOURS))));
      if (q.status() == 200) {
        r.add("query results", Scenarios.countIds(q.body()));
      }
    }

    private long nextSlotPeek() {
      return index + (long) clients * k;
    }

    private void create(Recorder r) {
      String id = UUID.randomUUID().toString();
      long slot = nextSlot();
      Transport.Response c = r.call("create", true, t, "PUT", Scenarios.OIR + id, token,
          Payloads.createNotice(notice(slot, 120), List.of(), url));
      if (c.status() == 201) {
        notices.addLast(new Held(id, ovn(c), slot));
      }
    }

    private void update(Recorder r) {
      Held h = pick(notices);
      double upper = 100 + rnd.nextInt(51);
      Transport.Response u = r.call("update", true, t, "PUT", Scenarios.OIR + h.id + "/" + h.version, token,
          Payloads.createNotice(notice(h.slot, upper), List.of(), url));
      if (u.status() == 200) {
        h.version = ovn(u);
      }
    }

    private boolean deleteOldest(Recorder r) {
      Held old = notices.peekFirst();
      Transport.Response d = r.call("delete", true, t, "DELETE", Scenarios.OIR + old.id + "/" + old.version, token, null);
      if (d.status() != 200 && d.status() != 404) {
        return false;
      }
      notices.removeFirst();
      return true;
    }

    private void watch(Recorder r) {
      if (watches.size() < KEEP_WATCHES) {
        String id = UUID.randomUUID().toString();
        long slot = Math.max(index, nextSlotPeek());
        Transport.Response c = r.call("watch create", true, t, "PUT", SUBS + id, token, watchBody(slot));
        if (c.status() == 200) {
          watches.addLast(new Held(id, version(c), slot));
        }
      } else if (rnd.nextBoolean()) {
        Held h = pick(watches);
        Transport.Response u = r.call("watch update", true, t, "PUT", SUBS + h.id + "/" + h.version, token,
            watchBody(h.slot));
        if (u.status() == 200) {
          h.version = version(u);
        }
      } else {
        Held h = watches.peekFirst();
        Transport.Response d = r.call("watch delete", true, t, "DELETE", SUBS + h.id + "/" + h.version, token, null);
        if (d.status() == 200 || d.status() == 404) {
          watches.removeFirst();
        }
      }
    }

    private byte[] watchBody(long slot) {
      Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.MINUTES);
      Payloads.Volume v = at(slot, 3000, 3000, start, start.plus(1, ChronoUnit.HOURS));
      String body = "{\"extents\":" + Payloads.volume(v) + ",\"uss_base_url\":\"" + url
          + "\",\"notify_for_operational_intents\":true,\"notify_for_constraints\":false}";
      return body.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T pick(ArrayDeque<T> q) {
      int n = rnd.nextInt(q.size());
      for (T x : q) {
        if (n-- == 0) {
          return x;
        }
      }
      throw new IllegalStateException("unreachable: picked past the end of " + q.size());
    }

    private static String ovn(Transport.Response r) {
      return Scenarios.json(r).path("operational_intent_reference").path("ovn").asText();
    }

    private static String version(Transport.Response r) {
      JsonNode s = Scenarios.json(r).path("subscription");
      return s.path("version").asText();
    }

    @Override
    public void finish() {
      Recorder none = Recorder.standalone();
      while (!notices.isEmpty() && deleteOldest(none)) {
        // until every notice of this client is gone, or the hub refuses
      }
      for (Held h : watches) {
        t.exchange("DELETE", SUBS + h.id + "/" + h.version, token, null);
      }
      watches.clear();
    }

    @Override
    public void close() {
      t.close();
    }
  }
}
