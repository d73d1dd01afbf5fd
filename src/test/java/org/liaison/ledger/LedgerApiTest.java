package org.liaison.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.liaison.proof.Checkpoint;
import org.liaison.proof.CompactRange;
import org.liaison.proof.LogVerifier;
import org.liaison.proof.Merkle;
import org.liaison.proof.Receipt;
import org.liaison.proof.SignedNote;
import org.liaison.proof.VerifierKey;

/**
 * The ledger API through a real hub: one hub with a fresh ledger first, then with entries written
 * by DSS calls, whose proofs must verify with {@link Merkle}'s RFC 9162 verifiers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String L = "/liaison/v1/ledger";
  /** Entries written in {@link #writes}: 13 is not a power of two, so trees are ragged. */
  private static final int WRITTEN = 13;

  private HubFixture hub;
  private String token;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    hub = HubFixture.start(dir);
    token = hub.readToken();
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  private JsonNode ok(String path) throws Exception {
    HttpResponse<String> r = hub.get(path, token);
    assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static byte[] b64(JsonNode n) {
    return Base64.getDecoder().decode(n.asText());
  }

  // The hub starts fresh; this test runs first, checks that, then writes and checks the entries.
  // The other tests run against the hub with those entries.

  @Test
  @Order(1)
  void fresh_hub_serves_size_0_with_the_empty_root_then_proves_what_dss_writes_recorded() throws Exception {
    JsonNode cp = ok(L + "/checkpoint");
    assertThat(cp.get("origin").asText()).isEqualTo("liaison/test");
    assertThat(cp.get("tree_size").asLong()).isZero();
    byte[] emptySha256 = MessageDigest.getInstance("SHA-256").digest(new byte[0]);
    assertThat(b64(cp.get("root_hash"))).isEqualTo(emptySha256);
    JsonNode key = ok(L + "/key");
    assertThat(key.get("algorithm").asText()).isEqualTo("Ed25519");
    assertThat(b64(key.get("public_key"))).hasSize(32);
    Checkpoint signed = SignedNote.verify(cp.get("note").asText(), key.get("name").asText(), b64(key.get("public_key")));
    assertThat(signed).isEqualTo(new Checkpoint("liaison/test", 0, emptySha256));
    assertThat(cp.has("cosigned_note")).isFalse();
    assertThat(ok(L + "/entries?start=0&end=0").get("entries")).isEmpty();
    assertThat(ok(L + "/proof/consistency?first=0&second=0").get("consistency_path")).isEmpty();
    assertThat(hub.get(L + "/proof/inclusion?index=0&tree_size=0", token).statusCode()).isEqualTo(400);

    List<Receipt> receipts = writes();
    checkEntries(receipts, signed(key));
  }

  private List<Receipt> writes() throws Exception {
    List<Receipt> receipts = new ArrayList<>();
    for (int i = 0; i < WRITTEN - 2; i++) {
      receipts.add(hub.putNotice(i % 2 == 0 ? "blue" : "red", 40.0 + i * 0.1));
    }
    receipts.add(hub.setAvailability("green", "", "Normal"));
    receipts.add(hub.setAvailability("green", "1", "Down"));
    hub.sequence();
    return receipts;
  }

  private VerifierKey signed(JsonNode key) {
    return new VerifierKey(key.get("name").asText(), b64(key.get("public_key")));
  }

  private void checkEntries(List<Receipt> receipts, VerifierKey key) throws Exception {
    JsonNode cp = ok(L + "/checkpoint");
    Checkpoint head = SignedNote.verify(cp.get("note").asText(), key);
    assertThat(head.size()).isEqualTo(WRITTEN);
    assertThat(cp.get("tree_size").asLong()).isEqualTo(WRITTEN);
    assertThat(b64(cp.get("root_hash"))).isEqualTo(head.root());

    // Receipts carry their index (the embedded store sequences in the write's transaction) and
    // the hub's signature over the leaf hash.
    JsonNode entries = ok(L + "/entries?start=0&end=" + WRITTEN).get("entries");
    assertThat(entries).hasSize(WRITTEN);
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < WRITTEN; i++) {
      JsonNode e = entries.get(i);
      byte[] bytes = b64(e.get("entry"));
      byte[] leaf = b64(e.get("leaf_hash"));
      assertThat(e.get("index").asLong()).isEqualTo(i);
      assertThat(Merkle.leafHash(bytes)).isEqualTo(leaf);
      assertThat(receipts.get(i).index()).isEqualTo(i);
      assertThat(receipts.get(i).leafHashBytes()).isEqualTo(leaf);
      assertThat(receipts.get(i).verify(key.publicKey())).isTrue();
      assertThat(LogVerifier.isCanonical(bytes)).isTrue();
      leaves.add(leaf);
    }
    JsonNode first = JSON.readTree(b64(entries.get(0).get("entry")));
    assertThat(first.get("type").asText()).isEqualTo("notice.create");
    assertThat(first.get("party").asText()).isEqualTo("blue");
    assertThat(JSON.readTree(b64(entries.get(WRITTEN - 1).get("entry"))).get("availability").asText()).isEqualTo("Down");

    // Every inclusion proof in every tree size, and every consistency proof, verifies.
    List<byte[]> roots = new ArrayList<>();
    CompactRange range = new CompactRange();
    roots.add(range.root());
    for (byte[] leaf : leaves) {
      range.append(leaf);
      roots.add(range.root());
    }
    assertThat(roots.get(WRITTEN)).isEqualTo(head.root());
    for (int n = 1; n <= WRITTEN; n++) {
      for (int i = 0; i < n; i++) {
        JsonNode p = ok(L + "/proof/inclusion?index=" + i + "&tree_size=" + n);
        assertThat(p.get("index").asLong()).isEqualTo(i);
        assertThat(p.get("tree_size").asLong()).isEqualTo(n);
        assertThat(Merkle.verifyInclusion(leaves.get(i), i, n, hashes(p.get("inclusion_path")), roots.get(n)))
            .as("inclusion of %d in %d", i, n).isTrue();
      }
      for (int m = 0; m <= n; m++) {
        JsonNode p = ok(L + "/proof/consistency?first=" + m + "&second=" + n);
        assertThat(Merkle.verifyConsistency(m, n, hashes(p.get("consistency_path")), roots.get(m), roots.get(n)))
            .as("consistency %d → %d", m, n).isTrue();
      }
    }
    assertThat(ok(L + "/proof/consistency?first=7&second=7").get("consistency_path")).isEmpty();

    // An entry can be found by the leaf hash on its receipt, in base64 or hex.
    Receipt fifth = receipts.get(5);
    JsonNode byHash = ok(L + "/proof/inclusion?tree_size=" + WRITTEN + "&leaf_hash="
        + URLEncoder.encode(fifth.leafHash(), StandardCharsets.UTF_8));
    assertThat(byHash.get("index").asLong()).isEqualTo(5);
    assertThat(Merkle.verifyInclusion(leaves.get(5), 5, WRITTEN, hashes(byHash.get("inclusion_path")), head.root())).isTrue();
    assertThat(ok(L + "/proof/inclusion?tree_size=" + WRITTEN + "&leaf_hash="
        + HexFormat.of().formatHex(fifth.leafHashBytes())).get("index").asLong()).isEqualTo(5);

    // Search answers an inquiry by party, type and time.
    JsonNode blue = ok(L + "/search?party=blue&type=notice.create").get("entries");
    assertThat(blue).hasSize(6);
    assertThat(blue.get(1).get("index").asLong()).isEqualTo(2);
    assertThat(ok(L + "/search?party=green").get("entries")).hasSize(2);
    assertThat(ok(L + "/search?type=availability.set&limit=1").get("entries")).hasSize(1);
    String tomorrow = Instant.now().plusSeconds(86_400).toString();
    assertThat(ok(L + "/search?from=" + tomorrow).get("entries")).isEmpty();
    assertThat(ok(L + "/search?to=" + tomorrow).get("entries")).hasSize(WRITTEN);
    assertThat(ok(L + "/search?from=2020-01-01T00:00:00%2B02:00").get("entries")).hasSize(WRITTEN);
  }

  private static List<byte[]> hashes(JsonNode arr) {
    List<byte[]> out = new ArrayList<>();
    arr.forEach(h -> out.add(b64(h)));
    return out;
  }

  static Stream<Arguments> badInput() {
    String big = "99999999999999999999";
    return Stream.of(
        Arguments.of("/entries?start=0", "end is missing"),
        Arguments.of("/entries?start=abc&end=1", "start \"abc\" is not a whole number"),
        Arguments.of("/entries?start=-1&end=1", "start -1 is negative"),
        Arguments.of("/entries?start=0&end=" + big, "end \"" + big + "\" is not a whole number"),
        Arguments.of("/entries?start=3&end=2", "start 3 is after end 2"),
        Arguments.of("/entries?start=0&end=1001", "more than 1000"),
        Arguments.of("/entries?start=0&end=1000000", "more than 1000"),
        Arguments.of("/entries?start=0&end=999", "end 999 is beyond the tree size"),
        Arguments.of("/proof/inclusion?index=0", "tree_size is missing"),
        Arguments.of("/proof/inclusion?index=x&tree_size=1", "index \"x\" is not a whole number"),
        Arguments.of("/proof/inclusion?index=-2&tree_size=1", "index -2 is negative"),
        Arguments.of("/proof/inclusion?index=0&tree_size=-1", "tree_size -1 is negative"),
        Arguments.of("/proof/inclusion?index=0&tree_size=1000000", "tree_size 1000000 is beyond the tree size"),
        Arguments.of("/proof/inclusion?index=1000&tree_size=1", "index 1000 is beyond the tree of size 1"),
        Arguments.of("/proof/inclusion?leaf_hash=nothex!&tree_size=1", "leaf_hash"),
        Arguments.of("/proof/inclusion?leaf_hash=AAAA&tree_size=1", "is 3 bytes, not 32"),
        Arguments.of("/proof/inclusion?index=0&leaf_hash=AAAA&tree_size=1", "not both"),
        Arguments.of("/proof/consistency?first=1", "second is missing"),
        Arguments.of("/proof/consistency?first=1.5&second=2", "first \"1.5\" is not a whole number"),
        Arguments.of("/proof/consistency?first=-1&second=2", "first -1 is negative"),
        Arguments.of("/proof/consistency?first=3&second=2", "first 3 is greater than second 2"),
        Arguments.of("/proof/consistency?first=0&second=1000000", "second 1000000 is beyond the tree size"),
        Arguments.of("/search?from=yesterday", "from \"yesterday\" is not an RFC 3339 date-time"),
        Arguments.of("/search?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to 2026-01-01T00:00:00Z is before from"),
        Arguments.of("/search?limit=5000", "limit 5000 is more than 1000"),
        Arguments.of("/search?limit=-5", "limit -5 is negative"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void bad_input_is_400_naming_the_parameter_and_value(String query, String message) throws Exception {
    HttpResponse<String> r = hub.get(L + query, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("message").asText()).contains(message);
  }

  @Test
  void unknown_leaf_hash_is_404() throws Exception {
    String zero = HexFormat.of().formatHex(new byte[32]);
    HttpResponse<String> r = hub.get(L + "/proof/inclusion?tree_size=0&leaf_hash=" + zero, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    assertThat(r.body()).contains("is not in the log");
  }

  @Test
  void reading_needs_a_token_with_the_ledger_read_scope() throws Exception {
    HttpResponse<String> none = hub.get(L + "/checkpoint", null);
    assertThat(none.statusCode()).isEqualTo(401);
    HttpResponse<String> wrongScope = hub.get(L + "/checkpoint", hub.token("blue", HubFixture.SC));
    assertThat(wrongScope.statusCode()).isEqualTo(403);
    assertThat(hub.get(L + "/key", hub.token("witness", LedgerRoutes.WITNESS)).statusCode()).isEqualTo(200);
  }
}
