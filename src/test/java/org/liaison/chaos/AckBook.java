package org.liaison.chaos;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the hub promised: for each operational intent reference the load driver touched, its last
 * acknowledged state (present with an OVN, or deleted), and the operation in doubt after it, if
 * the answer to a later write never came (a timeout, a cut connection, a 503). A write in doubt may
 * or may not have happened; an acknowledged one must have.
 */
public final class AckBook {
  /** A write whose outcome the client could not learn. */
  public enum Op { CREATE, UPDATE, DELETE }

  /**
   * One reference: {@code ovn} is the acknowledged OVN, null if its last acknowledged write was a
   * delete or if no write was ever acknowledged ({@code acked} false); {@code inDoubt} the write
   * whose answer was lost after that, or null.
   */
  public record Entry(String party, boolean acked, String ovn, Op inDoubt) {
    public boolean deleted() {
      return acked && ovn == null;
    }
  }

  private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong acknowledged = new AtomicLong();

  /** A create or update answered 2xx with {@code ovn}. */
  public void present(UUID id, String party, String ovn) {
    entries.put(id, new Entry(party, true, ovn, null));
    acknowledged.incrementAndGet();
  }

  /** A delete answered 2xx. */
  public void deleted(UUID id, String party) {
    entries.put(id, new Entry(party, true, null, null));
    acknowledged.incrementAndGet();
  }

  /** A write sent whose answer never came, or said only that storage was unavailable. */
  public void inDoubt(UUID id, String party, Op op) {
    entries.compute(id, (k, old) -> old == null
        ? new Entry(party, false, null, op)
        : new Entry(old.party(), old.acked(), old.ovn(), op));
  }

  /** Every write acknowledged so far: creates, updates and deletes. */
  public long acknowledgedWrites() {
    return acknowledged.get();
  }

  public Map<UUID, Entry> snapshot() {
    return Map.copyOf(entries);
  }
}
