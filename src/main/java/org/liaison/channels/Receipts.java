package org.liaison.channels;

import java.util.LinkedHashMap;
import java.util.Map;
import org.liaison.proof.B64;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.Receipt;

/**
 * Turns {@link Proof}s into the hub's signed receipts, on whichever thread renders them, never on
 * the writer: an Ed25519 signature costs far more than the rest of a write. Signatures are
 * deterministic, so a small cache saves signing again an entry that an event stream and an HTTP
 * answer both show.
 */
final class Receipts {
  private static final int CACHE = 20_000;

  private final LedgerKey key;
  private final Map<String, Receipt> cache = new LinkedHashMap<>(1024, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Receipt> eldest) {
      return size() > CACHE;
    }
  };

  Receipts(LedgerKey key) {
    this.key = key;
  }

  /** Keeps a receipt signed elsewhere (by Airspace), and returns its proof. */
  Proof remember(Receipt r) {
    if (r == null) {
      return null;
    }
    synchronized (cache) {
      cache.put(r.leafHash(), r);
    }
    return new Proof(r.leafHash(), java.time.Instant.parse(r.time()), r.index());
  }

  Receipt sign(Proof p) {
    if (p == null) {
      return null;
    }
    synchronized (cache) {
      Receipt r = cache.get(p.leafHash());
      if (r != null) {
        // The index is not signed; a proof may know it where the cached receipt did not.
        return p.index() == null || p.index().equals(r.index()) ? r : r.withIndex(p.index());
      }
    }
    Receipt r = Receipt.sign(B64.decode(p.leafHash()), p.index(), p.time(), key);
    synchronized (cache) {
      cache.put(p.leafHash(), r);
    }
    return r;
  }
}
