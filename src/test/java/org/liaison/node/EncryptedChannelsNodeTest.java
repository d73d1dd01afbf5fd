package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.ChannelsClient;
import org.liaison.client.NodeClient;
import org.liaison.client.TokenProvider;
import org.liaison.http.Json;

/**
 * End-to-end encryption through real nodes and a real hub: the sender's node seals, the hub holds
 * only ciphertext, the recipient's node opens and renders; a body the hub alters (the test plays
 * the hostile hub by editing its database) is shown as undecryptable and reported, not dropped.
 */
class EncryptedChannelsNodeTest {
  private static final String SECRET = "Strikes planned near Homs at 0600Z; confirm the line is staffed";

  @TempDir Path dir;

  @Test
  void nodes_seal_and_open_and_the_hub_never_holds_the_text() throws Exception {
    try (Cluster cluster = new Cluster(dir)) {
      Node usa = cluster.node("usa");
      Node rus = cluster.node("rus");
      NodeClient usaOps = Cluster.client(usa);
      NodeClient rusOps = Cluster.client(rus);
      ChannelsClient hubAsRus = new ChannelsClient(cluster.hubUrl,
          TokenProvider.fixed(cluster.token("rus", "liaison.channels.read", "liaison.channels.write")));
      for (String p : new String[] {"usa", "rus"}) {
        Cluster.await(Duration.ofSeconds(30), p + "'s keys at the hub", () -> hubAsRus.currentKeys(p).isPresent());
      }

      ObjectNode create = Json.MAPPER.createObjectNode().put("name", "hotline").put("kind", "bilateral");
      create.putArray("members").add("rus");
      NodeClient.Answer made = usaOps.call("POST", "/liaison/v1/channels", create);
      assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
      assertThat(made.body().get("encryption").asText()).isEqualTo("e2e");
      String ch = made.body().get("id").asText();

      ObjectNode text = Json.MAPPER.createObjectNode().put("text", SECRET).put("priority", "urgent")
          .put("ack_within_seconds", 600);
      NodeClient.Answer sent = usaOps.call("POST", "/liaison/v1/channels/" + ch + "/messages", text);
      assertThat(sent.status()).as(sent.body().toString()).isEqualTo(201);
      assertThat(sent.body().get("encrypted").asBoolean()).isTrue();
      assertThat(sent.body().get("decrypted").asBoolean()).isTrue();
      assertThat(sent.body().get("rendered").get("text").asText()).isEqualTo(SECRET);
      String id = sent.body().get("id").asText();

      ObjectNode phrase = Json.MAPPER.createObjectNode();
      ObjectNode ph = phrase.putObject("phrase").put("type", "remain-below-level");
      ObjectNode params = ph.putObject("params").put("level", 120).put("until", "2015-10-01T06:00:00Z");
      params.putObject("area").putObject("outline_circle").<ObjectNode>set("center",
          Json.MAPPER.createObjectNode().put("lat", 34.0).put("lng", 38.0)).putObject("radius").put("value", 5000)
          .put("units", "M");
      assertThat(usaOps.call("POST", "/liaison/v1/channels/" + ch + "/messages", phrase).status()).isEqualTo(201);

      // The hub relays metadata and ciphertext only.
      ChannelsClient.Answer atHub = hubAsRus.call("GET", "/channels/" + ch + "/messages", null);
      assertThat(atHub.body().get("messages")).hasSize(2);
      assertThat(atHub.body().toString()).doesNotContain("Homs").doesNotContain("remain-below-level");
      assertThat(atHub.body().get("messages").get(0).get("priority").asText()).isEqualTo("urgent");

      // rus's node opens both, and renders the phrase itself.
      NodeClient.Answer page = rusOps.call("GET", "/liaison/v1/channels/" + ch + "/messages", null);
      assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
      JsonNode first = page.body().get("messages").get(0);
      assertThat(first.get("text").asText()).isEqualTo(SECRET);
      assertThat(first.get("rendered").get("text").asText()).isEqualTo(SECRET);
      JsonNode second = page.body().get("messages").get(1);
      assertThat(second.get("rendered").get("text").asText()).startsWith("Request: remain at or below FL120");
      assertThat(second.get("links")).isNotEmpty();

      // Read and acknowledged through the node, which signs both statements.
      assertThat(rusOps.call("POST", "/liaison/v1/channels/" + ch + "/messages/" + id + "/read", null).status())
          .isEqualTo(200);
      NodeClient.Answer ack = rusOps.call("POST", "/liaison/v1/channels/" + ch + "/messages/" + id + "/ack",
          Json.MAPPER.createObjectNode().put("reply", "Line staffed"));
      assertThat(ack.status()).as(ack.body().toString()).isEqualTo(200);
      assertThat(ack.body().get("state").asText()).isEqualTo("acknowledged");

      // rus's node signed the delivery when it opened the message.
      cluster.hub.ledger().sequence();
      assertThat(cluster.hub.ledger().search("rus", "message.delivered", null, null, 10)).isNotEmpty()
          .allSatisfy(e -> assertThat(Json.MAPPER.readTree(e.entry()).get("signature").asText()).isNotEmpty());
      // Nowhere in the hub's database is the text.
      assertThat(hubDatabaseText()).doesNotContain("Homs").doesNotContain("remain-below-level");
    }
  }

  @Test
  void a_body_the_hub_altered_is_shown_as_undecryptable_and_reported() throws Exception {
    try (Cluster cluster = new Cluster(dir)) {
      Node usa = cluster.node("usa");
      Node rus = cluster.node("rus");
      ChannelsClient hubAsUsa = new ChannelsClient(cluster.hubUrl,
          TokenProvider.fixed(cluster.token("usa", "liaison.channels.read", "liaison.channels.write")));
      for (String p : new String[] {"usa", "rus"}) {
        Cluster.await(Duration.ofSeconds(30), p + "'s keys at the hub", () -> hubAsUsa.currentKeys(p).isPresent());
      }
      ObjectNode create = Json.MAPPER.createObjectNode().put("name", "hotline").put("kind", "bilateral");
      create.putArray("members").add("rus");
      String ch = Cluster.client(usa).call("POST", "/liaison/v1/channels", create).body().get("id").asText();
      String id = Cluster.client(usa).call("POST", "/liaison/v1/channels/" + ch + "/messages",
          Json.MAPPER.createObjectNode().put("text", SECRET)).body().get("id").asText();

      // The hostile hub flips a bit of the stored ciphertext.
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hub").resolve("hub.db"))) {
        String sealed;
        try (PreparedStatement ps = c.prepareStatement("SELECT sealed FROM channel_messages WHERE id = ?")) {
          ps.setString(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            sealed = rs.getString(1);
          }
        }
        ObjectNode s = (ObjectNode) Json.MAPPER.readTree(sealed);
        byte[] ct = Base64.getDecoder().decode(s.get("ciphertext").asText());
        ct[0] ^= 1;
        s.put("ciphertext", Base64.getEncoder().encodeToString(ct));
        try (PreparedStatement ps = c.prepareStatement("UPDATE channel_messages SET sealed = ? WHERE id = ?")) {
          ps.setString(1, s.toString());
          ps.setString(2, id);
          assertThat(ps.executeUpdate()).isEqualTo(1);
        }
      }

      NodeClient.Answer page = Cluster.client(rus).call("GET", "/liaison/v1/channels/" + ch + "/messages", null);
      assertThat(page.status()).isEqualTo(200);
      JsonNode m = page.body().get("messages").get(0);
      assertThat(m.get("id").asText()).isEqualTo(id);
      assertThat(m.get("decrypted").asBoolean()).isFalse();
      assertThat(m.get("undecryptable").asText()).startsWith("the body does not open");
      assertThat(m.get("text").isNull()).isTrue();

      cluster.hub.ledger().sequence();
      var reports = cluster.hub.ledger().search("rus", "message.undecryptable", null, null, 10);
      assertThat(reports).hasSize(1);
      JsonNode entry = Json.MAPPER.readTree(reports.get(0).entry());
      assertThat(entry.get("message_id").asText()).isEqualTo(id);
      assertThat(entry.get("reason").asText()).startsWith("the body does not open");
      // rus's own signed statement, not the hub's account of it.
      assertThat(entry.get("statement").get("type").asText()).isEqualTo("message.undecryptable");
      assertThat(entry.get("signature").asText()).isNotEmpty();
      // The sender is told.
      ChannelsClient.Answer events = hubAsUsa.call("GET", "/events?after=0", null);
      assertThat(events.body().toString()).contains("\"type\":\"undecryptable\"");
      // Shown again, it is not reported again.
      Cluster.client(rus).call("GET", "/liaison/v1/channels/" + ch + "/messages", null);
      cluster.hub.ledger().sequence();
      assertThat(cluster.hub.ledger().search("rus", "message.undecryptable", null, null, 10)).hasSize(1);
    }
  }

  private String hubDatabaseText() throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hub").resolve("hub.db"))) {
      for (String t : new String[] {"channel_messages", "channel_deliveries", "channel_events", "ledger_entries"}) {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + t); ResultSet rs = ps.executeQuery()) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= n; i++) {
              Object o = rs.getObject(i);
              out.append(o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : o).append('|');
            }
          }
        }
      }
    }
    return out.toString();
  }
}
