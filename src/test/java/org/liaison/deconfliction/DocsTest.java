package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OiState;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.deconfliction.Models.Subscription;
import org.liaison.geo.Circle;
import org.liaison.geo.Polygon;

/**
 * The row codec reads rows exactly as hubs stored them before it was separated from the ASTM
 * codec (these texts were written by that code), and writes them back byte for byte, so existing
 * databases open unchanged and no migration is needed.
 */
class DocsTest {
  static final String OI_ROW = "{\"id\":\"6f1c3e2a-1b2c-4d3e-8f4a-5b6c7d8e9f00\",\"manager\":\"alpha\",\"version\":3,"
      + "\"ovn\":\"Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MDEy\",\"state\":\"Activated\",\"uss_base_url\":\"https://alpha.example/uss\","
      + "\"subscription_id\":\"0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3\",\"extents\":[{\"volume\":{\"outline_polygon\":{\"vertices\":"
      + "[{\"lat\":52.1,\"lng\":4.3},{\"lat\":52.1,\"lng\":4.4},{\"lat\":52.2,\"lng\":4.35}]},"
      + "\"altitude_lower\":{\"value\":0.0,\"reference\":\"W84\",\"units\":\"M\"},"
      + "\"altitude_upper\":{\"value\":120.5,\"reference\":\"W84\",\"units\":\"M\"}},"
      + "\"time_start\":{\"value\":\"2026-12-07T18:00:00Z\",\"format\":\"RFC3339\"},"
      + "\"time_end\":{\"value\":\"2026-12-07T18:30:00.125Z\",\"format\":\"RFC3339\"}}],"
      + "\"start_text\":\"2026-12-07T18:00:00Z\",\"end_text\":\"2026-12-07T18:30:00.125Z\"}";

  static final String CONSTRAINT_ROW = "{\"id\":\"7a2b3c4d-5e6f-4a7b-9c8d-9eafb0c1d2e3\",\"manager\":\"bravo\",\"version\":1,"
      + "\"ovn\":\"b3ZuLWJyYXZv\",\"uss_base_url\":\"https://bravo.example\",\"extents\":[{\"volume\":{\"outline_circle\":"
      + "{\"center\":{\"lat\":-33.9,\"lng\":151.2},\"radius\":{\"value\":2500.0,\"units\":\"M\"}}},"
      + "\"time_start\":{\"value\":\"2026-12-07T18:00:00Z\",\"format\":\"RFC3339\"},"
      + "\"time_end\":{\"value\":\"2026-12-08T06:00:00Z\",\"format\":\"RFC3339\"}}],"
      + "\"start_text\":\"2026-12-07T18:00Z\",\"end_text\":\"2026-12-08T06:00:00.000Z\"}";

  static final String SUBSCRIPTION_ROW = "{\"id\":\"0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3\",\"manager\":\"alpha\",\"version\":2,"
      + "\"notification_index\":7,\"uss_base_url\":\"https://alpha.example/uss\",\"notify_for_operational_intents\":true,"
      + "\"notify_for_constraints\":false,\"implicit\":true,\"constraints_entitled\":false,\"extents\":[{\"volume\":"
      + "{\"outline_circle\":{\"center\":{\"lat\":52.15,\"lng\":4.35},\"radius\":{\"value\":900.0,\"units\":\"M\"}},"
      + "\"altitude_lower\":{\"value\":-10.0,\"reference\":\"W84\",\"units\":\"M\"},"
      + "\"altitude_upper\":{\"value\":400.0,\"reference\":\"W84\",\"units\":\"M\"}},"
      + "\"time_start\":{\"value\":\"2026-12-07T17:55:00Z\",\"format\":\"RFC3339\"},"
      + "\"time_end\":{\"value\":\"2026-12-07T19:00:00Z\",\"format\":\"RFC3339\"}}],"
      + "\"start_text\":\"2026-12-07T17:55:00Z\",\"end_text\":\"2026-12-07T19:00:00Z\"}";

  static final String AVAILABILITY_ROW = "{\"party\":\"alpha\",\"availability\":\"Down\",\"version\":4}";

  @Test
  void an_operational_intent_row_of_the_old_format_loads_and_is_written_back_unchanged() {
    OperationalIntent oi = Docs.oi(OI_ROW);
    assertThat(oi.id()).isEqualTo(UUID.fromString("6f1c3e2a-1b2c-4d3e-8f4a-5b6c7d8e9f00"));
    assertThat(oi.manager()).isEqualTo("alpha");
    assertThat(oi.version()).isEqualTo(3);
    assertThat(oi.state()).isEqualTo(OiState.Activated);
    assertThat(oi.subscriptionId()).isEqualTo(UUID.fromString("0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"));
    assertThat(oi.extents().volumes()).hasSize(1);
    var v = oi.extents().volumes().get(0);
    assertThat(v.outline()).isInstanceOf(Polygon.class);
    assertThat(((Polygon) v.outline()).vertices()).hasSize(3);
    assertThat(v.altitude().lower()).isEqualTo(0.0);
    assertThat(v.altitude().upper()).isEqualTo(120.5);
    assertThat(v.time().start()).isEqualTo(Instant.parse("2026-12-07T18:00:00Z"));
    assertThat(v.time().end()).isEqualTo(Instant.parse("2026-12-07T18:30:00.125Z"));
    assertThat(oi.extents().endText()).isEqualTo("2026-12-07T18:30:00.125Z");
    assertThat(Docs.oi(oi)).isEqualTo(OI_ROW);
  }

  @Test
  void a_constraint_row_without_altitudes_loads_unbounded_and_is_written_back_unchanged() {
    Constraint c = Docs.constraint(CONSTRAINT_ROW);
    var v = c.extents().volumes().get(0);
    assertThat(v.outline()).isInstanceOf(Circle.class);
    assertThat(((Circle) v.outline()).radiusM()).isEqualTo(2500.0);
    assertThat(v.altitude().lower()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(v.altitude().upper()).isEqualTo(Double.POSITIVE_INFINITY);
    // The texts are echoed as the client wrote them, not as the volume's instants.
    assertThat(c.extents().startText()).isEqualTo("2026-12-07T18:00Z");
    assertThat(Docs.constraint(c)).isEqualTo(CONSTRAINT_ROW);
  }

  @Test
  void subscription_and_availability_rows_round_trip() {
    Subscription s = Docs.subscription(SUBSCRIPTION_ROW);
    assertThat(s.notificationIndex()).isEqualTo(7);
    assertThat(s.implicit()).isTrue();
    assertThat(s.constraintsEntitled()).isFalse();
    assertThat(s.extents().volumes().get(0).altitude().lower()).isEqualTo(-10.0);
    assertThat(Docs.subscription(s)).isEqualTo(SUBSCRIPTION_ROW);
    PartyAvailability a = Docs.availability(AVAILABILITY_ROW);
    assertThat(a).isEqualTo(new PartyAvailability("alpha", Availability.Down, 4));
    assertThat(Docs.availability(a)).isEqualTo(AVAILABILITY_ROW);
  }

  @Test
  void a_subscription_stored_before_constraints_entitled_existed_is_entitled() {
    String old = SUBSCRIPTION_ROW.replace(",\"constraints_entitled\":false", "");
    assertThat(Docs.subscription(old).constraintsEntitled()).isTrue();
  }

  @Test
  void a_time_beyond_year_9999_as_instant_writes_it_loads() {
    String row = CONSTRAINT_ROW.replace("\"2026-12-08T06:00:00Z\"", "\"+10000-01-01T00:00:00Z\"");
    assertThat(Docs.constraint(row).extents().volumes().get(0).time().end())
        .isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
  }
}
