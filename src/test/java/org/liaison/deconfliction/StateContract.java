package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Operational intent states: what a create may be, and what each state needs. */
interface StateContract extends Contract {

  @Test
  default void creation_must_be_accepted() {
    Party a = party("a", DssClient.SC, DssClient.CMSA);
    UUID id = fresh();

    for (String state : new String[] {"Activated", "Nonconforming", "Contingent"}) {
      Resp r = a.putOi(id, Req.oi(site().circle(100)).state(state).newSub()).expect(400);
      assertThat(r.message()).contains(state);
    }
    a.getOi(id).expect(404);
    assertThat(a.querySubs(site().everything()).ids("subscriptions")).as("no implicit subscription left").isEmpty();
  }

  @Test
  default void states_other_than_accepted_need_a_subscription() {
    Party a = party("a", DssClient.SC, DssClient.CMSA);
    Ref x = a.createOi(Req.oi(site().circle(100)));
    assertThat(x.subscriptionId()).isNull();

    for (String state : new String[] {"Activated", "Nonconforming", "Contingent"}) {
      Resp r = a.putOi(x.id(), x.ovn(), Req.oi(site().circle(100)).state(state)).expect(400);
      assertThat(r.message()).contains(state).contains("subscription");
    }
    assertThat(a.getOi(x.id()).oi()).isEqualTo(x.json());

    Ref active = a.updateOi(x, Req.oi(site().circle(100)).state("Activated").newSub());
    assertThat(active.json().path("state").asText()).isEqualTo("Activated");
    assertThat(active.subscriptionId()).isNotNull();

    // Back to Accepted without a subscription: the nil id, and the implicit one is gone.
    Ref accepted = a.updateOi(active, Req.oi(site().circle(100)));
    assertThat(accepted.subscriptionId()).isNull();
    a.getSub(active.subscriptionId()).expect(404);
  }

  @Test
  default void nonconforming_and_contingent_need_conformance_monitoring_scope() {
    Party a = party("a");
    Ref x = a.createOi(Req.oi(site().circle(100)).newSub());

    for (String state : new String[] {"Nonconforming", "Contingent"}) {
      Resp r = a.putOi(x.id(), x.ovn(), Req.oi(site().circle(100)).state(state).sub(x.subscriptionId())).expect(403);
      assertThat(r.message()).contains(DssClient.CMSA);
    }
    assertThat(a.getOi(x.id()).oi()).isEqualTo(x.json());
  }

  @Test
  default void accepted_and_activated_need_strategic_coordination_scope() {
    Party monitor = party("monitor", DssClient.CMSA);
    UUID id = fresh();

    Resp r = monitor.putOi(id, Req.oi(site().circle(100))).expect(403);

    assertThat(r.message()).contains(DssClient.SC);
    monitor.getOi(id).expect(404);
  }

  @Test
  default void an_operation_goes_through_its_states_on_one_implicit_subscription() {
    Party a = party("a", DssClient.SC, DssClient.CMSA);
    Ref x = a.createOi(Req.oi(site().circle(100)).newSub());
    UUID sid = x.subscriptionId();

    Ref active = a.updateOi(x, Req.oi(site().circle(100)).state("Activated").sub(sid));
    Ref off = a.updateOi(active, Req.oi(site().circle(400)).state("Nonconforming").sub(sid));
    Ref back = a.updateOi(off, Req.oi(site().circle(100)).state("Activated").sub(sid));
    Ref lost = a.updateOi(back, Req.oi(site().circle(400)).state("Contingent").sub(sid));

    assertThat(lost.version()).isEqualTo(5);
    assertThat(a.sub(sid).dependents()).containsExactly(x.id());
    a.deleteOi(lost.id(), lost.ovn()).expect(200);
    a.getSub(sid).expect(404);
  }
}
