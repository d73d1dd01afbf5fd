package org.liaison.node;

import java.util.List;
import java.util.UUID;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

/**
 * Another operational intent or a restriction near a plan, with its details as its manager's node
 * gave them; or, when they could not be had, the reason and a stand-in volume: the reference's
 * whole time span over the plan's whole area at every altitude, so the planner stays clear of it.
 *
 * @param priority null for restrictions, which no priority overrides
 * @param ovn the current OVN, for the key; null when unavailable
 */
record Neighbour(
    Kind kind,
    UUID id,
    String manager,
    Long priority,
    String state,
    String ovn,
    List<Volume4D> volumes,
    String ussBaseUrl,
    TimeWindow span,
    String unavailable) {

  enum Kind {
    operational_intent,
    constraint
  }

  Neighbour {
    volumes = List.copyOf(volumes);
  }

  boolean known() {
    return unavailable == null;
  }

  /** Whether a plan of {@code priority} may not come within the buffers of this neighbour. */
  boolean blocks(long planPriority) {
    return kind == Kind.constraint || !known() || priority >= planPriority;
  }
}
