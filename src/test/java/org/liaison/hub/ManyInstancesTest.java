package org.liaison.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.liaison.testkit.EmbeddedPg;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.deconfliction.DssClient;
import org.liaison.deconfliction.Party;
import org.liaison.deconfliction.Req;
import org.liaison.deconfliction.Resp;
import org.liaison.deconfliction.Site;

/**
 * Hub instances sharing one PostgreSQL database, with nothing helping them along: no test hook
 * makes an instance read the shared log early.
 */
class ManyInstancesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres pg;

  @TempDir Path dir;
  private final List<Hub> hubs = new ArrayList<>();

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPg.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    pg.close();
  }

  @AfterEach
  void stopHubs() {
    hubs.forEach(Hub::close);
  }

  private String freshDatabase() throws Exception {
    String name = "many_" + DATABASES.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  private Hub start(String jdbcUrl, String name) throws Exception {
    Hub h = Hub.start(new HubOptions(name, "127.0.0.1", 0, dir.resolve(name), jdbcUrl, "localhost",
        List.of(), null, true, true), Clock.systemUTC());
    hubs.add(h);
    return h;
  }

  /** A token from the instance's dev-auth endpoint, as a party's node would fetch it. */
  private static String devToken(Hub h, String sub) throws Exception {
    String q = "grant_type=client_credentials&intended_audience=localhost&issuer=test&sub=" + sub
        + "&scope=" + URLEncoder.encode(DssClient.SC, StandardCharsets.UTF_8);
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + h.port() + "/token?" + q)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("access_token").asText();
  }

  private static Party party(Hub h, String name, String token) {
    return DssClient.local(h.port(), java.time.Instant::now, (sub, scopes) -> token).party(name, DssClient.SC);
  }

  @Test
  void a_token_minted_by_one_instance_is_accepted_by_the_others() throws Exception {
    String url = freshDatabase();
    Hub a = start(url, "a");
    Hub b = start(url, "b");
    Hub c = start(url, "c");

    String token = devToken(b, "p1");
    for (Hub h : List.of(a, b, c)) {
      party(h, "p1", token).queryOis(Site.next().circle(100)).expect(200);
    }
  }

  @Test
  void a_change_on_one_instance_reaches_the_others_by_itself() throws Exception {
    String url = freshDatabase();
    Hub a = start(url, "a");
    Hub b = start(url, "b");
    Party writer = party(a, "p1", devToken(a, "p1"));
    Party reader = party(b, "p1", devToken(b, "p1"));

    int n = 40;
    long[] micros = new long[n];
    for (int i = 0; i < n; i++) {
      UUID id = UUID.randomUUID();
      Resp created = writer.putOi(id, Req.oi(Site.next().circle(100)));
      created.expect(201);
      long t0 = System.nanoTime();
      long deadline = t0 + Duration.ofSeconds(20).toNanos();
      Resp seen;
      while ((seen = reader.getOi(id)).status() == 404 && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      assertThat(seen.status()).as("create %d of %s seen on the other instance", i, id).isEqualTo(200);
      assertThat(seen.oi().path("ovn").asText()).isEqualTo(created.oi().path("ovn").asText());
      micros[i] = (System.nanoTime() - t0) / 1_000;
    }
    Arrays.sort(micros);
    // A figure for the record (docs/reliability.md), not an assertion: this machine is shared.
    System.out.printf("visible on the other instance after: p50 %d ms, max %d ms (%d creates)%n",
        micros[n / 2] / 1000, micros[n - 1] / 1000, n);
  }

  @Test
  void the_sequencer_lease_moves_when_its_holder_stops_and_the_log_stays_consistent() throws Exception {
    String url = freshDatabase();
    Hub a = start(url, "a");
    Hub b = start(url, "b");
    awaitTrue(() -> a.ledger().isSequencer() || b.ledger().isSequencer(), "some instance sequences");
    assertThat(a.ledger().isSequencer() && b.ledger().isSequencer()).as("both sequence").isFalse();
    Hub holder = a.ledger().isSequencer() ? a : b;
    Hub other = holder == a ? b : a;

    Party writer = party(other, "p1", devToken(other, "p1"));
    for (int i = 0; i < 20; i++) {
      writer.putOi(UUID.randomUUID(), Req.oi(Site.next().circle(100))).expect(201);
    }
    holder.close();
    hubs.remove(holder);
    for (int i = 0; i < 20; i++) {
      writer.putOi(UUID.randomUUID(), Req.oi(Site.next().circle(100))).expect(201);
    }
    awaitTrue(() -> other.ledger().isSequencer(), "the other instance takes over");
    long entries = count(url, "SELECT count(*) FROM ledger_entries");
    awaitTrue(() -> other.ledger().size() == entries, "every entry sequenced");
    assertThat(count(url, "SELECT count(DISTINCT idx) FROM ledger_index")).isEqualTo(entries);
    assertThat(count(url, "SELECT max(idx) + 1 FROM ledger_index")).isEqualTo(entries);

    // A new instance rebuilds the tree from the stored index and checks it against the last
    // checkpoint signed; it refuses to start on a log that does not match.
    Hub fresh = start(url, "d");
    assertThat(fresh.ledger().size()).isEqualTo(entries);
    assertThat(fresh.ledger().published().checkpoint().root())
        .isEqualTo(other.ledger().published().checkpoint().root());
  }

  @Test
  void an_instance_whose_missing_changes_were_pruned_reloads_from_the_tables() throws Exception {
    String url = freshDatabase();
    Hub a = start(url, "a");
    Hub b = start(url, "b");
    Party writer = party(a, "p1", devToken(a, "p1"));
    Party reader = party(b, "p1", devToken(b, "p1"));
    UUID before = UUID.randomUUID();
    writer.putOi(before, Req.oi(Site.next().circle(100))).expect(201);
    awaitTrue(() -> reader.getOi(before).status() == 200, "the first create seen on b");

    // As if changes b never read had been pruned: the next one b finds is not the one after its last.
    execute(url, "UPDATE dss_log_head SET seq = seq + 5 WHERE id = 1");
    UUID after = UUID.randomUUID();
    writer.putOi(after, Req.oi(Site.next().circle(100))).expect(201);

    awaitTrue(() -> reader.getOi(after).status() == 200, "b reloaded and sees the second create");
    reader.getOi(before).expect(200);
    // And b writes again.
    reader.putOi(UUID.randomUUID(), Req.oi(Site.next().circle(100))).expect(201);
  }

  private static void execute(String url, String sql) throws Exception {
    try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  private static long count(String url, String sql) throws Exception {
    try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void awaitTrue(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!check.ok()) {
      assertThat(System.nanoTime()).as("waited 30 s for: " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
