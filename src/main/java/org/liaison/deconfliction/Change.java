package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.deconfliction.Models.Subscription;

/** Everything one write changes, committed to the database as one transaction. */
final class Change {
  final List<OperationalIntent> putOis = new ArrayList<>();
  final List<UUID> deleteOis = new ArrayList<>();
  final List<Constraint> putConstraints = new ArrayList<>();
  final List<UUID> deleteConstraints = new ArrayList<>();
  final List<Subscription> putSubscriptions = new ArrayList<>();
  final List<UUID> deleteSubscriptions = new ArrayList<>();
  final List<PartyAvailability> putAvailability = new ArrayList<>();
  /** The ledger entry recording this change; written in the same transaction. */
  ObjectNode entry;
  /** The entry's canonical bytes, prepared before the commit. */
  org.liaison.ledger.Ledger.Prepared prepared;

  boolean isEmpty() {
    return putOis.isEmpty() && deleteOis.isEmpty() && putConstraints.isEmpty() && deleteConstraints.isEmpty()
        && putSubscriptions.isEmpty() && deleteSubscriptions.isEmpty() && putAvailability.isEmpty();
  }
}
