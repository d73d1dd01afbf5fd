package org.liaison.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.liaison.client.PeerClient;
import org.liaison.client.ServiceException;
import org.liaison.errors.Values;
import org.liaison.node.NodeStore.Delivery;
import org.liaison.node.NodeStore.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox. Each notification goes out at once; until its receiver answers 204 it is
 * tried again after 0.5 s, 1 s, 2 s, … doubling up to 60 s between attempts (each delay varied
 * by up to ±20 % so that many senders do not retry in step), and given up after {@link
 * Policy#DEFAULT} 12 attempts, about five minutes. A notification given up is marked failed, shown
 * by the node's API, and reported to the hub with {@code POST /dss/v1/reports}. The outbox is in
 * the database, so a restarted node resumes where it stopped.
 */
final class Notifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);

  /** How hard to try. */
  record Policy(int maxAttempts, Duration firstDelay, Duration maxDelay, double jitter) {
    static final Policy DEFAULT = new Policy(12, Duration.ofMillis(500), Duration.ofSeconds(60), 0.2);

    Policy {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts " + maxAttempts + " must be at least 1");
      }
      if (jitter < 0 || jitter >= 1) {
        throw new IllegalArgumentException("jitter " + jitter + " must be in [0, 1)");
      }
    }

    /** The wait after the {@code attempts}-th failed attempt, before jitter. */
    Duration delayAfter(int attempts) {
      Duration d = firstDelay;
      for (int i = 1; i < attempts && d.compareTo(maxDelay) < 0; i++) {
        d = d.multipliedBy(2);
      }
      return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
  }

  /** Sends one notification; the future fails only when no answer came. */
  @FunctionalInterface
  interface Sender {
    CompletableFuture<PeerClient.Answer> send(URI url, JsonNode body);
  }

  /** Tells the hub about a notification given up; returns the hub's report id. */
  @FunctionalInterface
  interface Reporter {
    String report(ObjectNode errorReport);
  }

  private final NodeStore store;
  private final Sender sender;
  private final Reporter reporter;
  private final Clock clock;
  private final Policy policy;
  private final Events events;
  private final Random random;
  private final String ownBaseUrl;
  private final Object wake = new Object();
  private boolean kicked;
  private volatile boolean running;
  private volatile Runnable attemptFailed = () -> {};
  private Thread thread;

  Notifier(NodeStore store, Sender sender, Reporter reporter, Clock clock, Policy policy, Events events,
      Random random, String ownBaseUrl) {
    this.store = store;
    this.sender = sender;
    this.reporter = reporter;
    this.clock = clock;
    this.policy = policy;
    this.events = events;
    this.random = random;
    this.ownBaseUrl = ownBaseUrl;
  }

  void start() {
    running = true;
    thread = new Thread(this::loop, "liaison-notifier");
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs {@code r} after each failed attempt that will be retried, for metrics. */
  void onAttemptFailed(Runnable r) {
    attemptFailed = r;
  }

  /** Wakes the loop: new notifications are queued. */
  void kick() {
    synchronized (wake) {
      kicked = true;
      wake.notifyAll();
    }
  }

  private void loop() {
    while (running) {
      try {
        runDue();
        Long next = store.nextDue();
        long waitMs = next == null ? 1000 : Math.max(1, Math.min(1000, next - clock.millis()));
        synchronized (wake) {
          if (!kicked && running) {
            wake.wait(waitMs);
          }
          kicked = false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("notifier pass failed; retrying in 1 s", e);
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Sends every notification that is due, waits for the answers, and records them. */
  int runDue() {
    List<Delivery> due = store.due(clock.millis(), 64);
    List<CompletableFuture<Void>> sent = new ArrayList<>(due.size());
    for (Delivery d : due) {
      JsonNode body = Plan.Docs.readTree(d.body());
      CompletableFuture<PeerClient.Answer> f;
      try {
        f = sender.send(URI.create(d.url()), body);
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      sent.add(f.handle((answer, error) -> {
        outcome(d, answer, error);
        return null;
      }));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    return due.size();
  }

  private void outcome(Delivery d, PeerClient.Answer answer, Throwable error) {
    long now = clock.millis();
    int attempts = d.attempts() + 1;
    if (answer != null && answer.status() == 204) {
      store.attempted(d.id(), Status.delivered, attempts, d.nextAttemptMs(), now, 204, null);
      publish(d, Status.delivered, attempts, 204, null, now);
      return;
    }
    Integer status = answer == null ? null : answer.status();
    String why = answer != null
        ? "answered " + answer.status() + (answer.body() == null || answer.body().isEmpty() ? "" : ": " + clip(answer.body()))
        : clip(describe(error));
    if (attempts >= policy.maxAttempts()) {
      store.attempted(d.id(), Status.failed, attempts, d.nextAttemptMs(), now, status, why);
      log.warn("notification {} to {} given up after {} attempts: {}", d.id(), d.url(), attempts, why);
      publish(d, Status.failed, attempts, status, why, now);
      reportToHub(d, attempts, status, why, now);
      return;
    }
    long delay = policy.delayAfter(attempts).toMillis();
    long jittered = Math.round(delay * (1 + policy.jitter() * (2 * random.nextDouble() - 1)));
    store.attempted(d.id(), Status.pending, attempts, now + jittered, now, status, why);
    attemptFailed.run();
    log.info("notification {} to {} attempt {} failed ({}); next in {} ms", d.id(), d.url(), attempts, why, jittered);
  }

  private void reportToHub(Delivery d, int attempts, Integer status, String why, long now) {
    ObjectNode report = JsonNodeFactory.instance.objectNode();
    ObjectNode ex = report.putObject("exchange");
    ex.put("url", d.url());
    ex.put("method", "POST");
    ex.putArray("headers");
    ex.put("recorder_role", "Client");
    ex.set("request_time", time(Instant.ofEpochMilli(d.createdMs())));
    ex.put("request_source", ownBaseUrl);
    ex.set("response_time", time(Instant.ofEpochMilli(now)));
    ex.put("response_code", status == null ? 0 : status);
    // The body holds details the hub must never store; only the entity id goes in the problem.
    ex.put("problem", "notification of " + d.kind() + " " + d.entityId() + " not acknowledged with 204 after "
        + attempts + " attempts over " + Duration.ofMillis(now - d.createdMs()).toSeconds() + " s; last: " + why);
    String result;
    try {
      result = "report_id " + reporter.report(report);
    } catch (RuntimeException e) {
      result = "report failed: " + clip(e.getMessage());
      log.error("could not report undelivered notification {} to the hub: {}", d.id(), e.getMessage());
    }
    store.hubReport(d.id(), result);
  }

  private static ObjectNode time(Instant t) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("value", t.toString());
    o.put("format", "RFC3339");
    return o;
  }

  private void publish(Delivery d, Status status, int attempts, Integer httpStatus, String error, long now) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("delivery", d.id());
    n.put("kind", d.kind());
    n.put("id", d.entityId().toString());
    n.put("url", d.url());
    n.put("status", status.name());
    n.put("attempts", attempts);
    if (httpStatus != null) {
      n.put("http_status", httpStatus);
    }
    if (error != null) {
      n.put("error", error);
    }
    n.put("latency_ms", now - d.createdMs());
    events.publish("delivery", n);
  }

  /** What went wrong, in words: a call that got no answer says so with its URL. */
  private static String describe(Throwable t) {
    while (!(t instanceof ServiceException) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t instanceof ServiceException ? t.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /** A peer's answer or a failure, kept longer than a quoted value: it is the whole diagnosis. */
  private static String clip(String s) {
    return Values.truncate(s, 300);
  }

  @Override
  public void close() {
    running = false;
    kick();
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
