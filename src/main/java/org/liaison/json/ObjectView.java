package org.liaison.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;

/**
 * A JSON object that knows its own path. Every read of a field refuses a bad value with the
 * field's full path ({@code extents[0].volume.altitude_lower.value}) in {@link FieldErrors}'
 * wording. "Absent" means the field is not there or is JSON null; a required read of an absent
 * field is "missing", an optional one returns the caller's default.
 */
public final class ObjectView {
  private final ObjectNode node;
  private final String path;

  private ObjectView(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The request or response body; refused ("body must be a JSON object") if it is not an object. */
  public static ObjectView of(JsonNode n) {
    return of(n, "");
  }

  /** {@code n} read as the object at {@code path}; refused if it is absent or not an object. */
  public static ObjectView of(JsonNode n, String path) {
    if (Scalars.absent(n) && !path.isEmpty()) {
      throw FieldErrors.missing(path);
    }
    if (n == null || !n.isObject()) {
      throw FieldErrors.wrongType(path, "a JSON object", n);
    }
    return new ObjectView((ObjectNode) n, path);
  }

  /** The path of this object; empty for the body. */
  public String path() {
    return path;
  }

  /** The path of {@code field} in this object. */
  public String path(String field) {
    return FieldErrors.join(path, field);
  }

  /** The object itself, for code that keeps or copies it. */
  public ObjectNode node() {
    return node;
  }

  /** Whether {@code field} is there and not null. */
  public boolean has(String field) {
    return !Scalars.absent(node.get(field));
  }

  /** The raw value of {@code field}, or null when absent. */
  public JsonNode get(String field) {
    JsonNode n = node.get(field);
    return Scalars.absent(n) ? null : n;
  }

  /** The raw value of {@code field}; refused as missing when absent. */
  public JsonNode required(String field) {
    return Scalars.present(node.get(field), path(field));
  }

  /** Refuses fields this object does not know, so a typo is not silently ignored. */
  public ObjectView onlyKnown(Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw FieldErrors.refuse(path, "has unknown field \"" + Values.truncate(f) + "\"; known fields are "
            + String.join(", ", known.stream().sorted().toList()));
      }
    }
    return this;
  }

  // ---- nested values ----

  public ObjectView obj(String field) {
    return of(node.get(field), path(field));
  }

  /** The object at {@code field}, or null when absent. */
  public ObjectView objOrNull(String field) {
    return has(field) ? obj(field) : null;
  }

  public ArrayView array(String field) {
    return ArrayView.of(node.get(field), path(field));
  }

  /** The array at {@code field}, or an empty one when absent (ASTM's {@code default: []}). */
  public ArrayView arrayOrEmpty(String field) {
    return has(field) ? array(field) : ArrayView.empty(path(field));
  }

  /** The strings of the array at {@code field} (empty when absent), at most {@code max} of them. */
  public List<String> strings(String field, int max) {
    if (!has(field)) {
      return new ArrayList<>();
    }
    return array(field).atMost(max).strings();
  }

  // ---- scalars ----

  public String string(String field) {
    return Scalars.string(node.get(field), path(field));
  }

  /** The string at {@code field}, or {@code absent} (which may be null). */
  public String string(String field, String absent) {
    return has(field) ? string(field) : absent;
  }

  /** A finite number. */
  public double number(String field) {
    return Scalars.number(node.get(field), path(field));
  }

  public double number(String field, double absent) {
    return has(field) ? number(field) : absent;
  }

  /** A finite number in [min, max]. */
  public double number(String field, double min, double max) {
    return Scalars.number(node.get(field), path(field), min, max);
  }

  /** A whole number that fits a long. */
  public long integer(String field) {
    return integer(field, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  public long integer(String field, long absent) {
    return has(field) ? integer(field) : absent;
  }

  /** A whole number in [min, max]. */
  public long integer(String field, long min, long max) {
    return Scalars.integer(node.get(field), path(field), min, max);
  }

  /** A whole number in [min, max], or {@code absent}. */
  public long integer(String field, long min, long max, long absent) {
    return has(field) ? integer(field, min, max) : absent;
  }

  /** A whole number in [min, max], or null when absent. */
  public Long integerOrNull(String field, long min, long max) {
    return has(field) ? integer(field, min, max) : null;
  }

  public boolean bool(String field) {
    return Scalars.bool(node.get(field), path(field));
  }

  public boolean bool(String field, boolean absent) {
    return has(field) ? bool(field) : absent;
  }

  /** Any UUID in its 36-character form. */
  public UUID uuid(String field) {
    return Scalars.uuid(node.get(field), path(field));
  }

  /** A version-4 UUID, as ASTM's EntityID and SubscriptionID are. */
  public UUID uuid4(String field) {
    return Scalars.uuid4(string(field), path(field));
  }

  /** An RFC 3339 date-time string. */
  public Instant instant(String field) {
    return Scalars.instant(node.get(field), path(field));
  }

  /** An RFC 3339 date-time string, or {@code absent} (which may be null). */
  public Instant instant(String field, Instant absent) {
    return has(field) ? instant(field) : absent;
  }

  /** One of the strings {@code choices} maps, as the value it maps to. */
  public <T> T oneOf(String field, Map<String, T> choices) {
    return Scalars.oneOf(node.get(field), path(field), choices);
  }

  /** One of the strings {@code allowed}. */
  public String oneOf(String field, Set<String> allowed) {
    Map<String, String> same = new LinkedHashMap<>();
    allowed.forEach(a -> same.put(a, a));
    return oneOf(field, same);
  }

  /** A constant of {@code type} named exactly by the string at {@code field}. */
  public <E extends Enum<E>> E enumOf(String field, Class<E> type) {
    Map<String, E> byName = new LinkedHashMap<>();
    EnumSet.allOf(type).forEach(e -> byName.put(e.name(), e));
    return oneOf(field, byName);
  }

  // ---- refusals the caller words ----

  /** {@code path.field "value" why}, for a check the reader cannot make (a pattern, a rule). */
  public ApiException invalid(String field, String value, String why) {
    return FieldErrors.invalid(path(field), value, why);
  }

  /** {@code path.field what}, for any other refusal of the field. */
  public ApiException refuse(String field, String what) {
    return FieldErrors.refuse(path(field), what);
  }

  @Override
  public String toString() {
    return FieldErrors.display(path) + " " + FieldErrors.describe(node);
  }
}
