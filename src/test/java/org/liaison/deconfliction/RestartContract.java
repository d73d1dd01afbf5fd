package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hub rebuilds its state from the store: nothing written is lost or changed by a restart. */
interface RestartContract extends Contract {

  /** Closes the hub and starts a new one on the same store; later parties talk to the new one. */
  void restartHub() throws Exception;

  @Test
  default void state_survives_a_restart() throws Exception {
    Party a = party("a");
    Party b = party("b");
    Party w = party("w");
    Party authority = party("authority");
    Sub watch = w.createSub(Req.sub(site().circle(1000).hours(0, 3)).constraints(true));
    Ref x = a.createOi(Req.oi(site().circle(300).hours(0, 2)).newSub());
    UUID implicit = x.subscriptionId();
    Ref y = a.createOi(Req.oi(site().circle(3000, 0, 300)).sub(implicit));
    Ref z = b.createOi(Req.oi(site().circle(200).hours(1, 2)).key(x.ovn()).newSub());
    Ref k = authority.createConstraint(Req.constraint(site().circle(-3000, 0, 300)));
    Ref x2 = a.updateOi(x, Req.oi(site().circle(350).hours(0, 2)).sub(implicit).key(z.ovn()));
    String availability = arbiter().setAvailability(b.name, "", "Normal").expect(200).at("/version").asText();
    assertThat(w.sub(watch.id()).notificationIndex()).isEqualTo(3);

    JsonNode xBefore = a.getOi(x.id()).expect(200).body();
    JsonNode yBefore = a.getOi(y.id()).expect(200).body();
    JsonNode zBefore = b.getOi(z.id()).expect(200).body();
    JsonNode kBefore = authority.getConstraint(k.id()).expect(200).body();
    JsonNode implicitBefore = a.getSub(implicit).expect(200).body();
    JsonNode watchBefore = w.getSub(watch.id()).expect(200).body();
    JsonNode availabilityBefore = a.getAvailability(b.name).expect(200).body();
    ValidationContract.Snapshot seenByB = ValidationContract.Snapshot.of(b, site());

    restartHub();
    a = party("a");
    b = party("b");
    w = party("w");
    authority = party("authority");

    assertThat(a.getOi(x.id()).expect(200).body()).isEqualTo(xBefore);
    assertThat(a.getOi(y.id()).expect(200).body()).isEqualTo(yBefore);
    assertThat(b.getOi(z.id()).expect(200).body()).isEqualTo(zBefore);
    assertThat(authority.getConstraint(k.id()).expect(200).body()).isEqualTo(kBefore);
    assertThat(a.getSub(implicit).expect(200).body()).isEqualTo(implicitBefore);
    assertThat(a.sub(implicit).dependents()).containsExactlyInAnyOrder(x.id(), y.id());
    assertThat(w.getSub(watch.id()).expect(200).body()).isEqualTo(watchBefore);
    assertThat(a.getAvailability(b.name).expect(200).body()).isEqualTo(availabilityBefore);
    assertThat(ValidationContract.Snapshot.of(b, site())).isEqualTo(seenByB);

    // The rebuilt index still enforces the key rule and still counts notifications.
    Resp conflict = b.putOi(fresh(), Req.oi(site().circle(100).hours(0, 1))).expect(409);
    assertThat(conflict.ids("missing_operational_intents")).containsExactly(x.id());
    Resp moved = a.putOi(x.id(), x2.ovn(), Req.oi(site().circle(300).hours(0, 2)).sub(implicit).key(z.ovn()))
        .expect(200);
    assertThat(moved.subscribers().get(w.url())).isEqualTo(Map.of(watch.id(), 4L));
    arbiter().setAvailability(b.name, availability, "Down").expect(200);

    // Deleting the operations still deletes their implicit subscription.
    a.deleteOi(y.id(), y.ovn()).expect(200);
    a.deleteOi(x.id(), moved.oi().path("ovn").asText()).expect(200);
    a.getSub(implicit).expect(404);
  }
}
