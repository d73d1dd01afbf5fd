package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Whatever the body, the answer is never a 5xx (the client fails the test on one). */
interface FuzzContract extends Contract {
  JsonNode[] ODD_VALUES = {
      Req.JSON.nullNode(), Req.JSON.textNode(""), Req.JSON.textNode("x"), Req.JSON.numberNode(0),
      Req.JSON.numberNode(-1), Req.JSON.numberNode(1e308), Req.JSON.numberNode(-1e308),
      Req.JSON.numberNode(Long.MAX_VALUE), Req.JSON.numberNode(4.9e-324), Req.JSON.booleanNode(true),
      Req.JSON.arrayNode(), Req.JSON.objectNode(), Req.JSON.textNode("2030-01-01T00:00:00Z"),
      Req.JSON.textNode("+999999999-12-31T23:59:59Z"), Req.JSON.textNode("-999999999-01-01T00:00:00Z"),
      Req.JSON.textNode("\u0000"), Req.JSON.textNode("http://[::1"), Req.JSON.numberNode(90), Req.JSON.numberNode(180),
      Req.JSON.textNode("00000000-0000-4000-8000-000000000000"),
  };

  private static void paths(JsonNode n, String at, List<String> out) {
    out.add(at);
    if (n.isObject()) {
      n.fieldNames().forEachRemaining(f -> paths(n.get(f), at + "/" + f, out));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        paths(n.get(i), at + "/" + i, out);
      }
    }
  }

  private static void replace(ObjectNode root, String pointer, JsonNode value) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, slash));
    String field = pointer.substring(slash + 1);
    if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(field), value);
    } else if (parent instanceof ObjectNode o) {
      o.set(field, value);
    }
  }

  @Test
  default void odd_values_anywhere_in_a_write_never_cause_a_5xx() {
    Party a = party("a", DssClient.SC, DssClient.CM, DssClient.CP, DssClient.CMSA);
    Ref existing = a.createOi(Req.oi(site().circle(100)).newSub());
    Sub sub = a.createSub(Req.sub(site().circle(5000)));
    List<ObjectNode> bodies = List.of(
        Req.oi(site().square(2000, 0, 100), site().circle(-2000, 0, 100).alt(10.0, 20.0).hours(1, 2))
            .key(existing.ovn()).newSub().json(clock().instant(), a.url()),
        Req.oi(site().circle(2000, 2000, 100)).state("Activated").sub(sub.id()).json(clock().instant(), a.url()),
        Req.sub(site().square(0, 0, 1000)).constraints(true).json(clock().instant(), a.url()),
        Req.constraint(site().square(0, 0, 1000)).json(clock().instant(), a.url()));
    Random rnd = new Random(20_485);
    String ovn = existing.ovn();
    int answered = 0;
    for (int b = 0; b < bodies.size(); b++) {
      List<String> paths = new ArrayList<>();
      paths(bodies.get(b), "", paths);
      for (String path : paths.subList(1, paths.size())) {
        for (int k = 0; k < 2; k++) {
          ObjectNode body = bodies.get(b).deepCopy();
          replace(body, path, ODD_VALUES[rnd.nextInt(ODD_VALUES.length)]);
          UUID id = UUID.randomUUID();
          Resp r = switch (b) {
            case 0 -> a.putOi(id, body);
            case 1 -> k == 0 ? a.putOi(id, body) : a.putOi(existing.id(), ovn, body);
            case 2 -> a.putSub(id, body);
            default -> a.putConstraint(id, body);
          };
          assertThat(r.status()).as("%s = ? in %s", path, body).isLessThan(500);
          if (b == 1 && k == 1 && r.status() == 200) {
            ovn = r.oi().path("ovn").asText();
          }
          answered++;
        }
      }
    }
    assertThat(answered).isGreaterThan(100);
  }

  @Test
  default void a_lone_surrogate_in_any_string_never_causes_a_5xx() {
    Party a = party("a");
    // JSON may escape half a surrogate pair, which no UTF-8 writer can put back out.
    ObjectNode report = ErrorReportCases.valid();
    String surrogate = report.toString().replace("\"timed out\"", "\"\\ud800\"");
    assertThat(a.report(surrogate).status()).isIn(201, 400);
    ObjectNode oi = Req.oi(site().circle(100)).json(clock().instant(), a.url());
    assertThat(a.putOi(fresh(), oi.toString().replace("\"https://", "\"https://\\ud800")).status()).isIn(201, 400);
    assertThat(a.putOi(fresh(), oi.toString().replace(a.url(), a.url() + "/\\udc00x")).status()).isIn(201, 400);
  }
}
