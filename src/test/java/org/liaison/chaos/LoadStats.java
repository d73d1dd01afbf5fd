package org.liaison.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Every answer the load driver got, classified, with a timeline (so a test can ask when writes
 * began to succeed again after a fault) and the first few bodies of each kind (so a failure
 * message shows what the hub said).
 */
public final class LoadStats {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SAMPLES = 5;

  /** How a request ended. */
  public enum Outcome {
    /** 2xx: the write is acknowledged. */
    ACKED,
    /** 503 with a JSON message and no stack trace: the hub said so, and the write is in doubt. */
    UNAVAILABLE,
    /** Any other 4xx: refused before any change (unexpected for this load; counted and shown). */
    REJECTED,
    /** A 500, or another 5xx, or a 503 without a clean message: a bug. */
    SERVER_ERROR,
    /** No answer within the request's deadline: a hang. */
    TIMED_OUT,
    /** Sent, then the connection broke before an answer: in doubt. */
    CUT,
    /** Could not connect: never sent. */
    REFUSED
  }

  /** One finished request: when it ended (System.nanoTime), how, and at which hub. */
  public record Event(long endNanos, Outcome outcome, int target, long latencyNanos) {}

  private final List<URI> targets;
  private final Map<Outcome, AtomicLong> counts = new EnumMap<>(Outcome.class);
  private final Map<Outcome, ConcurrentLinkedQueue<String>> samples = new EnumMap<>(Outcome.class);
  private final ConcurrentLinkedQueue<Event> timeline = new ConcurrentLinkedQueue<>();
  private final AtomicLong maxLatencyNanos = new AtomicLong();
  private final AtomicLongArray ackedPerTarget;

  LoadStats(List<URI> targets) {
    this.targets = List.copyOf(targets);
    this.ackedPerTarget = new AtomicLongArray(targets.size());
    for (Outcome o : Outcome.values()) {
      counts.put(o, new AtomicLong());
      samples.put(o, new ConcurrentLinkedQueue<>());
    }
  }

  Outcome answered(int target, String method, String path, int status, String body, long startNanos) {
    Outcome o;
    if (status >= 200 && status < 300) {
      o = Outcome.ACKED;
      ackedPerTarget.incrementAndGet(target);
    } else if (status == 503 && cleanMessage(body)) {
      o = Outcome.UNAVAILABLE;
    } else if (status >= 500) {
      o = Outcome.SERVER_ERROR;
    } else {
      o = Outcome.REJECTED;
    }
    record(o, target, startNanos, o == Outcome.ACKED ? null
        : method + " " + path + " at " + targets.get(target) + " → " + status + " " + abbreviate(body));
    return o;
  }

  Outcome timedOut(int target, String method, String path, long startNanos) {
    record(Outcome.TIMED_OUT, target, startNanos, method + " " + path + " at " + targets.get(target) + ": no answer");
    return Outcome.TIMED_OUT;
  }

  Outcome cut(int target, String method, String path, IOException e, long startNanos) {
    record(Outcome.CUT, target, startNanos, method + " " + path + " at " + targets.get(target) + ": " + e);
    return Outcome.CUT;
  }

  void refused(int target, long startNanos) {
    record(Outcome.REFUSED, target, startNanos, targets.get(target) + " refused the connection");
  }

  private void record(Outcome o, int target, long startNanos, String sample) {
    long end = System.nanoTime();
    long latency = end - startNanos;
    counts.get(o).incrementAndGet();
    maxLatencyNanos.accumulateAndGet(latency, Math::max);
    timeline.add(new Event(end, o, target, latency));
    ConcurrentLinkedQueue<String> s = samples.get(o);
    if (sample != null && s.size() < SAMPLES) {
      s.add(sample);
    }
  }

  /** A 503 that explains itself: a JSON object with a message, and no Java internals in it. */
  static boolean cleanMessage(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      String m = n.path("message").asText("");
      return !m.isBlank() && !body.contains("Exception") && !body.contains("\tat ") && !body.contains("org.liaison");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }

  public long count(Outcome o) {
    return counts.get(o).get();
  }

  /** Requests acknowledged by the hub at {@code target} (its index in the driver's list). */
  public long ackedAt(int target) {
    return ackedPerTarget.get(target);
  }

  public long maxLatencyMillis() {
    return maxLatencyNanos.get() / 1_000_000;
  }

  public List<String> samples(Outcome o) {
    return List.copyOf(samples.get(o));
  }

  /** When (System.nanoTime) the first write after {@code nanos} was acknowledged, if one was. */
  public OptionalLong firstAckAfter(long nanos) {
    return timeline.stream().filter(e -> e.outcome() == Outcome.ACKED && e.endNanos() > nanos)
        .mapToLong(Event::endNanos).min();
  }

  /** Requests that ended between two instants (System.nanoTime), by outcome. */
  public Map<Outcome, Long> between(long fromNanos, long toNanos) {
    Map<Outcome, Long> m = new EnumMap<>(Outcome.class);
    for (Event e : timeline) {
      if (e.endNanos() >= fromNanos && e.endNanos() <= toNanos) {
        m.merge(e.outcome(), 1L, Long::sum);
      }
    }
    return m;
  }

  public List<Event> timeline() {
    return new ArrayList<>(timeline);
  }

  /** Counts, the slowest answer, and samples of everything that was not acknowledged. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Outcome o : Outcome.values()) {
      b.append(o).append('=').append(count(o)).append(' ');
    }
    b.append("max latency ").append(maxLatencyMillis()).append(" ms");
    for (Outcome o : Outcome.values()) {
      for (String s : samples(o)) {
        b.append("\n  ").append(o).append(": ").append(s);
      }
    }
    return b.toString();
  }
}
