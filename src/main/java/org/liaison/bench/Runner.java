package org.liaison.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs a closed-loop load: N client threads each repeat their scenario step as fast as responses
 * come back, first through a warm-up that is not recorded, then through the measured duration. A
 * one-line ticker on stderr shows progress.
 */
final class Runner {
  /** Shared run state, read by every client on each request. */
  static final class Phase {
    volatile boolean measuring;
    volatile boolean stopped;
  }

  /** One benchmark client: repeats {@link #step} until the run stops. */
  interface Client extends AutoCloseable {
    void step(Recorder r);

    /** Unmeasured clean-up after the run, such as deleting notices still held. */
    default void finish() {}

    @Override
    default void close() {}
  }

  /** Makes the client with index {@code i} (0-based). */
  @FunctionalInterface
  interface Clients {
    Client open(int i);
  }

  /**
   * What a run measured: all clients' recorders merged, the measured wall-clock time, and CPU
   * seconds spent in the measured phase by this whole process and by the client threads alone.
   * CPU per request is steadier than throughput on a machine shared with other work.
   */
  record Measured(Recorder total, double seconds, int clients, double processCpuSeconds, double clientCpuSeconds) {
    Measured(Recorder total, double seconds, int clients) {
      this(total, seconds, clients, Double.NaN, Double.NaN);
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  private static double processCpu() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  private static double threadsCpu(List<Thread> ts) {
    double sum = 0;
    for (Thread t : ts) {
      long n = THREADS.getThreadCpuTime(t.getId());
      if (n < 0) {
        return Double.NaN;
      }
      sum += n / 1e9;
    }
    return sum;
  }

  private Runner() {}

  static Measured run(String label, int clients, Duration warmup, Duration duration, Clients factory, PrintStream progress) {
    Phase phase = new Phase();
    LongAdder requests = new LongAdder();
    LongAdder writes = new LongAdder();
    LongAdder errors = new LongAdder();
    List<Recorder> recorders = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < clients; i++) {
      Recorder r = new Recorder(phase, requests, writes, errors);
      recorders.add(r);
      int index = i;
      Thread t = new Thread(() -> {
        try (Client c = factory.open(index)) {
          while (!phase.stopped) {
            c.step(r);
          }
          c.finish();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          phase.stopped = true;
        }
      }, "bench-client-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    long warmupEnd = System.nanoTime() + warmup.toNanos();
    tick(label, "warm-up", warmup, warmupEnd, phase, requests, writes, errors, progress);
    phase.measuring = true;
    long start = System.nanoTime();
    double cpu0 = processCpu();
    double clientCpu0 = threadsCpu(threads);
    long end = start + duration.toNanos();
    tick(label, "measure", duration, end, phase, requests, writes, errors, progress);
    phase.measuring = false;
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = processCpu() - cpu0;
    double clientCpu = threadsCpu(threads) - clientCpu0;
    phase.stopped = true;
    for (Thread t : threads) {
      try {
        t.join(120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (progress != null) {
      progress.print("\r\033[K");
      progress.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(label + ": a client failed: " + failure.get(), failure.get());
    }
    Recorder total = Recorder.standalone();
    recorders.forEach(total::add);
    return new Measured(total, seconds, clients, cpu, clientCpu);
  }

  private static void tick(String label, String what, Duration length, long until, Phase phase,
      LongAdder requests, LongAdder writes, LongAdder errors, PrintStream out) {
    long lastReq = requests.sum();
    long lastW = writes.sum();
    long lastT = System.nanoTime();
    while (!phase.stopped) {
      long now = System.nanoTime();
      if (now >= until) {
        return;
      }
      sleepNanos(Math.min(until - now, 1_000_000_000L));
      if (out != null) {
        long t = System.nanoTime();
        long req = requests.sum();
        long w = writes.sum();
        double dt = (t - lastT) / 1e9;
        long left = Math.max(0, (until - t) / 1_000_000_000L);
        out.printf(Locale.ROOT, "\r\033[K%s %s %ds left | %,.0f req/s | %,.0f writes/s | %,d req, %,d non-2xx so far",
            label, what, left, (req - lastReq) / dt, (w - lastW) / dt, req, errors.sum());
        out.flush();
        lastReq = req;
        lastW = w;
        lastT = t;
      }
    }
  }

  private static void sleepNanos(long n) {
    try {
      Thread.sleep(n / 1_000_000, (int) (n % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
