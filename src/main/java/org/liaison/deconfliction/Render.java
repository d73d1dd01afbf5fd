package org.liaison.deconfliction;

import org.liaison.astm.Extents;
import org.liaison.astm.Wire;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.Subscription;
import org.liaison.http.Json;

/**
 * ASTM response bodies. OVNs are shown only to their owner.
 *
 * <p>Query answers are written as bytes ({@link #ois(List, String)}, {@link #constraints}), each
 * reference copied from its rendering, which is kept in a small cache; the tree forms ({@link
 * #oi}, {@link #constraint}) serve single answers and define the bytes: both give the same JSON.
 */
final class Render {
  /** Slots of the rendering cache: about 400 bytes each when filled, so at most some 26 MiB. */
  static final int CACHE_SLOTS = 1 << 16;

  private static final byte[] HIDDEN = quoted(Models.OVN_HIDDEN);
  private static final String NIL_SUBSCRIPTION = Models.NIL_SUBSCRIPTION.toString();
  private static final byte[][] AVAILABILITY = new byte[Availability.values().length][];

  static {
    for (Availability a : Availability.values()) {
      AVAILABILITY[a.ordinal()] = quoted(a.name());
    }
  }

  private final Function<String, Availability> availability;
  /**
   * Renderings by a hash of the id, one per slot. A slot is used only when it holds the rendering
   * of the very reference object asked for (identity): a new version is a new object, so a stale
   * rendering is never served. Slots are read and written without locks: {@link Rendered} is
   * immutable (final fields), so a racing reader sees a whole rendering or an older one, which it
   * then does not use.
   */
  private final Rendered[] cache = new Rendered[CACHE_SLOTS];

  Render(Function<String, Availability> availability) {
    this.availability = availability;
  }

  ObjectNode oi(OperationalIntent oi, String caller) {
    ObjectNode n = Wire.JSON.objectNode();
    n.put("id", oi.id().toString());
    n.put("manager", oi.manager());
    n.put("uss_availability", availability.apply(oi.manager()).name());
    n.put("version", oi.version());
    n.put("state", oi.state().name());
    n.put("ovn", oi.manager().equals(caller) ? oi.ovn() : Models.OVN_HIDDEN);
    n.set("time_start", Wire.time(oi.extents().startText()));
    n.set("time_end", Wire.time(oi.extents().endText()));
    n.put("uss_base_url", oi.ussBaseUrl());
    n.put("subscription_id",
        (oi.subscriptionId() == null ? Models.NIL_SUBSCRIPTION : oi.subscriptionId()).toString());
    return n;
  }

  ObjectNode constraint(Constraint c, String caller) {
    ObjectNode n = Wire.JSON.objectNode();
    n.put("id", c.id().toString());
    n.put("manager", c.manager());
    n.put("uss_availability", availability.apply(c.manager()).name());
    n.put("version", c.version());
    n.put("ovn", c.manager().equals(caller) ? c.ovn() : Models.OVN_HIDDEN);
    n.set("time_start", Wire.time(c.extents().startText()));
    n.set("time_end", Wire.time(c.extents().endText()));
    n.put("uss_base_url", c.ussBaseUrl());
    return n;
  }

  /** {@code {"operational_intent_references":[...]}}, as {@link #oi} renders each. */
  byte[] ois(List<OperationalIntent> ois, String caller) {
    Answer out = new Answer("operational_intent_references", ois.size());
    for (OperationalIntent oi : ois) {
      out.add(rendered(oi.id(), oi, out.b), availability.apply(oi.manager()), oi.manager().equals(caller));
    }
    return out.end();
  }

  /** {@code {"constraint_references":[...]}}, as {@link #constraint} renders each. */
  byte[] constraints(List<Constraint> cs, String caller) {
    Answer out = new Answer("constraint_references", cs.size());
    for (Constraint c : cs) {
      out.add(rendered(c.id(), c, out.b), availability.apply(c.manager()), c.manager().equals(caller));
    }
    return out.end();
  }

  /** The cached rendering of {@code reference}, or a new one, written at the end of {@code scratch} and taken back out. */
  private Rendered rendered(UUID id, Object reference, Builder scratch) {
    int h = id.hashCode();
    int slot = (h ^ (h >>> 16)) & (CACHE_SLOTS - 1);
    Rendered r = cache[slot];
    if (r == null || r.of != reference) {
      r = reference instanceof OperationalIntent oi ? Rendered.of(oi, scratch) : Rendered.of((Constraint) reference, scratch);
      cache[slot] = r;
    }
    return r;
  }

  /**
   * One reference's JSON with the two parts that vary left out: its manager's availability, which
   * changes without a new version, goes at {@code availabilityAt}; the OVN, shown only to the
   * owner, is {@code bytes[ovnAt, ovnEnd)} and is replaced by {@link Models#OVN_HIDDEN} for others.
   */
  private record Rendered(Object of, byte[] bytes, int availabilityAt, int ovnAt, int ovnEnd) {
    static Rendered of(OperationalIntent oi, Builder b) {
      int start = b.size();
      b.raw("{\"id\":").string(oi.id().toString()).raw(",\"manager\":").string(oi.manager())
          .raw(",\"uss_availability\":");
      int availabilityAt = b.size();
      b.raw(",\"version\":").raw(Long.toString(oi.version())).raw(",\"state\":").string(oi.state().name())
          .raw(",\"ovn\":");
      int ovnAt = b.size();
      b.string(oi.ovn());
      int ovnEnd = b.size();
      b.times(oi.extents()).raw(",\"uss_base_url\":").string(oi.ussBaseUrl()).raw(",\"subscription_id\":")
          .string(oi.subscriptionId() == null ? NIL_SUBSCRIPTION : oi.subscriptionId().toString())
          .raw("}");
      return new Rendered(oi, b.takeFrom(start), availabilityAt - start, ovnAt - start, ovnEnd - start);
    }

    static Rendered of(Constraint c, Builder b) {
      int start = b.size();
      b.raw("{\"id\":").string(c.id().toString()).raw(",\"manager\":").string(c.manager())
          .raw(",\"uss_availability\":");
      int availabilityAt = b.size();
      b.raw(",\"version\":").raw(Long.toString(c.version())).raw(",\"ovn\":");
      int ovnAt = b.size();
      b.string(c.ovn());
      int ovnEnd = b.size();
      b.times(c.extents()).raw(",\"uss_base_url\":").string(c.ussBaseUrl()).raw("}");
      return new Rendered(c, b.takeFrom(start), availabilityAt - start, ovnAt - start, ovnEnd - start);
    }
  }

  /** A query answer being written: an object with one array of references. */
  private static final class Answer {
    final Builder b;
    private boolean first = true;

    Answer(String field, int references) {
      // About 400 bytes a reference, and room to render one that is not cached.
      b = new Builder(40 + (references + 1) * 420);
      b.raw("{\"").raw(field).raw("\":[");
    }

    void add(Rendered r, Availability a, boolean owner) {
      if (!first) {
        b.write(',');
      }
      first = false;
      byte[] x = r.bytes;
      b.write(x, 0, r.availabilityAt);
      b.write(AVAILABILITY[a.ordinal()]);
      if (owner) {
        b.write(x, r.availabilityAt, x.length - r.availabilityAt);
      } else {
        b.write(x, r.availabilityAt, r.ovnAt - r.availabilityAt);
        b.write(HIDDEN);
        b.write(x, r.ovnEnd, x.length - r.ovnEnd);
      }
    }

    byte[] end() {
      return b.raw("]}").toByteArray();
    }
  }

  /** A growing byte array (unlike ByteArrayOutputStream, without a lock per write). */
  private static final class Builder {
    private byte[] buf;
    private int size;

    Builder(int capacity) {
      buf = new byte[capacity];
    }

    int size() {
      return size;
    }

    void write(int b) {
      room(1);
      buf[size++] = (byte) b;
    }

    void write(byte[] b) {
      write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) {
      room(len);
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    private void room(int n) {
      if (size + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }

    /** The bytes written since {@code start}, removed. */
    byte[] takeFrom(int start) {
      byte[] out = Arrays.copyOfRange(buf, start, size);
      size = start;
      return out;
    }

    /** {@code ascii} as it is: field names and punctuation. */
    Builder raw(String ascii) {
      int n = ascii.length();
      room(n);
      for (int i = 0; i < n; i++) {
        buf[size++] = (byte) ascii.charAt(i);
      }
      return this;
    }

    /**
     * A JSON string as the tree's serialisation writes it. Printable ASCII without quote or
     * backslash is copied; anything else goes through {@link #quoted}.
     */
    Builder string(String s) {
      int n = s.length();
      room(n + 2);
      int start = size;
      buf[size++] = '"';
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
          size = start;
          write(quoted(s));
          return this;
        }
        buf[size++] = (byte) c;
      }
      buf[size++] = '"';
      return this;
    }

    Builder times(Extents e) {
      return raw(",\"time_start\":{\"value\":").string(e.startText()).raw(",\"format\":\"RFC3339\"}")
          .raw(",\"time_end\":{\"value\":").string(e.endText()).raw(",\"format\":\"RFC3339\"}");
    }
  }

  /**
   * A JSON string as the tree's serialisation writes it: through the shared mapper's generator,
   * whose escapes are its own (supplementary characters, for one, become escaped surrogate pairs).
   */
  private static byte[] quoted(String s) {
    try {
      return Json.MAPPER.writeValueAsBytes(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("text not writable as JSON", e);
    }
  }

  ObjectNode subscription(Subscription s, Set<UUID> dependents) {
    ObjectNode n = Wire.JSON.objectNode();
    n.put("id", s.id().toString());
    n.put("version", String.valueOf(s.version()));
    n.put("notification_index", s.notificationIndex());
    n.set("time_start", Wire.time(s.extents().startText()));
    n.set("time_end", Wire.time(s.extents().endText()));
    n.put("uss_base_url", s.ussBaseUrl());
    n.put("notify_for_operational_intents", s.notifyForOperationalIntents());
    n.put("notify_for_constraints", s.notifyForConstraints());
    n.put("implicit_subscription", s.implicit());
    ArrayNode deps = n.putArray("dependent_operational_intents");
    dependents.stream().map(UUID::toString).sorted().forEach(deps::add);
    return n;
  }

  /** Subscribers grouped by base URL, in first-seen order. */
  static ArrayNode subscribers(List<Airspace.Notified> notified) {
    Map<String, ArrayNode> byUrl = new LinkedHashMap<>();
    for (Airspace.Notified x : notified) {
      ObjectNode s = byUrl.computeIfAbsent(x.ussBaseUrl(), u -> Wire.JSON.arrayNode()).addObject();
      s.put("subscription_id", x.subscriptionId().toString());
      s.put("notification_index", x.notificationIndex());
    }
    ArrayNode out = Wire.JSON.arrayNode();
    byUrl.forEach((url, subs) -> {
      ObjectNode o = out.addObject();
      o.set("subscriptions", subs);
      o.put("uss_base_url", url);
    });
    return out;
  }
}
