package org.liaison.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One Bucket4j token bucket per key (a party, or a client address), created on first use and
 * dropped after ten idle minutes, by when it would be full again anyway. Time comes from the
 * injected clock, so tests move it by hand.
 */
public final class RateLimiter {
  private final RateLimit limit;
  private final TimeMeter time;
  private final Cache<String, Bucket> buckets;

  public RateLimiter(RateLimit limit, Clock clock) {
    this.limit = limit;
    this.time = meter(clock);
    this.buckets = Caffeine.newBuilder()
        .expireAfterAccess(Duration.ofMinutes(10))
        // A flood of distinct addresses must not exhaust memory; an evicted bucket starts full.
        .maximumSize(100_000)
        .build();
  }

  public RateLimit limit() {
    return limit;
  }

  /**
   * Takes one request from {@code key}'s bucket.
   *
   * @return 0 when the request may proceed, else the whole seconds until it may be retried
   */
  public long acquire(String key) {
    if (!limit.on()) {
      return 0;
    }
    ConsumptionProbe probe = buckets.get(key, k -> newBucket()).tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return 0;
    }
    return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
  }

  /**
   * A full bucket of {@code burst} tokens that refills continuously ("greedily"): {@code burst}
   * tokens per {@code burst / perSecond} seconds is {@code perSecond} a second, and keeps
   * fractional rates such as 0.25/s exact to the nanosecond.
   */
  private Bucket newBucket() {
    long periodNanos = Math.round(limit.burst() * 1e9 / limit.perSecond());
    return Bucket.builder()
        .addLimit(b -> b.capacity(limit.burst()).refillGreedy(limit.burst(), Duration.ofNanos(periodNanos)))
        .withCustomTimePrecision(time)
        .build();
  }

  /** The injected clock as Bucket4j's time source. */
  private static TimeMeter meter(Clock clock) {
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }
}
