package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /dss/v1/reports}: an ASTM {@code ErrorReport} is validated as the spec says (every
 * required field and type of it and of its {@code ExchangeRecord}), with a 400 naming the field.
 */
interface ReportContract extends Contract {

  @Test
  default void a_complete_report_is_201_with_a_report_id_and_the_report_echoed() {
    Resp r = party("a").report(ErrorReportCases.valid()).expect(201);

    assertThat(r.at("/report_id").asText()).isNotBlank().hasSizeLessThanOrEqualTo(128);
    assertThat(r.at("/exchange/problem").asText()).isEqualTo("timed out");
    assertThat(r.at("/exchange/request_source").asText()).isEqualTo("node of A, office 3");
  }

  @Test
  default void a_report_with_only_the_required_fields_is_201() {
    Resp r = party("a").report(ErrorReportCases.minimal()).expect(201);

    assertThat(r.at("/exchange/request_time/value").asText()).isEqualTo("2030-01-01T10:00:00Z");
  }

  @Test
  default void request_source_may_be_any_string_since_the_spec_leaves_it_undefined() {
    Party a = party("a");
    for (String source : new String[] {"", "https://a.example", "10.0.0.7:4431", "operator console, Tuesday"}) {
      ObjectNode r = ErrorReportCases.valid();
      ((ObjectNode) r.get("exchange")).put("request_source", source);
      assertThat(a.report(r).expect(201).at("/exchange/request_source").asText()).isEqualTo(source);
    }
  }

  @Test
  default void a_report_id_given_by_the_reporter_is_replaced_by_the_hubs() {
    ObjectNode r = ErrorReportCases.valid().put("report_id", "mine");

    assertThat(party("a").report(r).expect(201).at("/report_id").asText()).isNotEqualTo("mine").isNotBlank();
  }

  @Test
  default void every_missing_or_mistyped_field_is_400_naming_it() {
    Party a = party("a");
    for (ErrorReportCases.Case c : ErrorReportCases.bad()) {
      Resp r = a.report(c.body());
      assertThat(r.status()).as(c.name() + ": " + r.raw()).isEqualTo(400);
      assertThat(r.message()).as(c.name()).contains(c.field());
    }
  }

  @Test
  default void a_report_without_a_token_is_401_and_with_no_fitting_scope_403() {
    scene().client().send("POST", "/dss/v1/reports", ErrorReportCases.valid(), null).expect(401);
    party("x", "some.other_scope").report(ErrorReportCases.valid()).expect(403);
    // Any F3548 scope may report.
    party("cmsa", DssClient.CMSA).report(ErrorReportCases.valid()).expect(201);
  }
}
