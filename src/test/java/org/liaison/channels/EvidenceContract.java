package org.liaison.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.liaison.cli.LedgerCommand;
import org.liaison.client.ChannelsClient;
import org.liaison.http.Json;
import org.liaison.keys.PartyKeys;
import org.liaison.keys.Statement;
import org.liaison.proof.Canonical;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.Merkle;
import picocli.CommandLine;

/**
 * Evidence bundles from a real run: {@code liaison ledger prove --message} writes one, {@code
 * verify-evidence} checks it offline; a bundle with any part altered fails, and so does a hub that
 * forged an acknowledgement in its own database.
 */
abstract class EvidenceContract extends ChannelsFixture {

  PartyKeys keys(String party) {
    return PartyKeys.generate(party, clock.instant());
  }

  ChannelsClient client(String party, PartyKeys k) {
    return new ChannelsClient(java.net.URI.create("http://127.0.0.1:" + hub.port()),
        org.liaison.client.TokenProvider.signing(hub.devAuthority().withClock(clock), party, Api.SCOPES, clock),
        java.time.Duration.ofSeconds(30)).signingWith(k, clock);
  }

  record Run(int exit, String out) {}

  static Run ledgerCli(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cmd = LedgerCommand.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(out, true));
    return new Run(cmd.execute(args), out.toString());
  }

  /** usa warns rus, rus acknowledges, all signed; returns the message as usa posted it. */
  JsonNode warningAcknowledged(PartyKeys usaKeys, PartyKeys rusKeys) {
    ChannelsClient usa = client("usa", usaKeys);
    ChannelsClient rus = client("rus", rusKeys);
    assertThat(usa.ensurePublished().ok()).isTrue();
    assertThat(rus.ensurePublished().ok()).isTrue();
    String ch = bilateral(as("usa"), "rus");
    SignedStatementsContract.consented(ch, usa, rus);
    ChannelsClient.Answer posted = usa.post(ch, Api.obj().put("client_message_id", "warn-1")
        .put("text", "Aircraft at FL250 heading 270 over the valley").put("priority", "safety-of-flight"));
    assertThat(posted.status()).isEqualTo(201);
    String id = posted.body().get("id").asText();
    assertThat(rus.delivered(rus.message(ch, id).body()).ok()).isTrue();
    assertThat(rus.ack(ch, id, Api.obj().put("reply", "Received")).ok()).isTrue();
    return posted.body();
  }

  Path prove(String messageId) throws Exception {
    hub.ledger().sequence();
    Path file = dir.resolve("evidence-" + messageId + ".json");
    Run r = ledgerCli("prove", "--hub", "http://127.0.0.1:" + hub.port(), "--sub", "inquiry", "--message", messageId,
        "--out", file.toString());
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(Files.exists(file)).isTrue();
    return file;
  }

  @Test
  void a_bundle_from_a_real_run_verifies_offline_and_names_who_signed_what() throws Exception {
    PartyKeys usaKeys = keys("usa");
    PartyKeys rusKeys = keys("rus");
    JsonNode m = warningAcknowledged(usaKeys, rusKeys);
    Path file = prove(m.get("id").asText());
    hub.close(); // offline from here on
    hub = null;
    Run v = ledgerCli("verify-evidence", file.toString());
    assertThat(v.exit()).as(v.out()).isZero();
    assertThat(v.out()).contains("entry").contains("message.post signed by usa (key " + usaKeys.keyId() + ")")
        .contains("message.ack signed by rus (key " + rusKeys.keyId() + ")")
        .contains("message.delivered signed by rus")
        .contains("rus ACKNOWLEDGED message " + m.get("id").asText())
        .contains("implied by its signed message.ack")
        .contains("VERIFIED");
  }

  @Test
  void a_bundle_with_any_part_altered_fails() throws Exception {
    JsonNode m = warningAcknowledged(keys("usa"), keys("rus"));
    Path file = prove(m.get("id").asText());
    JsonNode good = Json.MAPPER.readTree(Files.readString(file));
    assertThat(verify(good).exit()).isZero();

    int ack = indexOfType(good, "message.ack");
    int key = indexOfType(good, "party.keys.publish");
    // Each part, altered on its own.
    assertFails(good, b -> entry(b, ack).put("entry", reencode(entry(b, ack), "\"party\":\"rus\"", "\"party\":\"rux\"")),
        "do not hash to its leaf hash");
    assertFails(good, b -> rehash(entry(b, ack), "\"late\":false", "\"late\":true"), "inclusion proof does not lead");
    assertFails(good, b -> ((ArrayNode) entry(b, ack).get("inclusion_path")).set(0,
        Base64.getEncoder().encodeToString(new byte[32])), "inclusion proof does not lead");
    assertFails(good, b -> b.put("checkpoint", b.get("checkpoint").asText().replaceFirst("\n\\d+\n", "\n1\n")),
        "checkpoint");
    assertFails(good, b -> b.put("log_key", LedgerKey.generate(hub.ledger().origin()).vkey()), "checkpoint");
    assertFails(good, b -> ((ArrayNode) b.get("entries")).remove(key), "was not its current key");
    assertFails(good, b -> b.set("content", Api.obj().put("text", "nothing to see")), "which no message.post entry names");
    assertFails(good, b -> b.put("format", "liaison-evidence/v0"), "format");
  }

  @Test
  void a_hub_that_forges_an_acknowledgement_in_its_database_is_caught_by_verify_evidence() throws Exception {
    PartyKeys usaKeys = keys("usa");
    PartyKeys rusKeys = keys("rus");
    ChannelsClient usa = client("usa", usaKeys);
    assertThat(usa.ensurePublished().ok()).isTrue();
    assertThat(client("rus", rusKeys).ensurePublished().ok()).isTrue();
    String ch = bilateral(as("usa"), "rus");
    SignedStatementsContract.consented(ch, usa, client("rus", rusKeys));
    JsonNode m = usa.post(ch, Api.obj().put("client_message_id", "warn-1").put("text", "Leave the valley")).body();

    // The operator writes, behind the API, an acknowledgement rus never made: once unsigned, once
    // signed with a key of the hub's own that claims to be rus's.
    ObjectNode item = Api.obj().put("channel_id", ch).put("message_id", m.get("id").asText()).put("seq", 1)
        .put("sender", "usa").put("message_sha256", m.get("message_sha256").asText());
    hostile(e -> e.putArray("messages").add(item.deepCopy().put("late", false).putNull("reply_sha256")
        .putNull("ack_deadline")));
    Path unsigned = prove(m.get("id").asText());
    Run v = verify(Json.MAPPER.readTree(Files.readString(unsigned)));
    assertThat(v.exit()).as(v.out()).isEqualTo(1);
    assertThat(v.out()).contains("message.ack by rus carries no signature, but rus had key " + rusKeys.keyId());

    PartyKeys impostor = PartyKeys.generate("rus", clock.instant());
    Statement s = Statement.of(Statement.Type.MESSAGE_ACK, "rus", clock.instant(), rusKeys.keyId());
    s.body().put("channel_id", ch).put("message_id", m.get("id").asText())
        .put("message_sha256", m.get("message_sha256").asText()).putNull("reply_sha256");
    String forgedSig = Base64.getEncoder().encodeToString(impostor.sign(s.signedBytes()));
    hostile(e -> {
      e.putArray("messages").add(item.deepCopy().put("late", false).putNull("reply_sha256").putNull("ack_deadline"));
      e.set("statement", s.body());
      e.put("signature", forgedSig);
    });
    Path signedBadly = prove(m.get("id").asText());
    v = verify(Json.MAPPER.readTree(Files.readString(signedBadly)));
    assertThat(v.exit()).isEqualTo(1);
    assertThat(v.out()).contains("rus's signature does not verify");
  }

  /** Adds a message.ack entry by rus straight into the hub's database, as its operator could. */
  void hostile(Consumer<ObjectNode> fill) throws Exception {
    ObjectNode e = hub.ledger().entry("message.ack", "rus", clock.instant());
    fill.accept(e);
    String url = databaseUrl() == null ? "jdbc:sqlite:" + dir.resolve("hub.db") : databaseUrl();
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      hub.ledger().record(c, e);
      c.commit();
    }
    hub.ledger().sequence();
  }

  Run verify(JsonNode bundle) throws Exception {
    Path f = Files.createTempFile(dir, "bundle", ".json");
    Files.writeString(f, Json.MAPPER.writeValueAsString(bundle));
    return ledgerCli("verify-evidence", f.toString());
  }

  void assertFails(JsonNode good, Consumer<ObjectNode> tamper, String expected) throws Exception {
    ObjectNode b = good.deepCopy();
    tamper.accept(b);
    Run r = verify(b);
    assertThat(r.exit()).as(r.out()).isEqualTo(1);
    assertThat(r.out()).contains(expected);
  }

  static int indexOfType(JsonNode bundle, String type) throws Exception {
    for (int i = 0; i < bundle.get("entries").size(); i++) {
      byte[] bytes = Base64.getDecoder().decode(bundle.get("entries").get(i).get("entry").asText());
      if (Json.MAPPER.readTree(bytes).get("type").asText().equals(type)) {
        return i;
      }
    }
    throw new AssertionError("no " + type + " entry in the bundle");
  }

  static ObjectNode entry(ObjectNode bundle, int i) {
    return (ObjectNode) bundle.get("entries").get(i);
  }

  static String reencode(ObjectNode e, String from, String to) {
    String text = new String(Base64.getDecoder().decode(e.get("entry").asText()), StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    return Base64.getEncoder().encodeToString(text.replace(from, to).getBytes(StandardCharsets.UTF_8));
  }

  /** Alters the entry and recomputes its leaf hash, so only the inclusion proof can tell. */
  static void rehash(ObjectNode e, String from, String to) {
    String changed = reencode(e, from, to);
    byte[] bytes = Base64.getDecoder().decode(changed);
    try {
      bytes = Canonical.canonicalize(Json.MAPPER.readTree(bytes));
    } catch (java.io.IOException ex) {
      throw new AssertionError(ex);
    }
    e.put("entry", Base64.getEncoder().encodeToString(bytes));
    e.put("leaf_hash", Base64.getEncoder().encodeToString(Merkle.leafHash(bytes)));
  }
}
