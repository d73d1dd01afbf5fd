package org.liaison.json;

import com.fasterxml.jackson.databind.JsonNode;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;

/**
 * The one wording of a refused field. Each message starts with the field's path and quotes what
 * was given (truncated by {@link Values#truncate}); each is an {@link ApiException} of kind
 * {@code INVALID}, which the HTTP server answers 400.
 */
public final class FieldErrors {
  private FieldErrors() {}

  /** {@code path is missing}: absent or JSON null where a value is required. */
  public static ApiException missing(String path) {
    return ApiException.badRequest("%s is missing", display(path));
  }

  /** {@code path must be <expected>, got <value>}: a value of the wrong JSON type. */
  public static ApiException wrongType(String path, String expected, JsonNode got) {
    return ApiException.badRequest("%s must be %s, got %s", display(path), expected, describe(got));
  }

  /** {@code path "value" <why>}: a value of the right type that is not acceptable. */
  public static ApiException invalid(String path, String value, String why) {
    return ApiException.badRequest("%s \"%s\" %s", display(path), value == null ? "" : Values.truncate(value), why);
  }

  /** {@code path value is outside [min, max]}: a number out of its range. */
  public static ApiException outside(String path, Object value, Object min, Object max) {
    return ApiException.badRequest("%s %s is outside [%s, %s]", display(path), value, min, max);
  }

  /** {@code path <what>}: any other refusal of the field, worded by the caller. */
  public static ApiException refuse(String path, String what) {
    return ApiException.badRequest("%s %s", display(path), what);
  }

  /** A JSON value as a refusal quotes it: its JSON text, truncated; "null" for absent or null. */
  public static String describe(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "null";
    }
    return Values.truncate(n.toString());
  }

  /** The path as messages show it: the root (empty path) is "body". */
  static String display(String path) {
    return path == null || path.isEmpty() ? "body" : path;
  }

  /** {@code field} under {@code path}: "a.b", or "b" at the root. */
  static String join(String path, String field) {
    return path == null || path.isEmpty() ? field : path + "." + field;
  }
}
