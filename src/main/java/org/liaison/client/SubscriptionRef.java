package org.liaison.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.liaison.json.ArrayView;
import org.liaison.json.ObjectView;

/** An ASTM subscription (a watch) as the hub serves it to its manager. */
public record SubscriptionRef(
    UUID id,
    String version,
    long notificationIndex,
    Instant timeStart,
    Instant timeEnd,
    String ussBaseUrl,
    boolean notifyForOperationalIntents,
    boolean notifyForConstraints,
    boolean implicit,
    List<UUID> dependentOperationalIntents) {

  public static SubscriptionRef parse(ObjectView n) {
    List<UUID> deps = new ArrayList<>();
    ArrayView arr = n.arrayOrEmpty("dependent_operational_intents");
    for (int i = 0; i < arr.size(); i++) {
      deps.add(arr.uuid4(i));
    }
    return new SubscriptionRef(
        n.uuid4("id"),
        n.string("version"),
        n.integer("notification_index"),
        OperationalIntentRef.time(n, "time_start"),
        OperationalIntentRef.time(n, "time_end"),
        n.string("uss_base_url"),
        n.bool("notify_for_operational_intents", false),
        n.bool("notify_for_constraints", false),
        n.bool("implicit_subscription", false),
        List.copyOf(deps));
  }
}
