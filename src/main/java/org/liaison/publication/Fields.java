package org.liaison.publication;

import com.fasterxml.jackson.databind.JsonNode;
import org.liaison.errors.ApiException;

/** Typed reads of optional body fields, each error naming the field and what was given. */
final class Fields {
  private Fields() {}

  static String text(JsonNode body, String field, String fallback) {
    JsonNode n = body.get(field);
    if (n == null) {
      return fallback;
    }
    if (!n.isTextual()) {
      throw ApiException.badRequest("%s must be a string, got %s", field, clip(n));
    }
    return n.textValue();
  }

  static double number(JsonNode body, String field, double fallback) {
    JsonNode n = body.get(field);
    if (n == null) {
      return fallback;
    }
    if (!n.isNumber()) {
      throw ApiException.badRequest("%s must be a number, got %s", field, clip(n));
    }
    return n.doubleValue();
  }

  static int integer(JsonNode body, String field, int fallback) {
    JsonNode n = body.get(field);
    if (n == null) {
      return fallback;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw ApiException.badRequest("%s must be an integer, got %s", field, clip(n));
    }
    return n.intValue();
  }

  static boolean bool(JsonNode body, String field, boolean fallback) {
    JsonNode n = body.get(field);
    if (n == null) {
      return fallback;
    }
    if (!n.isBoolean()) {
      throw ApiException.badRequest("%s must be true or false, got %s", field, clip(n));
    }
    return n.booleanValue();
  }

  static String clip(JsonNode n) {
    String s = n.toString();
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
