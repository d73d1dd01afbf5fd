package org.liaison.http;

/** A request over its party's or its address's rate limit; the server answers 429. */
final class RateLimited extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** "party" or "client". */
  final String kind;
  /** The party, or the client address. */
  final String who;
  final transient RateLimit limit;
  final long retryAfterSeconds;

  RateLimited(String kind, String who, RateLimit limit, long retryAfterSeconds) {
    super("rate limit of " + kind + " " + who + " exceeded: " + limit + "; retry after " + retryAfterSeconds + " s",
        null, false, false);
    this.kind = kind;
    this.who = who;
    this.limit = limit;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
