package org.liaison.astm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.liaison.errors.ApiException;

/**
 * The ASTM F3548 {@code ErrorReport} as both report endpoints take it (the hub's {@code POST
 * /dss/v1/reports} and a node's {@code POST /uss/v1/reports}): every required field of it and of
 * its {@code ExchangeRecord}, and the type of every field given, checked before anything is kept.
 * A failure is a 400 whose message names the field and the value.
 *
 * <p>{@code request_source} is required by the spec but left undefined there: any string is
 * accepted.
 */
public final class ErrorReports {
  private static final String EX = "exchange";

  private ErrorReports() {}

  /**
   * A copy of {@code body}, checked. The caller adds its {@code report_id}; one the reporter
   * filled in (the spec says it is not populated when submitting) is checked only for its type.
   */
  public static ObjectNode validate(JsonNode body) {
    Wire.object(body, "body");
    JsonNode reportId = body.get("report_id");
    if (reportId != null && !reportId.isNull()) {
      if (!reportId.isTextual()) {
        throw ApiException.badRequest("report_id must be a string, got %s", Wire.describe(reportId));
      }
      if (reportId.textValue().length() > 128) {
        throw ApiException.badRequest("report_id \"%s\" is longer than 128 characters", Times.truncate(reportId.textValue()));
      }
    }
    JsonNode ex = Wire.object(Wire.required(body, EX, ""), EX);
    Wire.text(ex, "url", EX);
    Wire.text(ex, "method", EX);
    String role = Wire.text(ex, "recorder_role", EX);
    if (!role.equals("Client") && !role.equals("Server")) {
      throw ApiException.badRequest("exchange.recorder_role \"%s\" is not Client or Server", Times.truncate(role));
    }
    time(ex, "request_time", true);
    Wire.text(ex, "request_source", EX);
    JsonNode headers = ex.get("headers");
    if (headers != null && !headers.isNull()) {
      if (!headers.isArray()) {
        throw ApiException.badRequest("exchange.headers must be an array of strings, got %s", Wire.describe(headers));
      }
      for (int i = 0; i < headers.size(); i++) {
        if (!headers.get(i).isTextual()) {
          throw ApiException.badRequest("exchange.headers[%d] must be a string, got %s", i, Wire.describe(headers.get(i)));
        }
      }
    }
    Wire.optionalText(ex, "request_body", EX);
    time(ex, "response_time", false);
    Wire.optionalText(ex, "response_body", EX);
    JsonNode code = ex.get("response_code");
    if (code != null && !code.isNull() && (!code.isIntegralNumber() || !code.canConvertToInt())) {
      throw ApiException.badRequest("exchange.response_code must be a 32-bit whole number, got %s", Wire.describe(code));
    }
    Wire.optionalText(ex, "problem", EX);
    return ((ObjectNode) body).deepCopy();
  }

  /** An ASTM {@code Time}: both {@code value} (RFC 3339) and {@code format} ("RFC3339") required. */
  private static void time(JsonNode ex, String field, boolean required) {
    JsonNode t = required ? Wire.required(ex, field, EX) : ex.get(field);
    if (t == null || t.isNull()) {
      return;
    }
    String p = EX + "." + field;
    Wire.object(t, p);
    String format = Wire.text(t, "format", p);
    if (!format.equals("RFC3339")) {
      throw ApiException.badRequest("%s.format \"%s\" is not RFC3339", p, Times.truncate(format));
    }
    Times.parse(Wire.text(t, "value", p), p + ".value");
  }
}
