package org.liaison.publication;

import org.liaison.http.RateLimit;

/**
 * How a hub publishes: the aggregation settings it starts with, and each client address's rate
 * limit on {@code /public/v1}.
 */
public record PublicationOptions(PublicationConfig config, RateLimit perClient) {
  /** 5 requests a second per address, bursts of 20: a consumer polls every few seconds at most. */
  public static final RateLimit DEFAULT_LIMIT = new RateLimit(5, 20);

  public PublicationOptions {
    if (config == null || perClient == null) {
      throw new IllegalArgumentException("publication needs its settings and a rate limit (RateLimit.OFF for none)");
    }
  }
}
