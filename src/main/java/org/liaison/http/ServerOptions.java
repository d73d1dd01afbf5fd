package org.liaison.http;

import java.time.Duration;

/**
 * How the hub's and the node's HTTP servers treat every request.
 *
 * @param metrics serve {@code GET /metrics} in the Prometheus text format
 * @param partyLimit the rate limit of each authenticated party (the token's {@code sub})
 * @param ipLimit the rate limit of each client address for requests without a valid token
 * @param requestTimeout how long a request may wait on the database before it is answered 503
 * @param capacity stream limits and the capacity kept for deconfliction
 */
public record ServerOptions(boolean metrics, RateLimit partyLimit, RateLimit ipLimit, Duration requestTimeout,
    Capacity capacity) {
  /** Metrics on, no rate limits, a 10 s request timeout, {@link Capacity#DEFAULTS}. */
  public static final ServerOptions DEFAULTS =
      new ServerOptions(true, RateLimit.OFF, RateLimit.OFF, Duration.ofSeconds(10));

  public ServerOptions {
    if (partyLimit == null || ipLimit == null) {
      throw new IllegalArgumentException("rate limits must be given; use RateLimit.OFF for none");
    }
    if (capacity == null) {
      capacity = Capacity.DEFAULTS;
    }
    if (requestTimeout == null || requestTimeout.compareTo(Duration.ofMillis(250)) < 0
        || requestTimeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("--request-timeout must be between 250 ms and 1 h, got "
          + (requestTimeout == null ? "nothing" : requestTimeout.toMillis() + " ms"));
    }
  }

  /** With {@link Capacity#DEFAULTS}. */
  public ServerOptions(boolean metrics, RateLimit partyLimit, RateLimit ipLimit, Duration requestTimeout) {
    this(metrics, partyLimit, ipLimit, requestTimeout, Capacity.DEFAULTS);
  }

  public ServerOptions withCapacity(Capacity c) {
    return new ServerOptions(metrics, partyLimit, ipLimit, requestTimeout, c);
  }

  public ServerOptions withPartyLimit(RateLimit limit) {
    return new ServerOptions(metrics, limit, ipLimit, requestTimeout, capacity);
  }

  public ServerOptions withIpLimit(RateLimit limit) {
    return new ServerOptions(metrics, partyLimit, limit, requestTimeout, capacity);
  }

  public ServerOptions withRequestTimeout(Duration timeout) {
    return new ServerOptions(metrics, partyLimit, ipLimit, timeout, capacity);
  }

  public ServerOptions withMetrics(boolean on) {
    return new ServerOptions(on, partyLimit, ipLimit, requestTimeout, capacity);
  }
}
