package org.liaison.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A JSON array that knows its own path; item {@code i} is at {@code path[i]}. */
public final class ArrayView {
  private final ArrayNode node;
  private final String path;

  private ArrayView(ArrayNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** {@code n} read as the array at {@code path}; refused if it is absent or not an array. */
  public static ArrayView of(JsonNode n, String path) {
    if (Scalars.absent(n)) {
      throw FieldErrors.missing(path);
    }
    if (!n.isArray()) {
      throw FieldErrors.wrongType(path, "an array", n);
    }
    return new ArrayView((ArrayNode) n, path);
  }

  static ArrayView empty(String path) {
    return new ArrayView(JsonNodeFactory.instance.arrayNode(), path);
  }

  public String path() {
    return path;
  }

  /** The path of item {@code i}. */
  public String path(int i) {
    return path + "[" + i + "]";
  }

  public ArrayNode node() {
    return node;
  }

  public int size() {
    return node.size();
  }

  public boolean isEmpty() {
    return node.isEmpty();
  }

  /** This array, refused if it has more than {@code max} items. */
  public ArrayView atMost(int max) {
    return atMost(max, "items");
  }

  /** This array, refused if it has more than {@code max} {@code items} ("has 101 volumes; at most 100 ..."). */
  public ArrayView atMost(int max, String items) {
    if (node.size() > max) {
      throw FieldErrors.refuse(path, "has " + node.size() + " " + items + "; at most " + max + " are accepted");
    }
    return this;
  }

  /** This array, refused if it is empty ("must hold at least one volume"). */
  public ArrayView notEmpty(String item) {
    if (node.isEmpty()) {
      throw FieldErrors.refuse(path, "must hold at least one " + item);
    }
    return this;
  }

  /** The raw item {@code i}, or null when it is JSON null. */
  public JsonNode get(int i) {
    JsonNode n = node.get(i);
    return Scalars.absent(n) ? null : n;
  }

  public ObjectView obj(int i) {
    return ObjectView.of(node.get(i), path(i));
  }

  public ArrayView array(int i) {
    return of(node.get(i), path(i));
  }

  public String string(int i) {
    return Scalars.string(node.get(i), path(i));
  }

  public double number(int i) {
    return Scalars.number(node.get(i), path(i));
  }

  public double number(int i, double min, double max) {
    return Scalars.number(node.get(i), path(i), min, max);
  }

  public long integer(int i, long min, long max) {
    return Scalars.integer(node.get(i), path(i), min, max);
  }

  /** Item {@code i}: any UUID in its 36-character form. */
  public UUID uuid(int i) {
    return Scalars.uuid(node.get(i), path(i));
  }

  /** Item {@code i}: a version-4 UUID. */
  public UUID uuid4(int i) {
    return Scalars.uuid4(string(i), path(i));
  }

  /** Every item, each an object. */
  public List<ObjectView> objects() {
    List<ObjectView> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(obj(i));
    }
    return out;
  }

  /** Every item, each a string. */
  public List<String> strings() {
    List<String> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(string(i));
    }
    return out;
  }

  @Override
  public String toString() {
    return path + " " + FieldErrors.describe(node);
  }
}
