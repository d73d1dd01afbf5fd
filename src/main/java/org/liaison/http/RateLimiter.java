package org.liaison.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;

/**
 * One token bucket per key (a party, or a client address), created on first use and dropped
 * after ten idle minutes, by when it would be full again anyway. Time comes from the injected
 * clock, so tests move it by hand.
 */
public final class RateLimiter {
  private final RateLimit limit;
  private final Clock clock;
  private final Cache<String, Bucket> buckets;

  public RateLimiter(RateLimit limit, Clock clock) {
    this.limit = limit;
    this.clock = clock;
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
    return buckets.get(key, k -> new Bucket(limit.burst(), nowNanos())).take(limit, nowNanos());
  }

  private long nowNanos() {
    java.time.Instant t = clock.instant();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** Tokens refill continuously at the limit's rate up to its burst. */
  private static final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    synchronized long take(RateLimit limit, long now) {
      if (now > refilledAt) {
        tokens = Math.min(limit.burst(), tokens + (now - refilledAt) / 1e9 * limit.perSecond());
        refilledAt = now;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / limit.perSecond()));
    }
  }
}
