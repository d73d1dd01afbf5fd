package org.liaison.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;

/**
 * ASTM F3548 request bodies, written with a StringBuilder: the client shares the machine with the
 * hub, so it should spend as little CPU as it can on building requests.
 */
final class Payloads {
  static final double METRES_PER_DEGREE = 111_195.0;

  private Payloads() {}

  /** A circular 4D volume: where, how high and when. */
  record Volume(double lat, double lng, double radiusM, double altLower, double altUpper, Instant start, Instant end) {}

  static String volume(Volume v) {
    StringBuilder b = new StringBuilder(400);
    volume(b, v);
    return b.toString();
  }

  private static void volume(StringBuilder b, Volume v) {
    b.append("{\"volume\":{\"outline_circle\":{\"center\":{\"lat\":").append(num(v.lat)).append(",\"lng\":")
        .append(num(v.lng)).append("},\"radius\":{\"value\":").append(num(v.radiusM))
        .append(",\"units\":\"M\"}},\"altitude_lower\":{\"value\":").append(num(v.altLower))
        .append(",\"reference\":\"W84\",\"units\":\"M\"},\"altitude_upper\":{\"value\":").append(num(v.altUpper))
        .append(",\"reference\":\"W84\",\"units\":\"M\"}},\"time_start\":{\"value\":\"").append(v.start)
        .append("\",\"format\":\"RFC3339\"},\"time_end\":{\"value\":\"").append(v.end)
        .append("\",\"format\":\"RFC3339\"}}");
  }

  /** Body of {@code PUT /dss/v1/operational_intent_references/{id}}: a new Accepted notice. */
  static byte[] createNotice(Volume v, Collection<String> key, String ussBaseUrl) {
    StringBuilder b = new StringBuilder(512 + 40 * key.size());
    b.append("{\"extents\":[");
    volume(b, v);
    b.append("],\"key\":[");
    boolean first = true;
    for (String k : key) {
      b.append(first ? "" : ",").append('"').append(k).append('"');
      first = false;
    }
    b.append("],\"state\":\"Accepted\",\"uss_base_url\":\"").append(ussBaseUrl).append("\"}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Body of {@code POST /dss/v1/operational_intent_references/query}. */
  static byte[] query(Volume v) {
    StringBuilder b = new StringBuilder(420);
    b.append("{\"area_of_interest\":");
    volume(b, v);
    b.append('}');
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String num(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    // Shortest round-trip form; JSON accepts its exponent notation too.
    return Double.toString(d);
  }

  /** Degrees of latitude spanned by {@code metres} north-south. */
  static double dLat(double metres) {
    return metres / METRES_PER_DEGREE;
  }

  /** Degrees of longitude spanned by {@code metres} east-west at {@code lat}. */
  static double dLng(double metres, double lat) {
    return metres / (METRES_PER_DEGREE * Math.cos(Math.toRadians(lat)));
  }
}
