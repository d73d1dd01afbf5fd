package org.liaison.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Simulated time, {@code speed} times faster than real time, that never runs ahead of the play:
 * it stops at a ceiling the player sets, and waits there while the player catches up. So a slow
 * machine plays the same day, only slower, instead of letting operations expire unplayed.
 */
final class SimClock extends Clock {
  private final double speed;
  private long lastReal = System.nanoTime();
  private Instant current;
  private Instant ceiling;

  SimClock(Instant origin, double speed) {
    this.current = origin;
    this.ceiling = origin;
    this.speed = speed;
  }

  @Override
  public synchronized Instant instant() {
    long now = System.nanoTime();
    Instant free = current.plusNanos((long) ((now - lastReal) * speed));
    lastReal = now;
    current = free.isAfter(ceiling) ? ceiling : free;
    return current;
  }

  /** Lets time run up to {@code t}, and no further until raised again. */
  synchronized void allowUntil(Instant t) {
    instant();
    if (t.isAfter(ceiling)) {
      ceiling = t;
    }
  }

  /** Sleeps, in real time, until the simulated clock reaches {@code t}. */
  void sleepUntil(Instant t) throws InterruptedException {
    while (true) {
      long simNanos = Duration.between(instant(), t).toNanos();
      if (simNanos <= 0) {
        return;
      }
      long real = Math.max(1_000_000, (long) (simNanos / speed));
      Thread.sleep(Math.min(200, real / 1_000_000));
    }
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
