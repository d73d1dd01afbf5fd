package org.liaison.http;

/**
 * A token bucket's size: {@code perSecond} requests a second on average, and up to {@code burst}
 * at once after a quiet spell. {@link #OFF} (rate 0) lets everything through.
 */
public record RateLimit(double perSecond, int burst) {
  public static final RateLimit OFF = new RateLimit(0, 0);

  public RateLimit {
    if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("rate limit must be a number of requests per second >= 0, got " + perSecond);
    }
    if (burst < 0) {
      throw new IllegalArgumentException("burst must be >= 0, got " + burst);
    }
    if (perSecond > 0 && burst == 0) {
      // A bucket must hold at least one request, and a second's worth or two makes bursts of
      // honest clients (a planner's query, fetch, declare) pass.
      burst = (int) Math.max(1, Math.ceil(2 * perSecond));
    }
  }

  /** {@code perSecond} a second with the default burst of two seconds' worth. */
  public static RateLimit of(double perSecond) {
    return new RateLimit(perSecond, 0);
  }

  public boolean on() {
    return perSecond > 0;
  }

  @Override
  public String toString() {
    return on() ? fmt(perSecond) + " requests/s (burst " + burst + ")" : "off";
  }

  static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
