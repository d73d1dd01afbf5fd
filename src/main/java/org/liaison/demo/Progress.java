package org.liaison.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One progress line (bar, simulated clock, counters) redrawn in place on a terminal, with notable
 * events printed above it. Without a terminal it prints a plain line every tenth of the day.
 */
final class Progress {
  private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private final PrintStream out;
  private final boolean tty = System.console() != null;
  private final Instant start;
  private final Duration length;
  private int lastDecile = -1;
  private String status = "";

  Progress(PrintStream out, Instant start, Duration length) {
    this.out = out;
    this.start = start;
    this.length = length;
  }

  synchronized void event(Instant at, String line) {
    if (tty) {
      out.print("\r\033[K");
    }
    out.println("  " + HHMM.format(at) + "  " + line);
    if (tty) {
      out.print(status);
      out.flush();
    }
  }

  synchronized void update(Instant now, String counters) {
    double f = Math.max(0, Math.min(1, (double) Duration.between(start, now).toMillis() / length.toMillis()));
    int width = 30;
    int filled = (int) Math.round(f * width);
    status = String.format("[%s%s] %3d%%  sim %s  %s", "#".repeat(filled), ".".repeat(width - filled),
        Math.round(f * 100), HHMM.format(now), counters);
    if (tty) {
      out.print("\r\033[K" + status);
      out.flush();
    } else if ((int) (f * 10) != lastDecile) {
      lastDecile = (int) (f * 10);
      out.println(status);
    }
  }

  synchronized void done() {
    if (tty) {
      out.print("\r\033[K" + status + "\n");
      out.flush();
    }
  }
}
