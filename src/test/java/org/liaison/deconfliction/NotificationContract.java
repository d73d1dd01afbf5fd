package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who is told about a change, and the notification index each subscription carries. */
interface NotificationContract extends Contract {

  @Test
  default void notification_index_starts_at_0_and_goes_up_by_one_per_change_in_area_and_time() {
    Party w = party("w");
    Party a = party("a");
    Sub s = w.createSub(Req.sub(site().circle(1000)));
    assertThat(s.notificationIndex()).isZero();

    Ref x = a.createOi(Req.oi(site().circle(200)));
    assertThat(x.resp().subscribers()).isEqualTo(Map.of(w.url(), Map.of(s.id(), 1L)));
    Ref x2 = a.updateOi(x, Req.oi(site().circle(300)));
    assertThat(x2.resp().subscribers()).isEqualTo(Map.of(w.url(), Map.of(s.id(), 2L)));
    Resp deleted = a.deleteOi(x2.id(), x2.ovn()).expect(200);
    assertThat(deleted.subscribers()).isEqualTo(Map.of(w.url(), Map.of(s.id(), 3L)));
    assertThat(w.sub(s.id()).notificationIndex()).isEqualTo(3);

    // Elsewhere, later, higher, or a constraint for an OI-only subscription: no change.
    assertThat(a.createOi(Req.oi(site().circle(3000, 0, 200))).resp().subscribers()).isEmpty();
    assertThat(a.createOi(Req.oi(site().circle(200).hours(1, 2))).resp().subscribers()).isEmpty();
    assertThat(a.createOi(Req.oi(site().circle(200).alt(120.0, 300.0))).resp().subscribers()).isEmpty();
    assertThat(a.createConstraint(Req.constraint(site().circle(200))).resp().subscribers()).isEmpty();
    assertThat(w.sub(s.id()).notificationIndex()).isEqualTo(3);

    // Updating the subscription changes its version, not its index.
    Sub s2 = Sub.of(w.putSub(s.id(), "1", Req.sub(site().circle(1200))).expect(200));
    assertThat(s2.version()).isEqualTo("2");
    assertThat(s2.notificationIndex()).isEqualTo(3);
  }

  @Test
  default void old_and_new_extents_both_count_but_once_per_change() {
    Party w = party("w");
    Party a = party("a");
    Sub s = w.createSub(Req.sub(site().circle(1000)));

    Ref x = a.createOi(Req.oi(site().circle(200)));                         // in: 1
    Ref away = a.updateOi(x, Req.oi(site().circle(4000, 0, 200)));          // leaves: 2
    assertThat(away.resp().subscribers()).isEqualTo(Map.of(w.url(), Map.of(s.id(), 2L)));
    Ref still = a.updateOi(away, Req.oi(site().circle(4000, 0, 300)));      // outside: 2
    assertThat(still.resp().subscribers()).isEmpty();
    Ref back = a.updateOi(still, Req.oi(site().circle(100)));               // enters: 3
    Ref moved = a.updateOi(back, Req.oi(site().circle(0, 300, 100)));       // in to in: 4
    assertThat(back.resp().subscribers()).isEqualTo(Map.of(w.url(), Map.of(s.id(), 3L)));
    assertThat(moved.resp().subscribers()).isEqualTo(Map.of(w.url(), Map.of(s.id(), 4L)));
    assertThat(w.sub(s.id()).notificationIndex()).isEqualTo(4);
  }

  @Test
  default void subscribers_are_grouped_by_base_url_including_the_callers_own() {
    Party w = party("w");
    Party v = party("v");
    Party a = party("a");
    Sub w1 = w.createSub(Req.sub(site().circle(1000)));
    Sub w2 = w.createSub(Req.sub(site().circle(2000)));
    Sub wElsewhere = w.createSub(Req.sub(site().circle(500)).baseUrl(w.url() + "/other"));
    Sub v1 = v.createSub(Req.sub(site().circle(1000)));
    Sub own = a.createSub(Req.sub(site().circle(1000)));
    w.createSub(Req.sub(site().circle(4000, 0, 500)));

    Ref x = a.createOi(Req.oi(site().circle(200)));

    assertThat(x.resp().subscribers()).isEqualTo(Map.of(
        w.url(), Map.of(w1.id(), 1L, w2.id(), 1L),
        w.url() + "/other", Map.of(wElsewhere.id(), 1L),
        v.url(), Map.of(v1.id(), 1L),
        a.url(), Map.of(own.id(), 1L)));
  }

  @Test
  default void constraint_changes_notify_constraint_subscribers_only() {
    Party w = party("w");
    Party authority = party("authority");
    Party a = party("a");
    Sub forOis = w.createSub(Req.sub(site().circle(1000)));
    Sub forConstraints = w.createSub(Req.sub(site().circle(1000)).ois(false).constraints(true));

    Ref k = authority.createConstraint(Req.constraint(site().circle(300)));
    assertThat(k.resp().subscribers()).isEqualTo(Map.of(w.url(), Map.of(forConstraints.id(), 1L)));
    Resp updated = authority.putConstraint(k.id(), k.ovn(), Req.constraint(site().circle(4000, 0, 300))).expect(200);
    assertThat(updated.subscribers()).as("old extent counts").isEqualTo(Map.of(w.url(), Map.of(forConstraints.id(), 2L)));
    Ref x = a.createOi(Req.oi(site().circle(300)));
    assertThat(x.resp().subscribers()).isEqualTo(Map.of(w.url(), Map.of(forOis.id(), 1L)));
    String ovn = updated.constraint().path("ovn").asText();
    assertThat(authority.deleteConstraint(k.id(), ovn).expect(200).subscribers()).isEmpty();
    assertThat(w.sub(forConstraints.id()).notificationIndex()).isEqualTo(2);
  }

  @Test
  default void implicit_subscription_is_told_of_others_changes() {
    Party a = party("a");
    Party b = party("b");
    Ref x = a.createOi(Req.oi(site().circle(300)).newSub());
    UUID implicit = x.subscriptionId();
    assertThat(a.sub(implicit).notificationIndex()).isZero();

    Ref y = b.createOi(Req.oi(site().circle(200)).key(x.ovn()));

    assertThat(y.resp().subscribers()).isEqualTo(Map.of(a.url(), Map.of(implicit, 1L)));
    assertThat(a.sub(implicit).notificationIndex()).isEqualTo(1);
  }
}
