package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The key rule: an Accepted or Activated write must present the OVN of every overlapping
 * operational intent, and of overlapping constraints when its subscription asks for them.
 */
interface KeyRuleContract extends Contract {

  @Test
  default void key_missing_overlapping_notice_is_409() {
    Party a = party("a");
    Party b = party("b");
    Ref x = a.createOi(Req.oi(site().circle(300)));
    UUID id = fresh();

    Resp r = b.putOi(id, Req.oi(site().circle(200)).newSub()).expect(409);

    assertThat(r.body().path("missing_operational_intents")).hasSize(1);
    JsonNode missing = r.at("/missing_operational_intents/0");
    assertThat(missing.path("id").asText()).isEqualTo(x.id().toString());
    assertThat(missing.path("ovn").asText()).as("another party's OVN stays hidden").isEqualTo(HIDDEN);
    assertThat(missing.path("manager").asText()).isEqualTo(a.name);
    assertThat(r.body().path("missing_constraints")).isEmpty();
    assertThat(r.message()).isNotBlank();
    b.getOi(id).expect(404);
    assertThat(b.queryOis(site().everything()).ids("operational_intent_references")).containsExactly(x.id());
    assertThat(b.querySubs(site().everything()).ids("subscriptions")).as("no implicit subscription").isEmpty();
  }

  @Test
  default void full_key_succeeds() {
    Party a = party("a");
    Party b = party("b");
    Ref x = a.createOi(Req.oi(site().circle(300)));

    Ref y = b.createOi(Req.oi(site().circle(200)).key(x.ovn()));

    assertThat(b.queryOis(site().everything()).ids("operational_intent_references"))
        .containsExactlyInAnyOrder(x.id(), y.id());
  }

  @Test
  default void three_parties_missing_lists_exactly_the_missing_and_shows_only_own_ovns() {
    Party a = party("a");
    Party b = party("b");
    Party c = party("c");
    Ref xa = a.createOi(Req.oi(site().circle(300)));
    Ref xb = b.createOi(Req.oi(site().circle(300)).key(xa.ovn()));
    Ref xc = c.createOi(Req.oi(site().circle(300)).key(xa.ovn(), xb.ovn()));
    // Not overlapping in time: never missing.
    c.createOi(Req.oi(site().circle(300).hours(5, 6)));

    Resp r = c.putOi(fresh(), Req.oi(site().circle(250)).key(xa.ovn())).expect(409);

    Map<UUID, String> missing = new HashMap<>();
    r.body().path("missing_operational_intents")
        .forEach(n -> missing.put(UUID.fromString(n.path("id").asText()), n.path("ovn").asText()));
    assertThat(missing).containsOnly(Map.entry(xb.id(), HIDDEN), Map.entry(xc.id(), xc.ovn()));

    // A stale OVN does not count: b's reference moves on, and c must learn its new OVN.
    Ref xb2 = b.updateOi(xb, Req.oi(site().circle(310)).key(xa.ovn(), xc.ovn()));
    Resp stale = c.putOi(fresh(), Req.oi(site().circle(250)).key(xa.ovn(), xb.ovn(), xc.ovn())).expect(409);
    assertThat(stale.ids("missing_operational_intents")).containsExactly(xb2.id());

    c.createOi(Req.oi(site().circle(250)).key(xa.ovn(), xb2.ovn(), xc.ovn()));
  }

  @Test
  default void touching_altitude_bands_need_no_key() {
    Party a = party("a");
    Party b = party("b");
    a.createOi(Req.oi(site().circle(300).alt(0.0, 100.0)));

    b.createOi(Req.oi(site().circle(300).alt(100.0, 200.0)));
    b.createOi(Req.oi(site().circle(300).alt(-50.0, 0.0)));
    b.putOi(fresh(), Req.oi(site().circle(300).alt(99.0, 200.0))).expect(409);
  }

  @Test
  default void touching_time_windows_need_no_key() {
    Party a = party("a");
    Party b = party("b");
    a.createOi(Req.oi(site().circle(300).hours(1, 2)));

    b.createOi(Req.oi(site().circle(300).hours(2, 3)));
    b.createOi(Req.oi(site().circle(300).hours(0, 1)));
    b.putOi(fresh(), Req.oi(site().circle(300).hours(1.9, 3))).expect(409);
  }

  @Test
  default void distant_volumes_need_no_key() {
    Party a = party("a");
    Party b = party("b");
    a.createOi(Req.oi(site().circle(100)));

    b.createOi(Req.oi(site().circle(5000, 0, 100)));
    // Close enough to share coarse index cells, yet apart: the exact test must not demand a key.
    b.createOi(Req.oi(site().circle(250, 0, 100)));
    b.createOi(Req.oi(site().square(0, 250, 50)));
    b.putOi(fresh(), Req.oi(site().square(0, 150, 60))).expect(409);
  }

  @Test
  default void polygon_and_circle_overlap_needs_a_key() {
    Party a = party("a");
    Party b = party("b");
    Ref x = a.createOi(Req.oi(site().square(0, 0, 500)));

    Resp r = b.putOi(fresh(), Req.oi(site().circle(600, 0, 150))).expect(409);
    assertThat(r.ids("missing_operational_intents")).containsExactly(x.id());
    b.createOi(Req.oi(site().circle(600, 0, 150)).key(x.ovn()));
  }

  @Test
  default void a_volume_inside_another_needs_a_key() {
    Party a = party("a");
    Party b = party("b");
    Ref square = a.createOi(Req.oi(site().square(0, 0, 2000)));
    Ref circle = a.createOi(Req.oi(site().circle(6000, 0, 2000).hours(0, 1)).key(square.ovn()));

    assertThat(b.putOi(fresh(), Req.oi(site().circle(300, 300, 50))).expect(409)
        .ids("missing_operational_intents")).containsExactly(square.id());
    assertThat(b.putOi(fresh(), Req.oi(site().square(-500, -500, 100))).expect(409)
        .ids("missing_operational_intents")).containsExactly(square.id());
    assertThat(b.putOi(fresh(), Req.oi(site().square(6500, 500, 100))).expect(409)
        .ids("missing_operational_intents")).containsExactly(circle.id());
    assertThat(b.putOi(fresh(), Req.oi(site().circle(5500, 0, 100))).expect(409)
        .ids("missing_operational_intents")).containsExactly(circle.id());
    // And the other way round: a large volume around small ones.
    assertThat(b.putOi(fresh(), Req.oi(site().circle(0, 0, 7000).hours(0.5, 0.6))).expect(409)
        .ids("missing_operational_intents")).containsExactlyInAnyOrder(square.id(), circle.id());
  }

  @Test
  default void key_rule_holds_on_update() {
    Party a = party("a");
    Party b = party("b");
    Ref x = a.createOi(Req.oi(site().circle(200)));
    Ref y = b.createOi(Req.oi(site().circle(3000, 0, 200)));

    Resp r = b.putOi(y.id(), y.ovn(), Req.oi(site().circle(300))).expect(409);

    assertThat(r.ids("missing_operational_intents")).containsExactly(x.id());
    assertThat(b.getOi(y.id()).oi()).as("unchanged").isEqualTo(y.json());
    b.updateOi(y, Req.oi(site().circle(300)).key(x.ovn()));
  }

  @Test
  default void update_needs_no_key_for_the_reference_itself() {
    Party a = party("a");
    Ref x = a.createOi(Req.oi(site().circle(200)));

    Ref x2 = a.updateOi(x, Req.oi(site().circle(250)));

    assertThat(x2.version()).isEqualTo(2);
  }

  @Test
  default void own_other_notice_needs_a_key_too() {
    Party a = party("a");
    Ref x = a.createOi(Req.oi(site().circle(200)));

    Resp r = a.putOi(fresh(), Req.oi(site().circle(200))).expect(409);

    assertThat(r.at("/missing_operational_intents/0/ovn").asText()).isEqualTo(x.ovn());
  }

  @Test
  default void down_partys_accepted_intent_needs_no_key_but_its_activated_one_does() {
    Party a = party("a");
    Party b = party("b");
    Ref accepted = a.createOi(Req.oi(site().circle(300).hours(0, 1)));
    Ref planned = a.createOi(Req.oi(site().circle(300).hours(1, 2)).newSub());
    Ref activated = a.updateOi(planned, Req.oi(site().circle(300).hours(1, 2))
        .state("Activated").sub(planned.subscriptionId()));
    arbiter().setAvailability(a.name, "", "Down").expect(200);

    Resp r = b.putOi(fresh(), Req.oi(site().circle(200).hours(0, 2))).expect(409);

    assertThat(r.ids("missing_operational_intents")).containsExactly(activated.id());
    assertThat(r.at("/missing_operational_intents/0/uss_availability").asText()).isEqualTo("Down");
    b.createOi(Req.oi(site().circle(200).hours(0, 2)).key(activated.ovn()));
    assertThat(b.getOi(accepted.id()).oi().path("uss_availability").asText()).isEqualTo("Down");

    // Back to Normal, the Accepted one needs its key again.
    arbiter().setAvailability(a.name, "1", "Normal").expect(200);
    Resp again = b.putOi(fresh(), Req.oi(site().circle(100).hours(0, 0.5))).expect(409);
    assertThat(again.ids("missing_operational_intents")).contains(accepted.id());
  }

  @Test
  default void overlapping_constraint_needs_a_key_only_for_constraint_subscribers() {
    Party authority = party("authority");
    Party b = party("b");
    Party c = party("c");
    Ref k = authority.createConstraint(Req.constraint(site().circle(1000)));

    // Without constraint notifications, an overlapping constraint asks for nothing.
    b.createOi(Req.oi(site().circle(100)));
    b.createOi(Req.oi(site().circle(0, -500, 100)).newSub(b.url(), false));

    UUID id = fresh();
    Resp conflict = c.putOi(id, Req.oi(site().circle(0, 500, 100)).newSub(c.url(), true)).expect(409);
    assertThat(conflict.ids("missing_constraints")).containsExactly(k.id());
    assertThat(conflict.at("/missing_constraints/0/ovn").asText()).isEqualTo(HIDDEN);
    assertThat(conflict.body().path("missing_operational_intents")).isEmpty();
    c.getOi(id).expect(404);
    c.putOi(id, Req.oi(site().circle(0, 500, 100)).newSub(c.url(), true).key(k.ovn())).expect(201);

    // The same through an explicit subscription that notifies for constraints.
    Sub watch = c.createSub(Req.sub(site().circle(3000)).constraints(true));
    Resp again = c.putOi(fresh(), Req.oi(site().circle(500, 0, 100)).sub(watch.id())).expect(409);
    assertThat(again.ids("missing_constraints")).containsExactly(k.id());
    // Outside the constraint it needs nothing.
    c.createOi(Req.oi(site().circle(-2000, 0, 100)).sub(watch.id()));
  }

  @Test
  default void nonconforming_and_contingent_need_no_key() {
    Party a = party("a");
    Party b = party("b", DssClient.SC, DssClient.CMSA);
    a.createOi(Req.oi(site().circle(300)));
    Ref y = b.createOi(Req.oi(site().circle(3000, 0, 200)).newSub());

    Ref off = b.updateOi(y, Req.oi(site().circle(200)).state("Nonconforming").sub(y.subscriptionId()));
    Ref lost = b.updateOi(off, Req.oi(site().circle(250)).state("Contingent").sub(y.subscriptionId()));

    assertThat(lost.json().path("state").asText()).isEqualTo("Contingent");
  }
}
