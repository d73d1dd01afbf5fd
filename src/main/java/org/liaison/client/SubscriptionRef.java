package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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

  public static SubscriptionRef parse(JsonNode n, String path) {
    Fields.object(n, path);
    List<UUID> deps = new ArrayList<>();
    var arr = Fields.optionalArray(n, "dependent_operational_intents", path);
    for (int i = 0; i < arr.size(); i++) {
      deps.add(Fields.uuid(arr.get(i).asText(), path + ".dependent_operational_intents[" + i + "]"));
    }
    return new SubscriptionRef(
        Fields.uuid(n, "id", path),
        Fields.text(n, "version", path),
        Fields.integer(n, "notification_index", path),
        OperationalIntentRef.time(n, "time_start", path),
        OperationalIntentRef.time(n, "time_end", path),
        Fields.text(n, "uss_base_url", path),
        Fields.bool(n, "notify_for_operational_intents", path, false),
        Fields.bool(n, "notify_for_constraints", path, false),
        Fields.bool(n, "implicit_subscription", path, false),
        List.copyOf(deps));
  }
}
