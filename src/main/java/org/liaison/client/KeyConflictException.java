package org.liaison.client;

import java.net.URI;
import java.util.List;

/**
 * The hub refused a write with 409 because its key lacked the OVNs of these overlapping
 * references. Fetch their details from their managers and retry with their OVNs in the key.
 */
public final class KeyConflictException extends ServiceException {
  private static final long serialVersionUID = 1L;
  private final transient List<OperationalIntentRef> missingOperationalIntents;
  private final transient List<ConstraintRef> missingConstraints;

  KeyConflictException(String method, URI url, String message,
      List<OperationalIntentRef> missingOperationalIntents, List<ConstraintRef> missingConstraints) {
    super(409, method, url, message, null);
    this.missingOperationalIntents = List.copyOf(missingOperationalIntents);
    this.missingConstraints = List.copyOf(missingConstraints);
  }

  public List<OperationalIntentRef> missingOperationalIntents() {
    return missingOperationalIntents;
  }

  public List<ConstraintRef> missingConstraints() {
    return missingConstraints;
  }
}
