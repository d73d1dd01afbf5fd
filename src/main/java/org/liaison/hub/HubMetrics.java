package org.liaison.hub;

import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.liaison.deconfliction.DssRoutes;
import org.liaison.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hub's own meters: key-rule rejections and ledger lag. HTTP, pool and JVM meters live elsewhere. */
final class HubMetrics {
  private static final Logger log = LoggerFactory.getLogger(HubMetrics.class);

  private HubMetrics() {}

  /** Counts the 409s of the key rule, read from the attribute {@link DssRoutes} sets on them. */
  static Consumer<JavalinConfig> keyRule(MeterRegistry r) {
    Counter rejections = Counter.builder("liaison.key.rule.rejections")
        .description("Operation notices refused with 409 because the key missed the OVN of an overlapping reference")
        .register(r);
    DistributionSummary missing = DistributionSummary.builder("liaison.key.rule.missing.references")
        .description("References whose OVN a refused key missed, per refusal")
        .register(r);
    return c -> c.routes.after(ctx -> {
      Integer n = ctx.attribute(DssRoutes.KEY_CONFLICT_ATTRIBUTE);
      if (n != null) {
        rejections.increment();
        missing.record(n);
      }
    });
  }

  /**
   * Ledger size and lag. The backlog takes a query, so one scrape reads it once: it is kept for a
   * second. A database that does not answer leaves the backlog gauges NaN.
   */
  static void ledger(MeterRegistry r, Ledger ledger, Clock clock) {
    Gauge.builder("liaison.ledger.entries", ledger, Ledger::size)
        .description("Entries sequenced into the Merkle tree").register(r);
    Gauge.builder("liaison.ledger.checkpoint.size", ledger, l -> l.published() == null ? 0 : l.published().checkpoint().size())
        .description("Tree size of the latest signed checkpoint").register(r);
    Gauge.builder("liaison.ledger.sequencer.age", ledger,
            l -> Duration.between(l.lastSequenced(), clock.instant()).toMillis() / 1000.0)
        .baseUnit("seconds")
        .description("Time since the sequencer last finished a pass; it passes every 200 ms while healthy").register(r);
    Backlog backlog = new Backlog(ledger);
    Gauge.builder("liaison.ledger.backlog.entries", backlog, b -> b.read(x -> x.entries()))
        .description("Entries committed but not yet covered by a signed checkpoint")
        .strongReference(true) // gauges hold their object weakly; nothing else holds this one
        .register(r);
    Gauge.builder("liaison.ledger.backlog.age", backlog,
            b -> b.read(x -> x.oldest() == null ? 0 : Duration.between(x.oldest(), clock.instant()).toMillis() / 1000.0))
        .baseUnit("seconds")
        .description("How long the oldest entry not yet in a signed checkpoint has waited; 0 when none waits")
        .strongReference(true)
        .register(r);
  }

  /** The ledger's backlog, read at most once a second (of real time: a test clock may stand still). */
  private static final class Backlog {
    private final Ledger ledger;
    private long readAt;
    private boolean read;
    private Ledger.Backlog last;

    Backlog(Ledger ledger) {
      this.ledger = ledger;
    }

    synchronized double read(ToDoubleFunction<Ledger.Backlog> f) {
      long now = System.nanoTime();
      if (!read || now - readAt >= 1_000_000_000L) {
        read = true;
        readAt = now;
        try {
          last = ledger.backlog();
        } catch (RuntimeException e) {
          log.warn("ledger backlog unavailable for metrics: {}", e.getMessage());
          last = null;
        }
      }
      return last == null ? Double.NaN : f.applyAsDouble(last);
    }
  }
}
