package org.liaison.deconfliction;

import org.liaison.astm.Times;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the hub behaves as InterUSS's DSS does (the default) and where {@code --strict-astm}
 * enforces the ASTM F3548-21 text instead; docs/compatibility.md lists each item. Every test runs
 * against the class's default hub and a strict hub on the same kind of store, and asserts the
 * exact status and the field the message names.
 */
interface InteropContract extends Contract {

  /** A hub on a store of the same kind, started with {@code --strict-astm}. */
  DssClient strictHub() throws Exception;

  /** The class's hub, in the default mode. */
  DssClient defaultHub();

  /** One of the two modes, with a party maker on its hub. */
  record Mode(String name, DssClient client, boolean strict, String tag) {
    Party party(String n, String... scopes) {
      String unique = n + "-" + tag;
      return scopes.length == 0 ? client.party(unique) : client.party(unique, scopes);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  default List<Mode> modes() throws Exception {
    return List.of(new Mode("default", defaultHub(), false, scene().tag()),
        new Mode("strict", strictHub(), true, scene().tag()));
  }

  // ---- 1. bounds every operational intent and constraint volume must carry (every mode)

  @Test
  default void operational_intent_volume_without_a_bound_is_400_naming_it() throws Exception {
    for (Mode m : modes()) {
      Party a = m.party("a");
      Vol v = site().circle(100);
      assertThat(a.putOi(fresh(), Req.oi(v.at(null, Duration.ofHours(1)))).expect(400).message()).as(m.name())
          .contains("extents[0].time_start is missing");
      assertThat(a.putOi(fresh(), Req.oi(v.at(Duration.ZERO, null))).expect(400).message()).as(m.name())
          .contains("extents[0].time_end is missing");
      assertThat(a.putOi(fresh(), Req.oi(v, v.alt(null, 120.0))).expect(400).message()).as(m.name())
          .contains("extents[1].volume.altitude_lower is missing");
      assertThat(a.putOi(fresh(), Req.oi(v.alt(0.0, null))).expect(400).message()).as(m.name())
          .contains("extents[0].volume.altitude_upper is missing");
      assertThat(a.queryOis(site().everything()).ids("operational_intent_references")).as(m.name()).isEmpty();
    }
  }

  @Test
  default void constraint_volume_needs_both_times_but_not_altitudes() throws Exception {
    for (Mode m : modes()) {
      Party a = m.party("a");
      Vol v = site().circle(100);
      assertThat(a.putConstraint(fresh(), Req.constraint(v.at(null, Duration.ofHours(1)))).expect(400).message())
          .as(m.name()).contains("extents[0].time_start is missing");
      assertThat(a.putConstraint(fresh(), Req.constraint(v.at(Duration.ZERO, null))).expect(400).message())
          .as(m.name()).contains("extents[0].time_end is missing");
      Ref k = a.createConstraint(Req.constraint(v.alt(null, null)));
      assertThat(a.queryConstraints(site().everything()).ids("constraint_references")).as(m.name())
          .containsExactly(k.id());
    }
  }

  @Test
  default void subscription_and_query_without_time_start_start_now() throws Exception {
    for (Mode m : modes()) {
      Party a = m.party("a");
      Sub s = a.createSub(Req.sub(site().circle(100).at(null, Duration.ofHours(1))));
      assertThat(s.json().at("/time_start/value").asText()).as(m.name())
          .isEqualTo(Times.now(clock().instant()));
      a.queryOis(site().circle(100).at(null, null)).expect(200);
    }
  }

  // ---- 2. the subscription answer lists only what the subscription asked for (every mode)

  @Test
  default void subscription_answer_omits_the_lists_it_did_not_ask_for() throws Exception {
    for (Mode m : modes()) {
      Party a = m.party("a");
      a.createConstraint(Req.constraint(site().circle(100)));
      a.createOi(Req.oi(site().circle(100)));

      Sub oisOnly = a.createSub(Req.sub(site().circle(200)).ois(true).constraints(false));
      assertThat(oisOnly.resp().body().has("constraint_references")).as(m.name()).isFalse();
      assertThat(oisOnly.resp().ids("operational_intent_references")).as(m.name()).hasSize(1);

      Sub csOnly = a.createSub(Req.sub(site().circle(200)).ois(false).constraints(true));
      assertThat(csOnly.resp().body().has("operational_intent_references")).as(m.name()).isFalse();
      assertThat(csOnly.resp().ids("constraint_references")).as(m.name()).hasSize(1);
    }
  }

  // ---- 4 and 9. one scope rule for notify_for_constraints, explicit and implicit

  @Test
  default void notify_for_constraints_without_constraint_processing_is_accepted_by_default_and_403_when_strict()
      throws Exception {
    for (Mode m : modes()) {
      Party sc = m.party("sc", DssClient.SC);
      Resp explicit = sc.putSub(fresh(), Req.sub(site().circle(200)).constraints(true));
      Resp implicit = sc.putOi(fresh(), Req.oi(site().circle(3000, 0, 100)).newSub(sc.url(), true));
      if (m.strict()) {
        assertThat(explicit.expect(403).message()).contains("notify_for_constraints")
            .contains(DssClient.CP);
        assertThat(implicit.expect(403).message()).contains("new_subscription.notify_for_constraints")
            .contains(DssClient.CP);
        assertThat(sc.querySubs(site().everything()).ids("subscriptions")).isEmpty();
      } else {
        assertThat(explicit.expect(200).subscription().path("notify_for_constraints").asBoolean()).isTrue();
        implicit.expect(201);
        assertThat(sc.querySubs(site().everything()).ids("subscriptions")).hasSize(2);
      }
    }
  }

  @Test
  default void constraint_changes_reach_only_subscriptions_whose_owner_may_process_constraints() {
    Party sc = party("sc", DssClient.SC);
    Party cp = party("cp", DssClient.SC, DssClient.CP);
    Party authority = party("authority", DssClient.CM);
    Sub unentitled = sc.createSub(Req.sub(site().circle(500)).constraints(true));
    Sub entitled = cp.createSub(Req.sub(site().circle(500)).constraints(true));

    Resp k = authority.putConstraint(fresh(), Req.constraint(site().circle(100))).expect(201);

    assertThat(k.subscribers()).containsOnlyKeys(cp.url());
    assertThat(k.subscribers().get(cp.url())).containsOnlyKeys(entitled.id());
    assertThat(sc.sub(unentitled.id()).notificationIndex()).isEqualTo(unentitled.notificationIndex());
    // Nor does the unentitled subscription's own answer list constraints, or its key need them.
    assertThat(sc.createSub(Req.sub(site().circle(500)).constraints(true)).resp().ids("constraint_references"))
        .isEmpty();
    sc.putOi(fresh(), Req.oi(site().circle(100)).newSub(sc.url(), true)).expect(201);
  }

  // ---- 5. a Down USS cannot declare or delete (every mode)

  @Test
  default void down_uss_gets_412_until_it_is_normal_again() throws Exception {
    for (Mode m : modes()) {
      Party a = m.party("a");
      Party arbiter = m.party("arbiter", DssClient.AA, DssClient.SC);
      Ref x = a.createOi(Req.oi(site().circle(100)));
      String v = arbiter.setAvailability(a.name, "", "Down").expect(200).at("/version").asText();

      assertThat(a.putOi(fresh(), Req.oi(site().circle(3000, 0, 100))).expect(412).message()).as(m.name())
          .contains("uss_availability").contains(a.name).contains("Down");
      assertThat(a.putOi(x.id(), x.ovn(), Req.oi(site().circle(100)).state("Activated").newSub())
          .expect(412).message()).as(m.name()).contains("uss_availability");
      assertThat(a.deleteOi(x.id(), x.ovn()).expect(412).message()).as(m.name()).contains("uss_availability");
      assertThat(a.getOi(x.id()).expect(200).oi().path("ovn").asText()).isEqualTo(x.ovn());

      arbiter.setAvailability(a.name, v, "Normal").expect(200);
      a.putOi(fresh(), Req.oi(site().circle(3000, 0, 100))).expect(201);
      a.deleteOi(x.id(), x.ovn()).expect(200);
    }
  }

  // ---- 6. an area too large is the spec's 413 where the spec lists it (every mode)

  @Test
  default void area_too_large_is_413_for_references_and_queries_and_400_for_subscriptions() throws Exception {
    for (Mode m : modes()) {
      Party a = m.party("a");
      Vol huge = site().square(0, 0, 30_000);
      assertThat(a.putOi(fresh(), Req.oi(huge)).expect(413).message()).as(m.name())
          .contains("extents[0].volume.outline_polygon area");
      assertThat(a.putOi(fresh(), Req.oi(site().circle(30_000))).expect(413).message()).as(m.name())
          .contains("extents[0].volume.outline_circle.radius.value 30000");
      assertThat(a.putConstraint(fresh(), Req.constraint(huge)).expect(413).message()).as(m.name())
          .contains("extents[0].volume.outline_polygon area");
      Vol hugeArea = huge.alt(null, null).at(null, null);
      assertThat(a.queryOis(hugeArea).expect(413).message()).as(m.name())
          .contains("area_of_interest.volume.outline_polygon area");
      assertThat(a.queryConstraints(hugeArea).expect(413).message()).as(m.name())
          .contains("area_of_interest.volume.outline_polygon area");
      assertThat(a.querySubs(hugeArea).expect(413).message()).as(m.name())
          .contains("area_of_interest.volume.outline_polygon area");
      // createSubscription lists no 413.
      assertThat(a.putSub(fresh(), Req.sub(huge)).expect(400).message()).as(m.name())
          .contains("extents.volume.outline_polygon area");
    }
  }

  // ---- 7. only the operation as a whole must not have ended (default); each volume (strict)

  @Test
  default void volumes_that_already_ended_are_accepted_while_the_operation_goes_on() throws Exception {
    for (Mode m : modes()) {
      Party a = m.party("a");
      Vol ended = site().circle(100).hours(-2, -1);
      Vol current = site().circle(100).hours(-1, 1);
      Resp r = a.putOi(fresh(), Req.oi(ended, current));
      Resp k = a.putConstraint(fresh(), Req.constraint(ended, current));
      if (m.strict()) {
        assertThat(r.expect(400).message()).contains("extents[0].time_end").contains("is in the past");
        assertThat(k.expect(400).message()).contains("extents[0].time_end").contains("is in the past");
      } else {
        assertThat(Ref.oi(r.expect(201)).json().at("/time_start/value").asText())
            .isEqualTo(Vol.text(clock().instant().minus(Duration.ofHours(2))));
        k.expect(201);
      }
      // Every volume ended: refused in both modes, by default naming the one that ends last.
      assertThat(a.putOi(fresh(), Req.oi(current.hours(-3, -2), ended)).expect(400).message()).as(m.name())
          .contains(m.strict() ? "extents[0].time_end" : "extents[1].time_end").contains("is in the past");
    }
  }

  @Test
  default void resending_all_volumes_of_an_operation_in_flight_succeeds_by_default() throws Exception {
    for (Mode m : modes()) {
      Party a = m.party("a");
      Req.OiReq both = Req.oi(site().circle(100).hours(0, 1), site().circle(100).hours(1, 3));
      Ref x = a.createOi(both);
      Duration ninety = Duration.ofMinutes(90);
      // The same absolute times, sent 90 minutes later, when the first volume has ended.
      Req.OiReq later = Req.oi(site().circle(100).at(ninety.negated(), Duration.ofMinutes(-30)),
          site().circle(100).at(Duration.ofMinutes(-30), Duration.ofMinutes(90)));
      clock().advance(ninety);
      try {
        // Tokens last an hour: the party signs in again after the clock moved.
        Resp r = m.party("a").putOi(x.id(), x.ovn(), later.state("Activated").newSub());
        if (m.strict()) {
          assertThat(r.expect(400).message()).contains("extents[0].time_end").contains("is in the past");
        } else {
          assertThat(r.expect(200).oi().path("state").asText()).isEqualTo("Activated");
        }
      } finally {
        clock().advance(ninety.negated());
      }
    }
  }

  // ---- 8. a subscription may start up to 5 minutes after the operation it covers (default)

  @Test
  default void subscription_starting_minutes_after_the_operation_covers_it_by_default() throws Exception {
    for (Mode m : modes()) {
      Party a = m.party("a");
      Sub threeLate = a.createSub(Req.sub(site().circle(500).at(Duration.ofMinutes(3), Duration.ofHours(2))));
      Sub sixLate = a.createSub(Req.sub(site().circle(500).at(Duration.ofMinutes(6), Duration.ofHours(2))));
      Req.OiReq op = Req.oi(site().circle(100).at(Duration.ZERO, Duration.ofHours(1))).state("Accepted");

      Resp r = a.putOi(fresh(), op.sub(threeLate.id()));
      if (m.strict()) {
        assertThat(r.expect(400).message()).contains("subscription " + threeLate.id())
            .contains("does not cover extents[0]");
      } else {
        assertThat(Ref.oi(r.expect(201)).subscriptionId()).isEqualTo(threeLate.id());
      }
      assertThat(a.putOi(fresh(), op.sub(sixLate.id())).expect(400).message()).as(m.name())
          .contains("does not cover extents[0]");
    }
  }

  @Test
  default void subscription_update_keeps_the_same_tolerance_for_its_dependents() throws Exception {
    for (Mode m : modes()) {
      Party a = m.party("a");
      Sub s = a.createSub(Req.sub(site().circle(500).at(Duration.ZERO, Duration.ofHours(2))));
      a.createOi(Req.oi(site().circle(100).at(Duration.ofMinutes(1), Duration.ofHours(1))).sub(s.id()));

      Resp moved = a.putSub(s.id(), s.version(),
          Req.sub(site().circle(500).at(Duration.ofMinutes(4), Duration.ofHours(2))));
      if (m.strict()) {
        assertThat(moved.expect(400).message()).contains("does not cover extents[0]");
      } else {
        moved.expect(200);
      }
    }
  }

  // ---- 10. a trailing '/' in uss_base_url is kept by default and refused when strict

  @Test
  default void base_url_with_a_trailing_slash_is_kept_by_default_and_400_when_strict() throws Exception {
    for (Mode m : modes()) {
      Party a = m.party("a");
      String url = "https://" + a.name + ".example/uss/";
      Resp oi = a.putOi(fresh(), Req.oi(site().circle(100)).baseUrl(url).newSub(url, false));
      Resp sub = a.putSub(fresh(), Req.sub(site().circle(100)).baseUrl(url));
      Resp k = a.putConstraint(fresh(), Req.constraint(site().circle(100)).baseUrl(url));
      if (m.strict()) {
        String named = "uss_base_url \"" + url + "\" must not end with '/'";
        assertThat(oi.expect(400).message()).contains(named);
        assertThat(sub.expect(400).message()).contains(named);
        assertThat(k.expect(400).message()).contains(named);
        assertThat(a.putOi(fresh(), Req.oi(site().circle(100)).newSub(url, false)).expect(400).message())
            .contains("new_subscription." + named);
      } else {
        assertThat(oi.expect(201).oi().path("uss_base_url").asText()).isEqualTo(url);
        assertThat(sub.expect(200).subscription().path("uss_base_url").asText()).isEqualTo(url);
        assertThat(k.expect(201).constraint().path("uss_base_url").asText()).isEqualTo(url);
      }
    }
  }

  // ---- 6. setUssAvailability lists no 409: a stale old_version is InterUSS's 409 by default, 400 when strict

  @Test
  default void stale_availability_version_is_409_by_default_and_400_when_strict() throws Exception {
    for (Mode m : modes()) {
      Party a = m.party("a");
      Party arbiter = m.party("arbiter", DssClient.AA, DssClient.SC);
      String v1 = arbiter.setAvailability(a.name, "", "Normal").expect(200).at("/version").asText();
      Resp stale = arbiter.setAvailability(a.name, "", "Down").expect(m.strict() ? 400 : 409);
      assertThat(stale.message()).as(m.name()).contains("old_version \"\"").contains("\"" + v1 + "\"");
      assertThat(a.getAvailability(a.name).at("/status/availability").asText()).isEqualTo("Normal");
    }
  }

  // ---- 11. InterUSS's auxiliary API

  @Test
  default void aux_version_answers_without_a_token() throws Exception {
    for (Mode m : modes()) {
      Resp r = m.client().send("GET", "/aux/v1/version", null, null).expect(200);
      assertThat(r.at("/version").asText()).as(m.name()).startsWith("liaison-");
    }
  }

  @Test
  default void aux_validate_oauth_checks_the_token_the_scope_and_the_owner() throws Exception {
    String read = "dss.read.identification_service_areas";
    String write = "dss.write.identification_service_areas";
    for (Mode m : modes()) {
      Party reader = m.party("uss1", read);
      Party writer = m.party("uss2", write);
      Resp ok = reader.send("GET", "/aux/v1/validate_oauth?owner=" + reader.name, null).expect(200);
      assertThat(ok.body().isObject() && ok.body().isEmpty()).as(m.name()).isTrue();
      writer.send("GET", "/aux/v1/validate_oauth?owner=" + writer.name, null).expect(200);
      reader.send("GET", "/aux/v1/validate_oauth", null).expect(200);

      Resp mismatch = reader.send("GET", "/aux/v1/validate_oauth?owner=someone-else", null).expect(403);
      assertThat(mismatch.message()).as(m.name()).contains("someone-else").contains(reader.name);
      m.party("sc", DssClient.SC).send("GET", "/aux/v1/validate_oauth?owner=x", null).expect(403);
      m.client().send("GET", "/aux/v1/validate_oauth?owner=x", null, null).expect(401);
    }
  }
}
