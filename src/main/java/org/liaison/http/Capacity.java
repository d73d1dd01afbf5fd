package org.liaison.http;

import java.time.Duration;

/**
 * What long-lived and heavy requests may hold, so that no party's streams or slow requests take the
 * capacity deconfliction needs.
 *
 * @param streamsPerParty event streams (and waiting long polls) one party may hold open at once
 * @param streamsTotal event streams all parties together may hold open at once
 * @param keepAlive how often an idle stream gets a comment line, which finds dead connections
 * @param otherRequests requests outside the reserved routes ({@code /dss/v1}, {@code /uss/v1},
 *     {@code /healthy}, {@code /token}, {@code /metrics}) served at once; the rest of the
 *     {@link #HTTP_THREADS} request threads are kept for the reserved routes
 */
public record Capacity(int streamsPerParty, int streamsTotal, Duration keepAlive, int otherRequests) {
  /** The request threads of each server. Streams hold none of them; other requests hold one each while served. */
  public static final int HTTP_THREADS = 200;
  /** Threads always left to the reserved routes, plus Jetty's own acceptor and selector threads. */
  static final int MIN_RESERVED = 16;

  /** 16 streams a party, 10,000 in all, a comment every 5 s, 150 other requests at once. */
  public static final Capacity DEFAULTS = new Capacity(16, 10_000, Duration.ofSeconds(5), 150);

  public Capacity {
    if (streamsPerParty < 1) {
      throw new IllegalArgumentException("--max-streams-per-party must be 1 or more, got " + streamsPerParty);
    }
    if (streamsTotal < streamsPerParty) {
      throw new IllegalArgumentException("--max-streams must be at least --max-streams-per-party ("
          + streamsPerParty + "), got " + streamsTotal);
    }
    if (keepAlive == null || keepAlive.compareTo(Duration.ofMillis(100)) < 0
        || keepAlive.compareTo(Duration.ofSeconds(20)) > 0) {
      // Jetty closes a connection idle for 30 s: a comment must come well before that.
      throw new IllegalArgumentException("--stream-keep-alive must be between 100 ms and 20 s, got "
          + (keepAlive == null ? "nothing" : keepAlive.toMillis() + " ms"));
    }
    int most = HTTP_THREADS - MIN_RESERVED;
    if (otherRequests < 1 || otherRequests > most) {
      throw new IllegalArgumentException("--max-other-requests must be between 1 and " + most
          + " (of " + HTTP_THREADS + " request threads, " + MIN_RESERVED + " stay reserved for /dss/v1, /uss/v1,"
          + " /healthy and /token), got " + otherRequests);
    }
  }

  public Capacity withStreams(int perParty, int total) {
    return new Capacity(perParty, total, keepAlive, otherRequests);
  }

  public Capacity withKeepAlive(Duration d) {
    return new Capacity(streamsPerParty, streamsTotal, d, otherRequests);
  }

  public Capacity withOtherRequests(int n) {
    return new Capacity(streamsPerParty, streamsTotal, keepAlive, n);
  }
}
