package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Implicit and explicit subscription life cycles, and the rules a subscription write obeys. */
interface SubscriptionContract extends Contract {

  @Test
  default void new_subscription_creates_an_implicit_subscription_that_covers_its_operation() {
    Party a = party("a");
    Ref x = a.createOi(Req.oi(site().circle(300).hours(1, 2)).newSub());

    assertThat(x.subscriptionId()).isNotNull();
    Sub s = a.sub(x.subscriptionId());
    assertThat(s.json().path("implicit_subscription").asBoolean()).isTrue();
    assertThat(s.dependents()).containsExactly(x.id());
    assertThat(s.notificationIndex()).isZero();
    assertThat(s.json().path("notify_for_operational_intents").asBoolean()).isTrue();
    assertThat(s.json().path("uss_base_url").asText()).isEqualTo(a.url());
    assertThat(s.json().path("time_start")).isEqualTo(x.json().path("time_start"));
    assertThat(s.json().path("time_end")).isEqualTo(x.json().path("time_end"));
  }

  @Test
  default void implicit_subscription_grows_to_fit_its_operations() {
    Party a = party("a");
    Ref x = a.createOi(Req.oi(site().circle(300).hours(1, 2)).newSub());
    UUID sid = x.subscriptionId();
    String v1 = a.sub(sid).version();

    Ref x2 = a.updateOi(x, Req.oi(site().circle(300).hours(1, 4)).sub(sid));
    Sub grown = a.sub(sid);
    assertThat(grown.json().path("time_end")).isEqualTo(x2.json().path("time_end"));
    assertThat(grown.version()).isNotEqualTo(v1);

    // A second operation joins it, further away and earlier.
    Ref y = a.createOi(Req.oi(site().circle(3000, 0, 200).hours(0.5, 1)).sub(sid));
    Sub both = a.sub(sid);
    assertThat(both.dependents()).containsExactlyInAnyOrder(x.id(), y.id());
    assertThat(both.json().path("time_start")).isEqualTo(y.json().path("time_start"));
    assertThat(both.json().path("time_end")).isEqualTo(x2.json().path("time_end"));
    // It now watches the area of both: a change near y reaches it.
    Party b = party("b");
    Ref z = b.createOi(Req.oi(site().circle(3000, 0, 200).hours(0.5, 1)).key(y.ovn()));
    assertThat(z.resp().subscribers().get(a.url())).containsKey(sid);
  }

  @Test
  default void implicit_subscription_is_deleted_with_its_last_operation() {
    Party a = party("a");
    Ref x = a.createOi(Req.oi(site().circle(300)).newSub());
    UUID sid = x.subscriptionId();
    Ref y = a.createOi(Req.oi(site().circle(3000, 0, 300)).sub(sid));

    a.deleteOi(x.id(), x.ovn()).expect(200);
    Sub left = a.sub(sid);
    assertThat(left.dependents()).containsExactly(y.id());
    assertThat(left.json().path("time_end")).isEqualTo(y.json().path("time_end"));

    a.deleteOi(y.id(), y.ovn()).expect(200);
    a.getSub(sid).expect(404);
    assertThat(a.querySubs(site().everything()).ids("subscriptions")).isEmpty();
  }

  @Test
  default void implicit_subscription_goes_when_its_operation_moves_to_another() {
    Party a = party("a");
    Ref x = a.createOi(Req.oi(site().circle(300)).newSub());
    Sub explicit = a.createSub(Req.sub(site().circle(1000)));

    Ref x2 = a.updateOi(x, Req.oi(site().circle(300)).sub(explicit.id()));

    assertThat(x2.subscriptionId()).isEqualTo(explicit.id());
    a.getSub(x.subscriptionId()).expect(404);
    assertThat(a.sub(explicit.id()).dependents()).containsExactly(x.id());
  }

  @Test
  default void explicit_subscription_must_cover_its_operations() {
    Party a = party("a");
    Sub s = a.createSub(Req.sub(site().circle(500)));
    UUID id = fresh();

    Resp outside = a.putOi(id, Req.oi(site().circle(2000, 0, 100)).sub(s.id())).expect(400);
    assertThat(outside.message()).contains(s.id().toString()).contains("extents[0]");
    Resp later = a.putOi(id, Req.oi(site().circle(100).hours(0.5, 2)).sub(s.id())).expect(400);
    assertThat(later.message()).contains("cover");
    a.putOi(id, Req.oi(site().circle(100).alt(0.0, 500.0)).sub(s.id())).expect(400);
    a.getOi(id).expect(404);
    assertThat(a.sub(s.id()).dependents()).isEmpty();

    a.putOi(id, Req.oi(site().circle(100)).sub(s.id())).expect(201);
    assertThat(a.sub(s.id()).dependents()).containsExactly(id);
  }

  @Test
  default void explicit_subscription_must_cover_its_operations_exactly_not_by_index_cells() {
    Party a = party("a");
    Sub circle = a.createSub(Req.sub(site().circle(500)));
    Sub square = a.createSub(Req.sub(site().square(3000, 0, 500)));

    // Each pokes 50 m out of its subscription: inside the same coarse index cells, yet not covered.
    double[][] nearMisses = {{0, 450}, {450, 0}, {0, -450}, {-450, 0}};
    for (double[] d : nearMisses) {
      a.putOi(fresh(), Req.oi(site().circle(d[0], d[1], 100)).sub(circle.id())).expect(400);
      a.putOi(fresh(), Req.oi(site().square(3000 + d[0], d[1], 100)).sub(square.id())).expect(400);
      a.putOi(fresh(), Req.oi(site().circle(3000 + d[0], d[1], 100)).sub(square.id())).expect(400);
    }
    a.putOi(fresh(), Req.oi(site().square(0, 0, 400)).sub(circle.id())).expect(400);
    assertThat(a.sub(circle.id()).dependents()).isEmpty();
    assertThat(a.sub(square.id()).dependents()).isEmpty();

    // Just inside is fine, whatever the shapes (one after another, so no keys are needed).
    a.createOi(Req.oi(site().circle(0, 390, 100).hours(0, 0.2)).sub(circle.id()));
    a.createOi(Req.oi(site().square(0, 0, 350).hours(0.2, 0.4)).sub(circle.id()));
    a.createOi(Req.oi(site().circle(500).hours(0.4, 0.6)).sub(circle.id()));
    a.createOi(Req.oi(site().circle(3000, 390, 100).hours(0, 0.2)).sub(square.id()));
    a.createOi(Req.oi(site().square(2610, 0, 100).hours(0.2, 0.4)).sub(square.id()));
    a.createOi(Req.oi(site().square(3000, 0, 500).hours(0.5, 1)).sub(square.id()));
    assertThat(a.sub(circle.id()).dependents()).hasSize(3);
  }

  @Test
  default void explicit_subscription_must_keep_covering_on_update() {
    Party a = party("a");
    Sub s = a.createSub(Req.sub(site().circle(1000)));
    a.createOi(Req.oi(site().circle(0, 800, 100)).sub(s.id()));
    Sub before = a.sub(s.id());

    Resp r = a.putSub(s.id(), s.version(), Req.sub(site().circle(300))).expect(400);

    assertThat(r.message()).contains(s.id().toString());
    assertThat(a.sub(s.id()).json()).isEqualTo(before.json());
    a.putSub(s.id(), s.version(), Req.sub(site().circle(900).hours(0, 1.5))).expect(200);
  }

  @Test
  default void subscription_in_use_cannot_be_deleted() {
    Party a = party("a");
    Sub s = a.createSub(Req.sub(site().circle(1000)));
    Ref x = a.createOi(Req.oi(site().circle(100)).sub(s.id()));

    Resp r = a.deleteSub(s.id(), s.version()).expect(400);
    assertThat(r.message()).contains(s.id().toString());
    a.getSub(s.id()).expect(200);

    a.deleteOi(x.id(), x.ovn()).expect(200);
    assertThat(a.sub(s.id()).dependents()).as("an explicit subscription outlives its operations").isEmpty();
    a.deleteSub(s.id(), s.version()).expect(200);
  }

  @Test
  default void subscription_needs_a_notify_flag() {
    Party a = party("a");
    UUID id = fresh();

    Resp r = a.putSub(id, Req.sub(site().circle(500)).ois(false).constraints(false)).expect(400);

    assertThat(r.message()).contains("notify_for_operational_intents").contains("notify_for_constraints");
    a.getSub(id).expect(404);
  }

  @Test
  default void subscription_lasts_at_most_24_hours() {
    Party a = party("a");
    UUID id = fresh();

    Resp r = a.putSub(id, Req.sub(site().circle(500).at(Duration.ZERO, Duration.ofHours(24).plusSeconds(1))))
        .expect(400);
    assertThat(r.message()).contains("24 h");
    a.getSub(id).expect(404);

    a.putSub(id, Req.sub(site().circle(500).at(Duration.ZERO, Duration.ofHours(24)))).expect(200);
    Sub s = a.sub(id);
    a.putSub(id, s.version(), Req.sub(site().circle(500).hours(1, 26))).expect(400);
    assertThat(a.sub(id).version()).isEqualTo(s.version());
  }

  @Test
  default void subscription_create_lists_the_references_in_its_area() {
    Party a = party("a");
    Party authority = party("authority");
    Party w = party("w");
    Ref x = a.createOi(Req.oi(site().circle(200)));
    a.createOi(Req.oi(site().circle(4000, 0, 200)));
    Ref k = authority.createConstraint(Req.constraint(site().circle(0, 300, 100)));

    Resp both = w.putSub(fresh(), Req.sub(site().circle(1000)).constraints(true)).expect(200);
    assertThat(both.ids("operational_intent_references")).containsExactly(x.id());
    assertThat(both.at("/operational_intent_references/0/ovn").asText()).isEqualTo(HIDDEN);
    assertThat(both.ids("constraint_references")).containsExactly(k.id());
    assertThat(both.at("/constraint_references/0/ovn").asText()).isEqualTo(HIDDEN);

    Resp oisOnly = w.putSub(fresh(), Req.sub(site().circle(1000))).expect(200);
    assertThat(oisOnly.ids("operational_intent_references")).containsExactly(x.id());
    assertThat(oisOnly.ids("constraint_references")).isEmpty();

    Resp own = a.putSub(fresh(), Req.sub(site().circle(1000))).expect(200);
    assertThat(own.at("/operational_intent_references/0/ovn").asText()).isEqualTo(x.ovn());
  }

  @Test
  default void subscription_of_another_party_cannot_carry_an_operation() {
    Party a = party("a");
    Party b = party("b");
    Sub s = b.createSub(Req.sub(site().circle(1000)));
    UUID id = fresh();

    a.putOi(id, Req.oi(site().circle(100)).sub(s.id())).expect(403);

    a.getOi(id).expect(404);
    assertThat(b.sub(s.id()).dependents()).isEmpty();
  }

  @Test
  default void unknown_subscription_id_is_400() {
    Party a = party("a");
    UUID id = fresh();
    UUID none = fresh();

    Resp r = a.putOi(id, Req.oi(site().circle(100)).sub(none)).expect(400);

    assertThat(r.message()).contains("subscription_id").contains(none.toString());
    a.getOi(id).expect(404);
  }
}
