package org.liaison.http;

import java.time.Duration;

/**
 * How the hub's and the node's HTTP servers treat every request.
 *
 * @param metrics serve {@code GET /metrics} in the Prometheus text format
 * @param partyLimit the rate limit of each authenticated party (the token's {@code sub})
 * @param ipLimit the rate limit of each client address for requests without a valid token
 * @param requestTimeout how long a request may wait on the database before it is answered 503
 */
public record ServerOptions(boolean metrics, RateLimit partyLimit, RateLimit ipLimit, Duration requestTimeout) {
  /** Metrics on, no rate limits, a 10 s request timeout. */
  public static final ServerOptions DEFAULTS =
      new ServerOptions(true, RateLimit.OFF, RateLimit.OFF, Duration.ofSeconds(10));

  public ServerOptions {
    if (partyLimit == null || ipLimit == null) {
      throw new IllegalArgumentException("rate limits must be given; use RateLimit.OFF for none");
    }
    if (requestTimeout == null || requestTimeout.compareTo(Duration.ofMillis(250)) < 0
        || requestTimeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("--request-timeout must be between 250 ms and 1 h, got "
          + (requestTimeout == null ? "nothing" : requestTimeout.toMillis() + " ms"));
    }
  }

  public ServerOptions withPartyLimit(RateLimit limit) {
    return new ServerOptions(metrics, limit, ipLimit, requestTimeout);
  }

  public ServerOptions withIpLimit(RateLimit limit) {
    return new ServerOptions(metrics, partyLimit, limit, requestTimeout);
  }

  public ServerOptions withRequestTimeout(Duration timeout) {
    return new ServerOptions(metrics, partyLimit, ipLimit, timeout);
  }

  public ServerOptions withMetrics(boolean on) {
    return new ServerOptions(on, partyLimit, ipLimit, requestTimeout);
  }
}
