package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every {@code /dss/v1} endpoint on its happy path: answers, field types and what others see. */
interface EndpointContract extends Contract {

  @Test
  default void create_oi_answers_201_with_version_1_owner_ovn_and_nil_subscription() {
    Party a = party("a");
    UUID id = fresh();
    Resp r = a.putOi(id, Req.oi(site().circle(200))).expect(201);

    JsonNode oi = r.oi();
    assertThat(oi.path("id").asText()).isEqualTo(id.toString());
    assertThat(oi.path("manager").asText()).isEqualTo(a.name);
    assertThat(oi.path("version").isIntegralNumber()).as("OIR version is an integer").isTrue();
    assertThat(oi.path("version").asLong()).isEqualTo(1);
    assertThat(oi.path("state").asText()).isEqualTo("Accepted");
    assertThat(oi.path("ovn").asText()).hasSizeBetween(16, 128).isNotEqualTo(HIDDEN);
    assertThat(oi.path("subscription_id").asText()).isEqualTo("00000000-0000-4000-8000-000000000000");
    assertThat(oi.path("uss_base_url").asText()).isEqualTo(a.url());
    assertThat(oi.path("uss_availability").asText()).isEqualTo("Unknown");
    assertThat(r.body().path("subscribers").isArray()).isTrue();
    assertThat(r.body().path("subscribers")).isEmpty();
  }

  @Test
  default void get_oi_shows_the_ovn_to_its_owner_only() {
    Party a = party("a");
    Party b = party("b");
    Ref x = a.createOi(Req.oi(site().circle(200)));

    assertThat(a.getOi(x.id()).expect(200).oi().path("ovn").asText()).isEqualTo(x.ovn());
    JsonNode seenByB = b.getOi(x.id()).expect(200).oi();
    assertThat(seenByB.path("ovn").asText()).isEqualTo(HIDDEN);
    assertThat(seenByB.path("manager").asText()).isEqualTo(a.name);
    JsonNode queriedByB = b.queryOis(site().everything()).expect(200).body().path("operational_intent_references");
    assertThat(queriedByB).hasSize(1);
    assertThat(queriedByB.get(0).path("ovn").asText()).isEqualTo(HIDDEN);
  }

  @Test
  default void update_oi_with_current_ovn_answers_200_with_a_new_ovn_and_next_version() {
    Party a = party("a");
    Ref x = a.createOi(Req.oi(site().circle(200)));

    Resp r = a.putOi(x.id(), x.ovn(), Req.oi(site().circle(300).hours(0, 2))).expect(200);

    assertThat(r.oi().path("version").asLong()).isEqualTo(2);
    assertThat(r.oi().path("ovn").asText()).isNotEqualTo(x.ovn()).hasSizeBetween(16, 128);
    assertThat(a.getOi(x.id()).oi()).isEqualTo(r.oi());
  }

  @Test
  default void delete_oi_answers_200_with_the_reference_then_it_is_gone() {
    Party a = party("a");
    Ref x = a.createOi(Req.oi(site().circle(200)));

    Resp r = a.deleteOi(x.id(), x.ovn()).expect(200);

    assertThat(r.oi().path("id").asText()).isEqualTo(x.id().toString());
    a.getOi(x.id()).expect(404);
    assertThat(a.queryOis(site().everything()).ids("operational_intent_references")).isEmpty();
    a.deleteOi(x.id(), x.ovn()).expect(404);
  }

  @Test
  default void query_ois_filters_by_area_time_and_altitude() {
    Party a = party("a");
    Ref x = a.createOi(Req.oi(site().circle(200).alt(0.0, 100.0).hours(1, 2)));
    Ref y = a.createOi(Req.oi(site().circle(3000, 0, 200).alt(0.0, 100.0).hours(1, 2)));

    assertThat(ids(a, site().everything())).containsExactlyInAnyOrder(x.id(), y.id());
    assertThat(ids(a, site().circle(500).alt(null, null).at(null, null))).containsExactly(x.id());
    assertThat(ids(a, site().circle(0, 3000, 500).alt(null, null).at(null, null))).isEmpty();
    // Time: half-open windows, so touching either end is not an overlap.
    assertThat(ids(a, site().circle(500).alt(null, null).hours(1.5, 1.6))).containsExactly(x.id());
    assertThat(ids(a, site().circle(500).alt(null, null).hours(2, 3))).isEmpty();
    assertThat(ids(a, site().circle(500).alt(null, null).hours(0, 1))).isEmpty();
    // Altitude: bands that only touch do not overlap.
    assertThat(ids(a, site().circle(500).alt(50.0, 60.0).at(null, null))).containsExactly(x.id());
    assertThat(ids(a, site().circle(500).alt(100.0, 200.0).at(null, null))).isEmpty();
    assertThat(ids(a, site().circle(500).alt(-50.0, 0.0).at(null, null))).isEmpty();
  }

  private List<UUID> ids(Party p, Vol area) {
    return p.queryOis(area).expect(200).ids("operational_intent_references");
  }

  @Test
  default void constraint_reference_create_get_update_query_delete() {
    Party a = party("a");
    Party b = party("b");
    UUID id = fresh();

    Resp created = a.putConstraint(id, Req.constraint(site().circle(500))).expect(201);
    JsonNode c = created.constraint();
    assertThat(c.path("version").isIntegralNumber()).isTrue();
    assertThat(c.path("version").asLong()).isEqualTo(1);
    assertThat(c.path("manager").asText()).isEqualTo(a.name);
    assertThat(c.path("uss_base_url").asText()).isEqualTo(a.url());
    String ovn = c.path("ovn").asText();
    assertThat(ovn).hasSizeBetween(16, 128).isNotEqualTo(HIDDEN);
    assertThat(b.getConstraint(id).expect(200).constraint().path("ovn").asText()).isEqualTo(HIDDEN);
    assertThat(a.getConstraint(id).expect(200).constraint().path("ovn").asText()).isEqualTo(ovn);

    Resp updated = a.putConstraint(id, ovn, Req.constraint(site().circle(2000, 0, 500))).expect(200);
    assertThat(updated.constraint().path("version").asLong()).isEqualTo(2);
    String ovn2 = updated.constraint().path("ovn").asText();
    assertThat(ovn2).isNotEqualTo(ovn);
    assertThat(b.queryConstraints(site().circle(2000, 0, 100).alt(null, null).at(null, null)).expect(200)
        .ids("constraint_references")).containsExactly(id);
    assertThat(b.queryConstraints(site().circle(100).alt(null, null).at(null, null)).expect(200)
        .ids("constraint_references")).isEmpty();

    a.deleteConstraint(id, ovn2).expect(200);
    a.getConstraint(id).expect(404);
  }

  @Test
  default void subscription_create_get_update_query_delete() {
    Party w = party("w");
    Party other = party("other");
    UUID id = fresh();

    // The spec's createSubscription answers 200, not 201, and InterUSS's test suite insists.
    Resp created = w.putSub(id, Req.sub(site().circle(1000))).expect(200);
    JsonNode s = created.subscription();
    assertThat(s.path("id").asText()).isEqualTo(id.toString());
    assertThat(s.path("version").isTextual()).as("subscription version is a string").isTrue();
    assertThat(s.path("version").asText()).isEqualTo("1");
    assertThat(s.path("notification_index").isIntegralNumber()).isTrue();
    assertThat(s.path("notification_index").asLong()).isZero();
    assertThat(s.path("implicit_subscription").asBoolean()).isFalse();
    assertThat(s.path("notify_for_operational_intents").asBoolean()).isTrue();
    assertThat(s.path("uss_base_url").asText()).isEqualTo(w.url());
    assertThat(w.getSub(id).expect(200).subscription()).isEqualTo(s);

    Resp updated = w.putSub(id, "1", Req.sub(site().circle(2000)).constraints(true)).expect(200);
    assertThat(updated.subscription().path("version").asText()).isEqualTo("2");
    assertThat(updated.subscription().path("notify_for_constraints").asBoolean()).isTrue();

    other.createSub(Req.sub(site().circle(1000)));
    assertThat(w.querySubs(site().everything()).expect(200).ids("subscriptions"))
        .as("a query answers the caller's own subscriptions only").containsExactly(id);

    Resp deleted = w.deleteSub(id, "2").expect(200);
    assertThat(deleted.subscription().path("id").asText()).isEqualTo(id.toString());
    w.getSub(id).expect(404);
  }

  @Test
  default void report_answers_201_with_a_report_id_and_the_report() {
    Party a = party("a");
    ObjectNode report = ErrorReportCases.valid();

    Resp r = a.report(report).expect(201);

    assertThat(r.at("/report_id").asText()).isNotBlank();
    assertThat(r.at("/exchange/problem").asText()).isEqualTo("timed out");
  }

  @Test
  default void a_party_with_a_long_name_can_report() {
    ObjectNode report = ErrorReportCases.minimal();
    // A token's sub has no length limit; PostgreSQL once refused names over 255 characters.
    Party p = party("urn:example:uss:" + "x".repeat(300), DssClient.SC);

    assertThat(p.report(report).expect(201).at("/report_id").asText()).isNotBlank();
  }

  @Test
  default void times_are_echoed_in_utc_at_the_precision_given() {
    Party a = party("a");
    Instant base = clock().instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    String start = DateTimeFormatter.ISO_INSTANT.format(base);                   // no fraction
    String end = DateTimeFormatter.ISO_INSTANT.format(base.plusSeconds(3600)).replace("Z", ".50Z");
    Ref x = a.createOi(Req.oi(site().circle(100).times(start, end)));
    assertThat(x.json().at("/time_start/value").asText()).isEqualTo(start);
    assertThat(x.json().at("/time_end/value").asText()).isEqualTo(end);
    assertThat(x.json().at("/time_start/format").asText()).isEqualTo("RFC3339");

    // An offset is turned into UTC, keeping the digits given.
    String plus2 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").format(base.atOffset(ZoneOffset.ofHours(2)))
        + ".123+02:00";
    String utc = DateTimeFormatter.ISO_INSTANT.format(base).replace("Z", ".123Z");
    Ref y = a.createOi(Req.oi(site().circle(2000, 0, 100).times(plus2, end)));
    assertThat(y.json().at("/time_start/value").asText()).isEqualTo(utc);
    assertThat(a.getOi(y.id()).oi().at("/time_start/value").asText()).isEqualTo(utc);

    // Several volumes: the reference spans the earliest start to the latest end.
    Ref z = a.createOi(Req.oi(site().circle(-2000, 0, 100).times(start, end),
        site().circle(-2000, 0, 100).alt(200.0, 300.0).hours(0.25, 5)));
    assertThat(z.json().at("/time_start/value").asText()).isEqualTo(Vol.text(clock().instant().plusSeconds(900)));
    assertThat(z.json().at("/time_end/value").asText()).isEqualTo(Vol.text(clock().instant().plusSeconds(5 * 3600)));

    Sub s = a.createSub(Req.sub(site().circle(100).times(start, end)));
    assertThat(s.json().at("/time_start/value").asText()).isEqualTo(start);
    assertThat(s.json().at("/time_end/value").asText()).isEqualTo(end);
  }
}
