package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.UUID;
import java.util.regex.Pattern;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;

/**
 * Readers for JSON request and response fields. Every failure is a 400 {@link ApiException} whose
 * message names the field path, such as {@code operational_intent.details.volumes[2].volume}.
 */
public final class Fields {
  private static final Pattern UUID_V4 =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");

  private Fields() {}

  public static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  public static JsonNode object(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw ApiException.badRequest("%s must be a JSON object, got %s", path.isEmpty() ? "body" : path, describe(n));
    }
    return n;
  }

  public static JsonNode required(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      throw ApiException.badRequest("%s is missing", join(path, field));
    }
    return n;
  }

  public static boolean present(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    return n != null && !n.isNull();
  }

  public static String text(JsonNode parent, String field, String path) {
    JsonNode n = required(parent, field, path);
    if (!n.isTextual()) {
      throw ApiException.badRequest("%s must be a string, got %s", join(path, field), describe(n));
    }
    return n.textValue();
  }

  public static String optionalText(JsonNode parent, String field, String path) {
    return present(parent, field) ? text(parent, field, path) : null;
  }

  /** A whole number that fits a long. */
  public static long integer(JsonNode parent, String field, String path) {
    JsonNode n = required(parent, field, path);
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw ApiException.badRequest("%s must be a whole number, got %s", join(path, field), describe(n));
    }
    return n.longValue();
  }

  public static double number(JsonNode parent, String field, String path) {
    JsonNode n = required(parent, field, path);
    if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
      throw ApiException.badRequest("%s must be a finite number, got %s", join(path, field), describe(n));
    }
    return n.doubleValue();
  }

  public static boolean bool(JsonNode parent, String field, String path, boolean absent) {
    if (!present(parent, field)) {
      return absent;
    }
    JsonNode n = parent.get(field);
    if (!n.isBoolean()) {
      throw ApiException.badRequest("%s must be true or false, got %s", join(path, field), describe(n));
    }
    return n.booleanValue();
  }

  public static ArrayNode array(JsonNode parent, String field, String path) {
    JsonNode n = required(parent, field, path);
    if (!n.isArray()) {
      throw ApiException.badRequest("%s must be an array, got %s", join(path, field), describe(n));
    }
    return (ArrayNode) n;
  }

  /** The array at {@code field}, or an empty one when absent (ASTM's {@code default: []}). */
  public static ArrayNode optionalArray(JsonNode parent, String field, String path) {
    return present(parent, field) ? array(parent, field, path) : JsonNodeFactory.instance.arrayNode();
  }

  /** A version-4 UUID, as ASTM's EntityID and SubscriptionID are. */
  public static UUID uuid(JsonNode parent, String field, String path) {
    return uuid(text(parent, field, path), join(path, field));
  }

  public static UUID uuid(String s, String path) {
    if (s == null || !UUID_V4.matcher(s).matches()) {
      throw ApiException.badRequest("%s \"%s\" is not a version-4 UUID", path, s == null ? "" : truncate(s));
    }
    return UUID.fromString(s);
  }

  public static String describe(JsonNode n) {
    if (n == null || n.isNull()) {
      return "null";
    }
    return truncate(n.toString());
  }

  public static String truncate(String s) {
    return Values.truncate(s);
  }
}
