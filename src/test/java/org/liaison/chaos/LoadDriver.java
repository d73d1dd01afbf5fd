package org.liaison.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.liaison.deconfliction.Vol;

/**
 * Real ASTM writes from several threads against a list of hubs: each thread is one party that
 * creates operational intent references, each in a place of its own (no keys needed), and updates
 * and deletes some of its own. Every answer is classified in {@link LoadStats}; every acknowledged
 * write goes into an {@link AckBook} for the {@link Checker}. Each request has a deadline, so
 * nothing hangs. A thread that cannot connect to its hub moves to the next one in the list
 * (failover); one whose request was cut off mid-way marks the write in doubt and moves on too.
 *
 * <pre>{@code
 * try (LoadDriver load = LoadDriver.builder(fleet.tokens(), fleet.bases()).threads(4).start()) {
 *   load.awaitAcks(100, Duration.ofSeconds(30));
 *   // inject a fault
 * }
 * new Checker(tokens, bases).check(load.book()).assertClean();
 * }</pre>
 */
public final class LoadDriver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OIR = "/dss/v1/operational_intent_references/";
  /** Places are this far apart (≈ 550 m), far more than a reference's radius. */
  private static final double SPACING_DEG = 0.005;
  private static final int COLUMNS = 400;
  private static final AtomicInteger REGIONS = new AtomicInteger();

  private final List<URI> targets;
  private final DevTokens tokens;
  private final Duration requestTimeout;
  private final Duration pause;
  private final double updates;
  private final double deletes;
  private final String partyPrefix;
  private final double originLat;
  private final double originLng;
  private final AtomicLong places = new AtomicLong();
  private final HttpClient http;
  private final AckBook book = new AckBook();
  private final LoadStats stats;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean stopping;
  private volatile Throwable broken;

  private LoadDriver(Builder b) {
    this.targets = List.copyOf(b.targets);
    this.tokens = b.tokens;
    this.requestTimeout = b.requestTimeout;
    this.pause = b.pause;
    this.updates = b.updates;
    this.deletes = b.deletes;
    this.partyPrefix = b.partyPrefix;
    this.stats = new LoadStats(targets);
    // Each driver in this JVM writes in a 2° × 2° region of its own, between 40° S and 40° N.
    int region = REGIONS.getAndIncrement() % 40;
    this.originLat = -40 + 2 * region + 0.25;
    this.originLng = -170 + 0.25;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(b.connectTimeout).build();
    for (int i = 0; i < b.threads; i++) {
      int n = i;
      Thread t = new Thread(() -> work(n), "chaos-load-" + n);
      t.setDaemon(true);
      workers.add(t);
    }
  }

  public static Builder builder(DevTokens tokens, List<URI> targets) {
    return new Builder(tokens, targets);
  }

  /** Settings; defaults: 4 threads, 10 s per request, 2 s to connect, 5 ms between writes, 20 % updates, 10 % deletes. */
  public static final class Builder {
    private final DevTokens tokens;
    private final List<URI> targets;
    private int threads = 4;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration pause = Duration.ofMillis(5);
    private double updates = 0.2;
    private double deletes = 0.1;
    private String partyPrefix = "load";

    private Builder(DevTokens tokens, List<URI> targets) {
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("no hub to send load to");
      }
      this.tokens = tokens;
      this.targets = targets;
    }

    public Builder threads(int n) {
      threads = n;
      return this;
    }

    /** The deadline of each request: an answer slower than this counts as a hang. */
    public Builder requestTimeout(Duration d) {
      requestTimeout = d;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      connectTimeout = d;
      return this;
    }

    /** A thread's rest between writes, to leave the CPU to the hub. */
    public Builder pause(Duration d) {
      pause = d;
      return this;
    }

    /** Shares of writes that update, and that delete, one of the thread's own references. */
    public Builder mix(double updateShare, double deleteShare) {
      updates = updateShare;
      deletes = deleteShare;
      return this;
    }

    /** Parties are {@code <prefix>-<thread>}. */
    public Builder parties(String prefix) {
      partyPrefix = prefix;
      return this;
    }

    public LoadDriver start() {
      LoadDriver d = new LoadDriver(this);
      d.workers.forEach(Thread::start);
      return d;
    }
  }

  public AckBook book() {
    return book;
  }

  public LoadStats stats() {
    return stats;
  }

  /** Waits until {@code n} more writes than now are acknowledged; false if the time ran out. */
  public boolean awaitAcks(long n, Duration within) {
    long target = book.acknowledgedWrites() + n;
    long deadline = System.nanoTime() + within.toNanos();
    while (book.acknowledgedWrites() < target) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleep(20);
    }
    return true;
  }

  /** Waits until some write answers with {@code outcome}; false if the time ran out. */
  public boolean awaitOutcome(LoadStats.Outcome outcome, Duration within) {
    long before = stats.count(outcome);
    long deadline = System.nanoTime() + within.toNanos();
    while (stats.count(outcome) == before) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleep(20);
    }
    return true;
  }

  /** Stops the threads after their current request (each has a deadline) and waits for them. */
  public void stop() {
    stopping = true;
    long wait = requestTimeout.toMillis() * 2 + 5000;
    for (Thread t : workers) {
      try {
        t.join(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (t.isAlive()) {
        throw new AssertionError(t.getName() + " still busy " + wait + " ms after stop: a request outlived its deadline");
      }
    }
    if (broken != null) {
      throw new AssertionError("a load thread died: " + broken, broken);
    }
  }

  @Override
  public void close() {
    stop();
  }

  // ---------------------------------------------------------------- the workers

  private record Owned(UUID id, String ovn, double lat, double lng) {}

  private enum Kind { CREATE, UPDATE, DELETE }

  private void work(int n) {
    String party = partyPrefix + "-" + n;
    Random random = new Random(n * 7919L + System.nanoTime());
    List<Owned> own = new ArrayList<>();
    int target = n % targets.size();
    try {
      while (!stopping) {
        target = step(party, random, own, target);
        if (!pause.isZero()) {
          sleep(pause.toMillis());
        }
      }
    } catch (RuntimeException | Error e) {
      broken = e; // a harness failure, reported by stop()
    }
  }

  /** One write; returns the hub to use next. */
  private int step(String party, Random random, List<Owned> own, int target) {
    double roll = random.nextDouble();
    Kind kind = own.isEmpty() || roll >= updates + deletes ? Kind.CREATE : roll < updates ? Kind.UPDATE : Kind.DELETE;
    Owned old = kind == Kind.CREATE ? null : own.remove(random.nextInt(own.size()));
    UUID id = old != null ? old.id() : UUID.randomUUID();
    double lat;
    double lng;
    if (old != null) {
      lat = old.lat();
      lng = old.lng();
    } else {
      long place = places.getAndIncrement();
      lat = originLat + (place / COLUMNS) * SPACING_DEG;
      lng = originLng + (place % COLUMNS) * SPACING_DEG;
    }
    String path = kind == Kind.CREATE ? OIR + id : OIR + id + "/" + old.ovn();
    String method = kind == Kind.DELETE ? "DELETE" : "PUT";
    String body = kind == Kind.DELETE ? null : body(party, lat, lng, 60 + random.nextInt(60));
    Answer a = send(party, method, path, body, target);
    AckBook.Op op = AckBook.Op.valueOf(kind.name());
    switch (a.outcome) {
      case ACKED -> {
        if (kind == Kind.DELETE) {
          book.deleted(id, party);
        } else {
          String ovn = ovn(a.body);
          book.present(id, party, ovn);
          own.add(new Owned(id, ovn, lat, lng));
        }
      }
      case REFUSED, REJECTED -> {
        // Decided before any change: the reference is as it was.
        if (old != null) {
          own.add(old);
        }
      }
      default -> book.inDoubt(id, party, op); // and never touched again
    }
    return a.target;
  }

  private static String body(String party, double lat, double lng, double upperM) {
    ObjectNode n = JSON.createObjectNode();
    Instant now = Instant.now();
    n.putArray("extents").add(Vol.circle(lat, lng, 50).alt(0.0, upperM).at(Duration.ZERO, Duration.ofHours(2)).json(now));
    n.putArray("key");
    n.put("state", "Accepted");
    n.put("uss_base_url", "https://" + party + ".example");
    return n.toString();
  }

  private static String ovn(String body) {
    try {
      JsonNode n = JSON.readTree(body).path("operational_intent_reference").path("ovn");
      if (n.isMissingNode() || n.asText().isEmpty()) {
        throw new IllegalStateException("acknowledged without an OVN: " + body);
      }
      return n.asText();
    } catch (IOException e) {
      throw new IllegalStateException("acknowledged with a body that is not JSON: " + body, e);
    }
  }

  private record Answer(LoadStats.Outcome outcome, String body, int target) {}

  /**
   * One write, failing over to the next hub while connections are refused (the request was never
   * sent, so it is safe to send again). A request cut off after it was sent is not retried.
   */
  private Answer send(String party, String method, String path, String body, int target) {
    for (int tried = 0; tried < targets.size(); tried++) {
      int t = (target + tried) % targets.size();
      URI hub = targets.get(t);
      HttpRequest.Builder rb = HttpRequest.newBuilder(hub.resolve(path)).timeout(requestTimeout)
          .header("Authorization", "Bearer " + tokens.token(party))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) {
        rb.header("Content-Type", "application/json");
      }
      long start = System.nanoTime();
      try {
        HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(stats.answered(t, method, path, r.statusCode(), r.body(), start), r.body(), t);
      } catch (HttpConnectTimeoutException | ConnectException e) {
        stats.refused(t, start);
      } catch (HttpTimeoutException e) {
        return new Answer(stats.timedOut(t, method, path, start), null, (t + 1) % targets.size());
      } catch (IOException e) {
        return new Answer(stats.cut(t, method, path, e, start), null, (t + 1) % targets.size());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopping = true;
        return new Answer(LoadStats.Outcome.REFUSED, null, t);
      }
    }
    sleep(100); // every hub refused: a short rest before the next write
    return new Answer(LoadStats.Outcome.REFUSED, null, target);
  }

  private static void sleep(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
