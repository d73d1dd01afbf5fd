package org.liaison.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the event streams (and waiting long polls) each party holds, and refuses one beyond
 * {@link Capacity#streamsPerParty()} or {@link Capacity#streamsTotal()} with {@link StreamLimited}
 * (429). Streams hold no request thread, but each holds a socket and a little memory, so their
 * number is bounded all the same.
 */
public final class StreamGate {
  private final Capacity capacity;
  private final ConcurrentHashMap<String, AtomicInteger> perParty = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final Counter refusedParty;
  private final Counter refusedTotal;

  StreamGate(Capacity capacity, MeterRegistry r) {
    this.capacity = capacity;
    Gauge.builder("liaison.streams.open", total, AtomicInteger::get)
        .description("Event streams and waiting long polls open now").register(r);
    Gauge.builder("liaison.streams.parties", perParty, m -> m.size())
        .description("Parties holding at least one event stream now").register(r);
    Gauge.builder("liaison.streams.max", capacity, Capacity::streamsTotal).tag("limit", "total")
        .description("The most event streams the server holds at once (--max-streams)").register(r);
    Gauge.builder("liaison.streams.max", capacity, Capacity::streamsPerParty).tag("limit", "party")
        .description("The most event streams each party may hold at once (--max-streams-per-party)").register(r);
    refusedParty = Counter.builder("liaison.streams.refused").tag("limit", "party")
        .description("Streams answered 429 because their party held --max-streams-per-party already").register(r);
    refusedTotal = Counter.builder("liaison.streams.refused").tag("limit", "total")
        .description("Streams answered 429 because the server held --max-streams already").register(r);
  }

  /** How often an idle stream gets a keep-alive comment. */
  public Duration keepAlive() {
    return capacity.keepAlive();
  }

  /** Streams open now, all parties together. */
  public int open() {
    return total.get();
  }

  /**
   * A place for one more stream of {@code party}; close the ticket when the stream ends.
   *
   * @throws StreamLimited when the party or the server holds its limit already
   */
  public Ticket open(String party) {
    if (total.incrementAndGet() > capacity.streamsTotal()) {
      total.decrementAndGet();
      refusedTotal.increment();
      throw new StreamLimited("this server holds " + capacity.streamsTotal()
          + " event streams already, the most it holds at once (--max-streams); retry later", party, "total",
          capacity.streamsTotal());
    }
    AtomicInteger mine = perParty.compute(party, (k, v) -> {
      AtomicInteger n = v == null ? new AtomicInteger() : v;
      n.incrementAndGet();
      return n;
    });
    if (mine.get() > capacity.streamsPerParty()) {
      release(party);
      refusedParty.increment();
      throw new StreamLimited("party " + party + " holds " + capacity.streamsPerParty()
          + " event streams already, the most each party may hold at once (--max-streams-per-party);"
          + " close one or retry later", party, "party", capacity.streamsPerParty());
    }
    return new Ticket(party);
  }

  private void release(String party) {
    perParty.computeIfPresent(party, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    total.decrementAndGet();
  }

  /** One open stream; {@link #close()} gives its place back, once however often it is called. */
  public final class Ticket implements AutoCloseable {
    private final String party;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Ticket(String party) {
      this.party = party;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release(party);
      }
    }
  }
}
