package org.liaison.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Simulated time: starts at {@code origin} and runs {@code speed} times faster than real time. */
final class SimClock extends Clock {
  private final Instant origin;
  private final double speed;
  private final long t0 = System.nanoTime();

  SimClock(Instant origin, double speed) {
    this.origin = origin;
    this.speed = speed;
  }

  @Override
  public Instant instant() {
    return origin.plusNanos((long) ((System.nanoTime() - t0) * speed));
  }

  /** Sleeps, in real time, until the simulated clock reaches {@code t}. */
  void sleepUntil(Instant t) throws InterruptedException {
    long simNanos = Duration.between(instant(), t).toNanos();
    if (simNanos > 0) {
      long real = (long) (simNanos / speed);
      Thread.sleep(real / 1_000_000, (int) (real % 1_000_000));
    }
  }

  double speed() {
    return speed;
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
