package org.liaison.publication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.regex.Pattern;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;
import org.liaison.json.ObjectView;

/**
 * How the hub aggregates and writes danger areas. Validated on construction, with messages that
 * name the field and the value.
 *
 * @param fir the ICAO location indicator of the flight information region (item A and the Q-line)
 * @param series the NOTAM series letter
 * @param bufferM horizontal padding around every volume, metres
 * @param verticalBufferFt padding below and above every altitude band, feet
 * @param maxVertices most vertices of a published outline
 * @param timeStepMinutes times are rounded outward to a multiple of this many minutes
 */
public record PublicationConfig(
    String fir, String series, double bufferM, int verticalBufferFt, int maxVertices, int timeStepMinutes) {

  /** Below this, rounding and simplification could leave part of a volume outside its area. */
  static final double MIN_BUFFER_M = 1000;
  static final double MAX_BUFFER_M = 50_000;
  static final int MIN_VERTICES = 4;
  static final int MAX_VERTICES = 200;
  private static final Pattern FIR = Pattern.compile("[A-Z]{4}");
  private static final Pattern SERIES = Pattern.compile("[A-Z]");
  private static final Set<String> FIELDS =
      Set.of("fir", "series", "buffer_m", "vertical_buffer_ft", "max_vertices", "time_step_minutes");

  /** 3 NM and 500 ft: the FAA's separation from active special-use airspace. */
  public static final PublicationConfig DEFAULTS = new PublicationConfig("XXXX", "D", 5556, 500, 12, 15);

  public PublicationConfig {
    if (fir == null || !FIR.matcher(fir).matches()) {
      throw ApiException.badRequest("fir \"%s\" is not an ICAO location indicator (four letters A-Z)", fir);
    }
    if (series == null || !SERIES.matcher(series).matches()) {
      throw ApiException.badRequest("series \"%s\" is not a NOTAM series (one letter A-Z)", series);
    }
    if (!(bufferM >= MIN_BUFFER_M && bufferM <= MAX_BUFFER_M)) {
      throw ApiException.badRequest("buffer_m %s is outside [%.0f, %.0f]", bufferM, MIN_BUFFER_M, MAX_BUFFER_M);
    }
    if (verticalBufferFt < 0 || verticalBufferFt > 10_000) {
      throw ApiException.badRequest("vertical_buffer_ft %d is outside [0, 10000]", verticalBufferFt);
    }
    if (maxVertices < MIN_VERTICES || maxVertices > MAX_VERTICES) {
      throw ApiException.badRequest("max_vertices %d is outside [%d, %d]", maxVertices, MIN_VERTICES, MAX_VERTICES);
    }
    if (timeStepMinutes < 1 || timeStepMinutes > 60 || 60 % timeStepMinutes != 0) {
      throw ApiException.badRequest("time_step_minutes %d must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60)",
          timeStepMinutes);
    }
  }

  /** These settings with the fields {@code body} gives changed; unknown fields are refused. */
  PublicationConfig with(JsonNode json) {
    ObjectView body = ObjectView.of(json).onlyKnown(FIELDS);
    return new PublicationConfig(
        body.string("fir", fir), body.string("series", series),
        body.number("buffer_m", bufferM), (int) body.integer("vertical_buffer_ft", Integer.MIN_VALUE, Integer.MAX_VALUE, verticalBufferFt),
        (int) body.integer("max_vertices", Integer.MIN_VALUE, Integer.MAX_VALUE, maxVertices),
        (int) body.integer("time_step_minutes", Integer.MIN_VALUE, Integer.MAX_VALUE, timeStepMinutes));
  }

  ObjectNode toJson() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("fir", fir);
    n.put("series", series);
    n.put("buffer_m", bufferM);
    n.put("vertical_buffer_ft", verticalBufferFt);
    n.put("max_vertices", maxVertices);
    n.put("time_step_minutes", timeStepMinutes);
    return n;
  }
}
