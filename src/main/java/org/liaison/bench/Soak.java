package org.liaison.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak: {@link SoakLoad}'s mixed load, paced to a steady request rate, for a long time. At the
 * end of every window it takes the window's latencies and statuses, forces a full GC and reads the
 * heap that is left (when the hub runs in this process), and prints a line; at the end it gives a
 * {@link SoakVerdict}.
 *
 * <p>Latency is measured from the moment a request is sent, not from when its pacing slot came up:
 * a stalled hub shows as a lower rate and a higher p99, not as queueing inside the client. The
 * forced GC pauses the whole process, hub included, so its cost lands in the next window's figures.
 */
final class Soak {
  /** How long, in what windows, with how many clients at what total rate (0: as fast as they can). */
  record Options(Duration length, Duration window, Duration warmup, int clients, int rate) {
    Options {
      if (window.isZero() || window.isNegative() || length.compareTo(window) < 0) {
        throw new IllegalArgumentException("soak: the window (" + window.toSeconds() + " s) must be positive and no"
            + " longer than the run (" + length.toSeconds() + " s)");
      }
      if (clients < 1 || rate < 0) {
        throw new IllegalArgumentException("soak: need at least 1 client and a rate of at least 0, got " + clients
            + " clients at " + rate + "/s");
      }
    }

    /** A minute per window, or ten seconds when the whole run is shorter than ten minutes. */
    static Duration defaultWindow(Duration length) {
      return length.compareTo(Duration.ofMinutes(10)) < 0 ? Duration.ofSeconds(10) : Duration.ofMinutes(1);
    }
  }

  /**
   * One window's figures. {@code heapAfterGcBytes} and {@code ledgerEntries} are -1 when the hub
   * runs elsewhere.
   */
  record Window(double endSeconds, long requests, double perSecond, long errors, double p50Ms, double p99Ms,
      double maxMs, long heapAfterGcBytes, long ledgerEntries) {}

  /** Everything the soak measured. */
  record Result(Duration window, List<Window> windows, Report totals, Map<String, Long> errorsByStatus,
      SoakVerdict verdict) {}

  /** A client's current window recorder; swapped by the monitor between two of the client's steps. */
  private static final class Slot {
    Recorder recorder;

    Slot(Recorder r) {
      this.recorder = r;
    }
  }

  private final Target target;
  private final Options o;
  private final Runner.Phase phase = new Runner.Phase();
  private final LongAdder liveRequests = new LongAdder();
  private final LongAdder liveErrors = new LongAdder();

  private Soak(Target target, Options o) {
    this.target = target;
    this.o = o;
    phase.measuring = true;
  }

  static Result run(Target target, Options o, PrintStream out, PrintStream progress) {
    return new Soak(target, o).run(out, progress);
  }

  private Recorder recorder() {
    return new Recorder(phase, liveRequests, new LongAdder(), liveErrors);
  }

  private Result run(PrintStream out, PrintStream progress) {
    Runner.Clients factory = SoakLoad.clients(target, o.clients());
    List<Slot> slots = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long intervalNanos = o.rate() == 0 ? 0 : (long) (1e9 * o.clients() / o.rate());
    for (int i = 0; i < o.clients(); i++) {
      Slot slot = new Slot(recorder());
      slots.add(slot);
      int index = i;
      Thread t = new Thread(() -> {
        try (Runner.Client c = factory.open(index)) {
          // Spread the clients' first requests over one interval, so the rate is even from the start.
          long next = System.nanoTime() + intervalNanos * index / o.clients();
          while (!phase.stopped) {
            if (intervalNanos > 0) {
              long now = System.nanoTime();
              if (next > now) {
                Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
              } else if (now - next > 10 * intervalNanos) {
                next = now; // after a stall, carry on at the rate instead of bursting to catch up
              }
              next += intervalNanos;
            }
            synchronized (slot) {
              c.step(slot.recorder);
            }
          }
          c.finish();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          phase.stopped = true;
        }
      }, "soak-client-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);

    long warmupEnd = System.nanoTime() + o.warmup().toNanos();
    ticker("warm-up", warmupEnd, progress);
    swap(slots); // warm-up requests are not measured
    long start = System.nanoTime();
    List<SoakVerdict.HeapSample> heap = new ArrayList<>();
    sampleHeap(0, heap);
    Recorder total = Recorder.standalone();
    List<Window> windows = new ArrayList<>();
    Map<String, Long> errorsByStatus = new LinkedHashMap<>();
    int count = (int) Math.max(1, o.length().toNanos() / o.window().toNanos());
    for (int w = 1; w <= count && !phase.stopped; w++) {
      long end = start + w * o.window().toNanos();
      ticker(String.format(Locale.ROOT, "window %d/%d", w, count), end, progress);
      Recorder r = swap(slots);
      double at = (System.nanoTime() - start) / 1e9;
      total.add(r);
      SoakVerdict.HeapSample h = sampleHeap(at, heap);
      Window win = window(r, at, h, errorsByStatus);
      windows.add(win);
      if (progress != null) {
        progress.print("\r\033[K");
        progress.flush();
      }
      print(out, win, w, count);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    phase.stopped = true;
    for (Thread t : threads) {
      try {
        t.join(120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("soak: a client failed: " + failure.get(), failure.get());
    }
    Report totals = Report.of("soak", target.hub == null ? "hub" : "embedded", null,
        new Runner.Measured(total, seconds, o.clients()));
    long errors = errorsByStatus.values().stream().mapToLong(Long::longValue).sum();
    long heapMax = target.hub == null ? -1 : Runtime.getRuntime().maxMemory();
    SoakVerdict v = SoakVerdict.of(errors, heap, heapMax, windows.stream().mapToDouble(Window::p99Ms).toArray());
    return new Result(o.window(), windows, totals, errorsByStatus, v);
  }

  /** Hands every client a fresh recorder and returns the old ones merged. */
  private Recorder swap(List<Slot> slots) {
    Recorder merged = Recorder.standalone();
    for (Slot s : slots) {
      Recorder old;
      synchronized (s) {
        old = s.recorder;
        s.recorder = recorder();
      }
      merged.add(old);
    }
    return merged;
  }

  private Window window(Recorder r, double at, SoakVerdict.HeapSample h, Map<String, Long> errorsByStatus) {
    Recorder.Op all = new Recorder.Op();
    long errors = 0;
    for (var e : r.ops.entrySet()) {
      all.add(e.getValue());
      int expected = SoakLoad.expected(e.getKey());
      for (var s : e.getValue().statuses.entrySet()) {
        if (s.getKey() != expected) {
          errors += s.getValue();
          String status = s.getKey() == Recorder.TRANSPORT_ERROR ? "io-error" : String.valueOf(s.getKey());
          errorsByStatus.merge(e.getKey() + " " + status, s.getValue(), Long::sum);
        }
      }
    }
    Histogram l = all.latency;
    double seconds = o.window().toNanos() / 1e9;
    return new Window(Math.round(at * 10) / 10.0, l.count(), l.count() / seconds, errors, Report.ms(l.percentile(50)),
        Report.ms(l.percentile(99)), Report.ms(l.max()), h == null ? -1 : h.usedBytes(), h == null ? -1 : h.ledgerEntries());
  }

  /** Forces a full GC and records the heap left, when the hub runs in this process. */
  private SoakVerdict.HeapSample sampleHeap(double at, List<SoakVerdict.HeapSample> into) {
    if (target.hub == null) {
      return null;
    }
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    mem.gc();
    SoakVerdict.HeapSample h = new SoakVerdict.HeapSample(at, mem.getHeapMemoryUsage().getUsed(), target.hub.ledger().size());
    into.add(h);
    return h;
  }

  private static void print(PrintStream out, Window w, int index, int count) {
    String heap = w.heapAfterGcBytes() < 0 ? "" : String.format(Locale.ROOT, " | heap after GC %.1f MB, ledger %,d entries",
        w.heapAfterGcBytes() / 1e6, w.ledgerEntries());
    out.printf(Locale.ROOT, "soak %s window %d/%d | %,.0f req/s | p50 %.2f ms, p99 %.2f ms, max %.1f ms | errors %,d%s%n",
        clock(w.endSeconds()), index, count, w.perSecond(), w.p50Ms(), w.p99Ms(), w.maxMs(), w.errors(), heap);
    out.flush();
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private void ticker(String what, long until, PrintStream out) {
    while (!phase.stopped) {
      long now = System.nanoTime();
      if (now >= until) {
        return;
      }
      try {
        Thread.sleep(Math.min(1000, (until - now) / 1_000_000 + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        phase.stopped = true;
        return;
      }
      if (out != null) {
        out.printf(Locale.ROOT, "\r\033[Ksoak %s, %ds left | %,d requests, %,d non-2xx so far", what,
            Math.max(0, (until - System.nanoTime()) / 1_000_000_000L), liveRequests.sum(), liveErrors.sum());
        out.flush();
      }
    }
  }

  /** Prints the verdict under the totals. */
  static void printVerdict(PrintStream out, Result r) {
    SoakVerdict v = r.verdict();
    out.printf(Locale.ROOT, "%n== soak verdict: %s%n", v.pass() ? "PASS" : "FAIL");
    out.printf(Locale.ROOT, "   errors: %,d of %,d requests%s%n", v.errors(), r.totals().requests(),
        r.errorsByStatus().isEmpty() ? "" : " " + r.errorsByStatus());
    if (v.heapSampled()) {
      double perHour = 100 * v.netSlopeBytesPerMinute() * 60 / v.heapMaxBytes();
      out.printf(Locale.ROOT, "   memory: post-GC heap slope %+.3f MB/min; net of the ledger tree (%d B/entry) %+.3f MB/min"
              + " = %+.3f%% of the %,.0f MB max heap per hour (limit %.0f%%): %s%n",
          v.slopeBytesPerMinute() / 1e6, SoakVerdict.LEDGER_BYTES_PER_ENTRY, v.netSlopeBytesPerMinute() / 1e6, perHour,
          v.heapMaxBytes() / 1e6, 100 * SoakVerdict.MEMORY_LIMIT_PER_HOUR, v.memoryBounded() ? "bounded" : "GROWING");
      out.printf(Locale.ROOT, "           net post-GC heap: first third of samples %.1f MB, last third %.1f MB%n",
          v.firstThirdNetBytes() / 1e6, v.lastThirdNetBytes() / 1e6);
    } else {
      out.println("   memory: not sampled (the hub runs in another process; use --embedded)");
    }
    out.printf(Locale.ROOT, "   p99: median window %.2f ms, worst window %.2f ms, ratio %.2f (limit %.1f): %s%n",
        v.p99MedianMs(), v.p99MaxMs(), v.p99Ratio(), SoakVerdict.P99_RATIO_LIMIT, v.p99Stable() ? "stable" : "UNSTABLE");
  }
}
