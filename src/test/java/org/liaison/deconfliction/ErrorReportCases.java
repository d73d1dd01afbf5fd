package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * ASTM {@code ErrorReport}s for both report endpoints (the hub's and a node's): a complete one, and
 * one bad variant per required field and per field type, each with the field its 400 must name.
 */
public final class ErrorReportCases {
  private ErrorReportCases() {}

  /** A report the spec accepts; {@code request_source} is free text, as the spec leaves it undefined. */
  public static ObjectNode valid() {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    ObjectNode ex = r.putObject("exchange");
    ex.put("url", "https://b.example/uss/v1/operational_intents/0f7a2b39-0b3c-4d0c-9c41-5c3f5a7d9e10");
    ex.put("method", "GET");
    ex.putArray("headers").add("Authorization: Bearer (redacted)");
    ex.put("recorder_role", "Client");
    ex.set("request_time", time("2030-01-01T10:00:00Z"));
    ex.put("request_source", "node of A, office 3");
    ex.put("request_body", "");
    ex.set("response_time", time("2030-01-01T10:00:05.25Z"));
    ex.put("response_body", "");
    ex.put("response_code", 0);
    ex.put("problem", "timed out");
    return r;
  }

  /** Only what the spec requires. */
  public static ObjectNode minimal() {
    ObjectNode r = valid();
    ((ObjectNode) r.get("exchange")).remove(List.of("headers", "request_body", "response_time", "response_body",
        "response_code", "problem"));
    return r;
  }

  /** A bad report, and the field path its 400 must name. */
  public record Case(String name, String body, String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  public static List<Case> bad() {
    List<Case> out = new ArrayList<>();
    out.add(new Case("body is an array", "[" + valid() + "]", "body"));
    out.add(new Case("exchange missing", "{\"report_id\":\"x\"}", "exchange"));
    out.add(new Case("exchange null", "{\"exchange\":null}", "exchange"));
    out.add(new Case("exchange is a string", "{\"exchange\":\"GET /x\"}", "exchange"));
    for (String f : List.of("url", "method", "recorder_role", "request_time", "request_source")) {
      out.add(mutate(f + " missing", "exchange." + f, ex -> ex.remove(f)));
      out.add(mutate(f + " null", "exchange." + f, ex -> ex.putNull(f)));
    }
    out.add(mutate("url is a number", "exchange.url", ex -> ex.put("url", 7)));
    out.add(mutate("method is an object", "exchange.method", ex -> ex.putObject("method")));
    out.add(mutate("recorder_role not in the enum", "exchange.recorder_role", ex -> ex.put("recorder_role", "Observer")));
    out.add(mutate("recorder_role is a bool", "exchange.recorder_role", ex -> ex.put("recorder_role", true)));
    out.add(mutate("request_source is a number", "exchange.request_source", ex -> ex.put("request_source", 12)));
    out.add(mutate("request_time is a string", "exchange.request_time", ex -> ex.put("request_time", "2030-01-01T10:00:00Z")));
    out.add(mutate("request_time without value", "exchange.request_time.value",
        ex -> ((ObjectNode) ex.get("request_time")).remove("value")));
    out.add(mutate("request_time without format", "exchange.request_time.format",
        ex -> ((ObjectNode) ex.get("request_time")).remove("format")));
    out.add(mutate("request_time format not RFC3339", "exchange.request_time.format",
        ex -> ((ObjectNode) ex.get("request_time")).put("format", "ISO8601")));
    out.add(mutate("request_time value not a time", "exchange.request_time.value",
        ex -> ((ObjectNode) ex.get("request_time")).put("value", "yesterday")));
    out.add(mutate("response_time value not a time", "exchange.response_time.value",
        ex -> ((ObjectNode) ex.get("response_time")).put("value", "2030-13-01T00:00:00Z")));
    out.add(mutate("response_time is a number", "exchange.response_time", ex -> ex.put("response_time", 5)));
    out.add(mutate("headers is a string", "exchange.headers", ex -> ex.put("headers", "Authorization: x")));
    out.add(mutate("a header is a number", "exchange.headers[1]", ex -> ((com.fasterxml.jackson.databind.node.ArrayNode)
        ex.get("headers")).add(3)));
    out.add(mutate("request_body is a number", "exchange.request_body", ex -> ex.put("request_body", 1)));
    out.add(mutate("response_body is an array", "exchange.response_body", ex -> ex.putArray("response_body")));
    out.add(mutate("response_code is a string", "exchange.response_code", ex -> ex.put("response_code", "404")));
    out.add(mutate("response_code is a fraction", "exchange.response_code", ex -> ex.put("response_code", 404.5)));
    out.add(mutate("response_code beyond int32", "exchange.response_code", ex -> ex.put("response_code", 1L << 40)));
    out.add(mutate("problem is a bool", "exchange.problem", ex -> ex.put("problem", false)));
    ObjectNode longId = valid().put("report_id", "r".repeat(129));
    out.add(new Case("report_id longer than 128", longId.toString(), "report_id"));
    ObjectNode numId = valid().put("report_id", 5);
    out.add(new Case("report_id is a number", numId.toString(), "report_id"));
    return out;
  }

  private static Case mutate(String name, String field, Consumer<ObjectNode> change) {
    ObjectNode r = valid();
    change.accept((ObjectNode) r.get("exchange"));
    return new Case(name, r.toString(), field);
  }

  private static ObjectNode time(String value) {
    ObjectNode t = JsonNodeFactory.instance.objectNode();
    t.put("value", value);
    t.put("format", "RFC3339");
    return t;
  }
}
