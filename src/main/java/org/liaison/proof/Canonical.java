package org.liaison.proof;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the same JSON value always yields the same bytes.
 *
 * <p>Accepts a Jackson {@link JsonNode}, or plain Java values: {@code Map} with {@code String}
 * keys, {@code Collection} or array, {@code String}, {@code Number}, {@code Boolean} and {@code
 * null} (nested freely, including {@code JsonNode}s inside maps). Numbers follow I-JSON: they are
 * IEEE 754 doubles. Floating-point inputs ({@code double}, {@code float}, {@code BigDecimal}) are
 * rounded to the nearest double as any JSON parser does; integer inputs ({@code int}, {@code
 * long}, {@code BigInteger}) must be exactly representable as a double, because silently rounding
 * them would let two different entries share one hash; the one exception is an integer that is
 * already the canonical text of a double, so that canonical output read back by a JSON parser
 * canonicalises to itself. Everything else is rejected with an {@link
 * IllegalArgumentException} that names the value and its path ({@code $.a[2]}): NaN, infinities,
 * unpaired surrogates, non-string keys, binary or POJO nodes, and unsupported Java types.
 */
public final class Canonical {
  private static final BigInteger MAX_EXACT = BigInteger.ONE.shiftLeft(53);
  private static final long MAX_EXACT_LONG = 1L << 53;

  private Canonical() {}

  /** The canonical UTF-8 bytes of a JSON value; see the class description for what is accepted. */
  public static byte[] canonicalize(Object jsonTreeOrMap) {
    StringBuilder out = new StringBuilder(256);
    try {
      write(jsonTreeOrMap, out);
    } catch (Failure f) {
      throw new IllegalArgumentException("cannot canonicalize JSON at " + f.path() + ": " + f.getMessage());
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof JsonNode) {
      writeNode((JsonNode) value, out);
    } else if (value instanceof String) {
      writeString((String) value, out);
    } else if (value instanceof Boolean) {
      out.append(((Boolean) value).booleanValue());
    } else if (value instanceof Number) {
      writeNumber((Number) value, out);
    } else if (value instanceof Map) {
      writeMap((Map<?, ?>) value, out);
    } else if (value instanceof Iterable) {
      writeArray(((Iterable<?>) value).iterator(), out);
    } else if (value instanceof Object[]) {
      writeArray(List.of((Object[]) value).iterator(), out);
    } else {
      throw new Failure("unsupported type " + value.getClass().getName() + " (value " + value + ")");
    }
  }

  private static void writeNode(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case NULL:
        out.append("null");
        break;
      case BOOLEAN:
        out.append(node.booleanValue());
        break;
      case STRING:
        writeString(node.textValue(), out);
        break;
      case NUMBER:
        writeNumber(node.numberValue(), out);
        break;
      case ARRAY:
        writeArray(node.elements(), out);
        break;
      case OBJECT:
        List<String> names = new ArrayList<>(node.size());
        node.fieldNames().forEachRemaining(names::add);
        writeObject(names, node::get, out);
        break;
      default:
        throw new Failure("unsupported JSON node type " + node.getNodeType() + " (value " + node + ")");
    }
  }

  private static void writeMap(Map<?, ?> map, StringBuilder out) {
    List<String> names = new ArrayList<>(map.size());
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        throw new Failure("object key must be a String, was " + key
            + (key == null ? "" : " (" + key.getClass().getName() + ")"));
      }
      names.add((String) key);
    }
    writeObject(names, map::get, out);
  }

  private static void writeObject(
      List<String> names, Function<String, Object> values, StringBuilder out) {
    // String.compareTo orders by UTF-16 code units, exactly what RFC 8785 §3.2.3 asks for.
    names.sort(null);
    out.append('{');
    boolean first = true;
    for (String name : names) {
      if (!first) {
        out.append(',');
      }
      first = false;
      try {
        writeString(name, out);
        out.append(':');
        write(values.apply(name), out);
      } catch (Failure f) {
        throw f.under(memberSegment(name));
      }
    }
    out.append('}');
  }

  private static void writeArray(Iterator<?> elements, StringBuilder out) {
    out.append('[');
    int index = 0;
    while (elements.hasNext()) {
      if (index > 0) {
        out.append(',');
      }
      try {
        write(elements.next(), out);
      } catch (Failure f) {
        throw f.under("[" + index + "]");
      }
      index++;
    }
    out.append(']');
  }

  private static void writeNumber(Number number, StringBuilder out) {
    if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
      out.append(number.intValue());
    } else if (number instanceof Long) {
      long v = number.longValue();
      if (v >= -MAX_EXACT_LONG && v <= MAX_EXACT_LONG) {
        out.append(v); // versions and sizes: no BigInteger for what is exact anyway
      } else {
        writeInteger(BigInteger.valueOf(v), out);
      }
    } else if (number instanceof BigInteger) {
      writeInteger((BigInteger) number, out);
    } else if (number instanceof Double || number instanceof Float) {
      writeDouble(number.doubleValue(), number, out);
    } else if (number instanceof BigDecimal) {
      // Parsing the decimal text is correctly rounded; BigDecimal.doubleValue was not always.
      writeDouble(Double.parseDouble(number.toString()), number, out);
    } else {
      throw new Failure("unsupported number type " + number.getClass().getName() + " (value " + number + ")");
    }
  }

  private static void writeInteger(BigInteger value, StringBuilder out) {
    if (value.abs().compareTo(MAX_EXACT) <= 0) {
      out.append(value);
      return;
    }
    double d = value.doubleValue();
    if (Double.isInfinite(d)) {
      throw new Failure("integer " + value + " is not exactly representable as an IEEE 754 double");
    }
    String text = EcmaNumber.toString(d);
    // Our own output read back is accepted: 1e20 + 2^20 prints as the digits of its nearest double
    // padded with zeros (100000000000001050000), which a JSON parser hands back as an integer.
    if (!text.equals(value.toString()) && !new BigDecimal(d).toBigIntegerExact().equals(value)) {
      throw new Failure("integer " + value + " is not exactly representable as an IEEE 754 double");
    }
    out.append(text);
  }

  private static void writeDouble(double d, Number original, StringBuilder out) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new Failure("number " + original + " has no JSON representation (NaN or Infinity)");
    }
    out.append(EcmaNumber.toString(d));
  }

  /** RFC 8785 §3.2.2.2: ECMAScript JSON.stringify escaping, and well-formed UTF-16 only. */
  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              throw new Failure(String.format("string has an unpaired surrogate U+%04X at index %d", (int) c, i));
            }
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static String memberSegment(String name) {
    if (!name.isEmpty() && name.chars().allMatch(ch -> ch == '_' || ch < 128 && Character.isLetterOrDigit(ch))) {
      return "." + name;
    }
    StringBuilder quoted = new StringBuilder("[\"");
    for (char ch : name.toCharArray()) {
      if (ch < 0x20 || ch == '"' || ch == '\\' || Character.isSurrogate(ch)) {
        quoted.append(String.format("\\u%04x", (int) ch));
      } else {
        quoted.append(ch);
      }
    }
    return quoted.append("\"]").toString();
  }

  /** Carries a failure up the recursion, collecting the path only when something went wrong. */
  private static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Deque<String> segments = new ArrayDeque<>();

    Failure(String message) {
      super(message, null, false, false);
    }

    Failure under(String segment) {
      segments.addFirst(segment);
      return this;
    }

    String path() {
      return "$" + String.join("", segments);
    }
  }
}
