package org.liaison.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's notification meters: outcomes and latency (read from the notifier's delivery
 * events), failed attempts that will be retried, and the outbox still pending.
 */
final class NodeMetrics {
  private static final Logger log = LoggerFactory.getLogger(NodeMetrics.class);

  private NodeMetrics() {}

  static void bind(MeterRegistry r, Events events, Notifier notifier, NodeStore store) {
    Counter delivered = outcome(r, "delivered");
    Counter failed = outcome(r, "failed");
    Timer latency = Timer.builder("liaison.node.notification.latency")
        .description("From queueing a notification to its receiver's 204")
        .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5))
        .register(r);
    events.listen((name, data) -> {
      if (!name.equals("delivery")) {
        return;
      }
      switch (data.path("status").asText()) {
        case "delivered" -> {
          delivered.increment();
          latency.record(Duration.ofMillis(data.path("latency_ms").asLong()));
        }
        case "failed" -> failed.increment();
        default -> { }
      }
    });
    Counter retried = Counter.builder("liaison.node.notification.attempt.failures")
        .description("Notification attempts that failed and will be retried").register(r);
    notifier.onAttemptFailed(retried::increment);
    Gauge.builder("liaison.node.notifications.pending", store, s -> {
      try {
        return s.pending();
      } catch (RuntimeException e) {
        log.warn("outbox size unavailable for metrics: {}", e.getMessage());
        return Double.NaN;
      }
    }).description("Notifications waiting for a first or further attempt").register(r);
  }

  private static Counter outcome(MeterRegistry r, String outcome) {
    return Counter.builder("liaison.node.notifications").tag("outcome", outcome)
        .description("Notifications settled: delivered (204), or failed after the last attempt and reported to the hub")
        .register(r);
  }
}
