package org.liaison.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The meters of one hub or node, scraped in the Prometheus text format at {@code /metrics}. Each
 * server has its own registry, so several in one JVM (tests, the demo) do not mix their counts.
 * When metrics are off, meters are registered with a registry that keeps nothing.
 */
public final class Metrics implements AutoCloseable {
  /** The content type of the Prometheus text exposition format, version 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  private final JvmGcMetrics gc;

  private Metrics(MeterRegistry registry, PrometheusMeterRegistry prometheus, JvmGcMetrics gc) {
    this.registry = registry;
    this.prometheus = prometheus;
    this.gc = gc;
  }

  /** A Prometheus registry with the JVM's memory, GC, thread, class, CPU and uptime meters. */
  public static Metrics prometheus() {
    PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(r);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(r);
    new JvmThreadMetrics().bindTo(r);
    new ClassLoaderMetrics().bindTo(r);
    new ProcessorMetrics().bindTo(r);
    new UptimeMetrics().bindTo(r);
    return new Metrics(r, r, gc);
  }

  /** Meters that record nothing, for {@code --metrics off}. */
  public static Metrics off() {
    return new Metrics(new CompositeMeterRegistry(), null, null);
  }

  public static Metrics of(boolean on) {
    return on ? prometheus() : off();
  }

  public MeterRegistry registry() {
    return registry;
  }

  boolean enabled() {
    return prometheus != null;
  }

  /** Every meter in the Prometheus text format. */
  public String scrape() {
    if (prometheus == null) {
      throw new IllegalStateException("metrics are off");
    }
    return prometheus.scrape();
  }

  @Override
  public void close() {
    if (gc != null) {
      gc.close();
    }
    registry.close();
  }
}
