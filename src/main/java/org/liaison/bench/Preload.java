package org.liaison.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.liaison.deconfliction.Airspace;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;
import org.liaison.http.Json;

/**
 * Loads notices {@code [from, to)} of a {@link World} into the hub, all as one party. Each is a
 * normal durable create with the key rule enforced: on a conflict the loader asks for the OVNs of
 * the overlapping notices (its own, so it may see them) and retries with them as the key.
 */
final class Preload {
  static final String PARTY = "bench-preload";

  /** How the notices went in, for the report. */
  enum Path {
    HTTP("through the HTTP API with parallel clients"),
    AIRSPACE("in process through the Airspace Java API (same validation, key rule and durable commit; no HTTP)");

    final String description;

    Path(String description) {
      this.description = description;
    }
  }

  private Preload() {}

  /** Loads and returns the seconds it took. */
  static double load(Target target, World world, long from, long to, int threads, Path path, PrintStream progress) {
    if (from >= to) {
      return 0;
    }
    AtomicLong next = new AtomicLong(from);
    AtomicLong done = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    String token = path == Path.HTTP ? target.token(PARTY, Target.SCOPE_SC) : null;
    List<Thread> ts = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int k = 0; k < threads; k++) {
      Thread t = new Thread(() -> {
        try (Transport tr = path == Path.HTTP ? target.transports.open() : null) {
          for (long i = next.getAndIncrement(); i < to && failure.get() == null; i = next.getAndIncrement()) {
            Payloads.Volume v = world.notice(i);
            if (path == Path.HTTP) {
              viaHttp(tr, token, v);
            } else {
              viaAirspace(target.hub.airspace(), v);
            }
            done.incrementAndGet();
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "bench-preload-" + k);
      t.setDaemon(true);
      ts.add(t);
      t.start();
    }
    for (Thread t : ts) {
      while (t.isAlive()) {
        try {
          t.join(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("preload interrupted", e);
        }
        if (progress != null) {
          long d = done.get();
          double s = (System.nanoTime() - t0) / 1e9;
          double rate = d / Math.max(s, 1e-9);
          progress.printf(Locale.ROOT, "\r\033[Kpreload %,d/%,d notices | %,.0f/s | ETA %.0f s",
              from + d, to, rate, rate > 0 ? (to - from - d) / rate : 0.0);
          progress.flush();
        }
      }
    }
    if (progress != null) {
      progress.print("\r\033[K");
    }
    if (failure.get() != null) {
      throw new IllegalStateException("preload failed: " + failure.get().getMessage(), failure.get());
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void viaHttp(Transport t, String token, Payloads.Volume v) throws IOException {
    String id = UUID.randomUUID().toString();
    byte[] body = Payloads.createNotice(v, List.of(), Scenarios.ussBaseUrl(PARTY));
    Transport.Response r = t.exchange("PUT", Scenarios.OIR + id, token, body);
    if (r.status() == 409) {
      Transport.Response q = t.exchange("POST", Scenarios.QUERY, token, Payloads.query(v));
      List<String> key = new ArrayList<>();
      for (JsonNode oi : Json.MAPPER.readTree(q.body()).path("operational_intent_references")) {
        key.add(oi.path("ovn").asText());
      }
      r = t.exchange("PUT", Scenarios.OIR + id, token, Payloads.createNotice(v, key, Scenarios.ussBaseUrl(PARTY)));
    }
    if (r.status() != 201) {
      throw new IllegalStateException("preload create answered " + r.status() + ": " + r.text());
    }
  }

  private static void viaAirspace(Airspace a, Payloads.Volume v) {
    UUID id = UUID.randomUUID();
    Set<String> scopes = Set.of(Target.SCOPE_SC);
    try {
      a.putOi(PARTY, scopes, id, null, body(v, List.of()));
    } catch (Airspace.KeyConflict conflict) {
      Volume4D vol = new Volume4D(new Circle(new LatLng(v.lat(), v.lng()), v.radiusM()),
          new AltitudeBand(v.altLower(), v.altUpper()), new TimeWindow(v.start(), v.end()));
      List<String> key = a.queryOis(List.of(vol)).stream().map(OperationalIntent::ovn).toList();
      a.putOi(PARTY, scopes, id, null, body(v, key));
    }
  }

  private static JsonNode body(Payloads.Volume v, List<String> key) {
    try {
      return Json.MAPPER.readTree(Payloads.createNotice(v, key, Scenarios.ussBaseUrl(PARTY)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
