package org.liaison.http;

/** A stream refused because its party or the server holds its limit of streams: answered 429. */
public final class StreamLimited extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** Streams end one by one as clients leave; a few seconds is a fair first wait. */
  static final int RETRY_AFTER_SECONDS = 5;

  final String party;
  final String limit;
  final int max;

  StreamLimited(String message, String party, String limit, int max) {
    super(message, null, false, false);
    this.party = party;
    this.limit = limit;
    this.max = max;
  }
}
