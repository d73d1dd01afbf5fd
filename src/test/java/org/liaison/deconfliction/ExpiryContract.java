package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** References and subscriptions that ended long enough ago are removed; live ones stay. */
interface ExpiryContract extends Contract {

  /** Runs the hub's expiry now, as its housekeeping does every minute; returns how many went. */
  int expire();

  @Test
  default void ended_references_and_subscriptions_expire_and_live_ones_stay() {
    Party a = party("a");
    Party w = party("w");
    Party authority = party("authority");
    Ref ended = a.createOi(Req.oi(site().circle(300).hours(0, 1)).newSub());
    Ref endedConstraint = authority.createConstraint(Req.constraint(site().circle(-3000, 0, 300).hours(0, 1)));
    Sub endedWatch = w.createSub(Req.sub(site().circle(3000, 0, 300).hours(0, 1)));
    Sub usedWatch = a.createSub(Req.sub(site().circle(-6000, 0, 1000).hours(0, 1)));
    Ref covered = a.createOi(Req.oi(site().circle(-6000, 0, 300).hours(0.5, 1)).sub(usedWatch.id()));
    Ref longer = a.createOi(Req.oi(site().circle(6000, 0, 300).hours(0, 4)).newSub());

    // Ended, but within the grace period: nothing of ours goes.
    clock().advance(Duration.ofMinutes(90));
    expire();
    a = party("a"); // tokens last an hour: fresh ones at the new time
    a.getOi(ended.id()).expect(200);

    clock().advance(Airspace.EXPIRY_GRACE);
    int removed = expire();
    a = party("a");
    w = party("w");
    authority = party("authority");

    // Ours: three references, the implicit subscription and two watches; the hub's clock is
    // shared with other tests, whose ended things may go too.
    assertThat(removed).isGreaterThanOrEqualTo(6);
    a.getOi(ended.id()).expect(404);
    a.getSub(ended.subscriptionId()).expect(404);
    authority.getConstraint(endedConstraint.id()).expect(404);
    w.getSub(endedWatch.id()).expect(404);
    a.getOi(covered.id()).expect(404);
    a.getSub(usedWatch.id()).expect(404);
    a.getOi(longer.id()).expect(200);
    a.getSub(longer.subscriptionId()).expect(200);
    assertThat(expire()).as("a second run finds nothing left").isZero();
  }
}
