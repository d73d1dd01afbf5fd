package org.liaison.client;

import java.util.List;
import org.liaison.proof.Receipt;

/**
 * The result of a write at the hub: the entity as stored, the parties to notify, and the ledger
 * receipt from the {@code Liaison-Receipt} header (null if the hub sent none).
 */
public record Written<T>(T value, List<Subscriber> subscribers, Receipt receipt) {
  public Written {
    subscribers = List.copyOf(subscribers);
  }
}
