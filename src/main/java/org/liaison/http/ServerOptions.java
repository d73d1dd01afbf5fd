package org.liaison.http;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * How the hub's and the node's HTTP servers treat every request.
 *
 * @param metrics serve {@code GET /metrics} in the Prometheus text format
 * @param partyLimit the rate limit of each authenticated party (the token's {@code sub})
 * @param ipLimit the rate limit of each client address for requests without a valid token
 * @param requestTimeout how long a request may wait on the database before it is answered 503
 * @param consoleTiles the URL template ({@code {z}}, {@code {x}}, {@code {y}}) of a tile server the
 *     console draws its basemap from, or null for the offline basemap it ships with
 * @param capacity stream limits and the capacity kept for deconfliction
 */
public record ServerOptions(boolean metrics, RateLimit partyLimit, RateLimit ipLimit, Duration requestTimeout,
    String consoleTiles, Capacity capacity) {
  /** Metrics on, no rate limits, a 10 s request timeout, the offline basemap, {@link Capacity#DEFAULTS}. */
  public static final ServerOptions DEFAULTS =
      new ServerOptions(true, RateLimit.OFF, RateLimit.OFF, Duration.ofSeconds(10), null, Capacity.DEFAULTS);

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
    if (consoleTiles != null) {
      checkTiles(consoleTiles);
    }
  }

  /** An http(s) URL template with {z}, {x} and {y}; the message names the flag and the value. */
  private static void checkTiles(String template) {
    String bad = "--tiles \"" + template + "\" ";
    for (String p : new String[] {"{z}", "{x}", "{y}"}) {
      if (!template.contains(p)) {
        throw new IllegalArgumentException(bad + "must contain " + p
            + ", e.g. https://tiles.example.org/{z}/{x}/{y}.png");
      }
    }
    URI uri;
    try {
      uri = URI.create(template.replace("{z}", "0").replace("{x}", "0").replace("{y}", "0").replace("{s}", "a")
          .replace("{r}", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(bad + "is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(bad + "must be an http or https URL with a host");
    }
  }

  /** The offline basemap and {@link Capacity#DEFAULTS}. */
  public ServerOptions(boolean metrics, RateLimit partyLimit, RateLimit ipLimit, Duration requestTimeout) {
    this(metrics, partyLimit, ipLimit, requestTimeout, null, Capacity.DEFAULTS);
  }

  public ServerOptions withCapacity(Capacity c) {
    return new ServerOptions(metrics, partyLimit, ipLimit, requestTimeout, consoleTiles, c);
  }

  public ServerOptions withPartyLimit(RateLimit limit) {
    return new ServerOptions(metrics, limit, ipLimit, requestTimeout, consoleTiles, capacity);
  }

  public ServerOptions withIpLimit(RateLimit limit) {
    return new ServerOptions(metrics, partyLimit, limit, requestTimeout, consoleTiles, capacity);
  }

  public ServerOptions withRequestTimeout(Duration timeout) {
    return new ServerOptions(metrics, partyLimit, ipLimit, timeout, consoleTiles, capacity);
  }

  public ServerOptions withMetrics(boolean on) {
    return new ServerOptions(on, partyLimit, ipLimit, requestTimeout, consoleTiles, capacity);
  }

  public ServerOptions withConsoleTiles(String template) {
    return new ServerOptions(metrics, partyLimit, ipLimit, requestTimeout, template, capacity);
  }
}
