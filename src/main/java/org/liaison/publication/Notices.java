package org.liaison.publication;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.liaison.deconfliction.Airspace;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OperationalIntent;

/**
 * The seam to the deconfliction state: its public snapshot of references, read as notices.
 * Publication needs nothing else from it, so the state can change shape behind this.
 */
public final class Notices {
  private Notices() {}

  public static Supplier<Collection<Notice>> of(Airspace airspace) {
    return () -> {
      List<Notice> out = new ArrayList<>();
      for (OperationalIntent oi : airspace.allOis()) {
        out.add(new Notice(oi.id(), oi.manager(), Notice.Kind.OPERATION, oi.version(), oi.extents().volumes()));
      }
      for (Constraint c : airspace.allConstraints()) {
        out.add(new Notice(c.id(), c.manager(), Notice.Kind.RESTRICTION, c.version(), c.extents().volumes()));
      }
      return out;
    };
  }
}
