package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.auth.Principal;
import org.liaison.errors.ApiException;
import org.liaison.node.NodeStore.Seen;
import org.liaison.store.Database;

/**
 * Many notifications at once, about the same and different entities: the picture decides each
 * under its entity's lock and stores them in batches, so this checks that the result is what one
 * notification at a time gives, that each answer comes only once its notification is stored, and
 * that the events of an entity come in the order its changes were stored.
 */
class PictureConcurrencyTest {
  private static final int ENTITIES = 12;
  private static final int VERSIONS = 6;
  private static final int THREADS = 16;
  @TempDir Path dir;
  private Database db;
  private NodeStore store;
  private Events events;
  private final List<ObjectNode> published = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() {
    db = Database.embedded(dir, "node.db", List.of("classpath:db/node"));
    store = new NodeStore(db);
    events = new Events();
    events.listen((name, data) -> published.add(data));
  }

  @AfterEach
  void tearDown() {
    events.close();
    db.close();
  }

  /** One notification to send: an entity's version, or its deletion (version 0), by {@code sender}. */
  record Note(UUID id, String manager, String sender, long version) {
    JsonNode json() {
      ObjectNode n = PeerApiTest.notification(id, manager, Math.max(version, 1), "ovn-" + version);
      if (version == 0) {
        n.remove("operational_intent");
      }
      return n;
    }

    Principal principal() {
      return new Principal(sender, Set.of(), Instant.now().plusSeconds(3600));
    }
  }

  private static String outcome(Picture p, Note n) {
    try {
      p.operationalIntent(n.principal(), n.json());
      return "204";
    } catch (ApiException e) {
      return e.kind().name();
    }
  }

  @Test
  void concurrent_versions_end_as_one_at_a_time_does_and_each_answer_follows_its_commit() throws Exception {
    Random random = new Random(17);
    List<UUID> ids = new ArrayList<>();
    List<Note> notes = new ArrayList<>();
    for (int e = 0; e < ENTITIES; e++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      String manager = "P" + (e % 3);
      for (long v = 1; v <= VERSIONS; v++) {
        notes.add(new Note(id, manager, manager, v));
        notes.add(new Note(id, manager, manager, v)); // the same one again
      }
      notes.add(new Note(id, manager, "intruder", VERSIONS + 1)); // names another manager: always 403
    }
    Collections.shuffle(notes, random);

    Map<Note, String> outcomes = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> early = new ConcurrentLinkedQueue<>();
    try (Picture picture = new Picture(store, events, Clock.systemUTC())) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> done = new ArrayList<>();
      for (Note n : notes) {
        done.add(pool.submit(() -> {
          String o = outcome(picture, n);
          outcomes.merge(n, o, (a, b) -> a + "," + b);
          if (o.equals("204")) {
            Seen s = store.seen(n.id()); // answered, so stored: at this version or a newer one
            if (s == null || s.version() < n.version()) {
              early.add(n + " answered before it was stored: " + s);
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
      pool.shutdown();
    }
    assertThat(early).isEmpty();

    // The model: one notification at a time, in the same shuffled order, on a fresh node.
    Map<UUID, Long> model = new HashMap<>();
    for (Note n : notes) {
      if (n.sender().equals(n.manager())) {
        model.merge(n.id(), n.version(), Math::max);
      }
    }
    Path other = dir.resolve("sequential");
    try (Database seqDb = Database.embedded(other, "node.db", List.of("classpath:db/node"));
        Picture sequential = new Picture(new NodeStore(seqDb), new Events(), Clock.systemUTC())) {
      for (Note n : notes) {
        outcome(sequential, n);
      }
      NodeStore seqStore = new NodeStore(seqDb);
      for (UUID id : ids) {
        Seen concurrent = store.seen(id);
        Seen one = seqStore.seen(id);
        assertThat(concurrent.version()).as("final version of %s", id).isEqualTo(model.get(id)).isEqualTo(one.version());
        assertThat(concurrent.doc()).isEqualTo(one.doc()).contains("ovn-" + VERSIONS);
        assertThat(concurrent.manager()).isEqualTo(one.manager());
        assertThat(concurrent.deleted()).isFalse();
      }
    }

    for (Note n : notes) {
      if (!n.sender().equals(n.manager())) {
        assertThat(outcomes.get(n)).as("intruder %s", n).isEqualTo("FORBIDDEN");
      } else {
        assertThat(outcomes.get(n).split(",")).as("%s", n).allMatch(o -> o.equals("204") || o.equals("CONFLICT"));
      }
    }
    // The newest version is accepted both times it is sent (the second is "the same again").
    for (UUID id : ids) {
      assertThat(outcomes.entrySet().stream()
          .filter(e -> e.getKey().id().equals(id) && e.getKey().version() == VERSIONS && e.getKey().sender().equals(e.getKey().manager()))
          .map(Map.Entry::getValue)).containsExactly("204,204");
    }

    // Events: per entity, strictly rising versions, "new" first, the last one the stored version.
    Map<UUID, List<ObjectNode>> byId = new HashMap<>();
    for (ObjectNode e : published) {
      byId.computeIfAbsent(UUID.fromString(e.path("id").asText()), k -> new ArrayList<>()).add(e);
    }
    for (UUID id : ids) {
      List<ObjectNode> es = byId.get(id);
      assertThat(es).isNotEmpty();
      assertThat(es.get(0).path("change").asText()).isEqualTo("new");
      for (int i = 1; i < es.size(); i++) {
        assertThat(es.get(i).path("change").asText()).isEqualTo("updated");
        assertThat(es.get(i).path("version").asLong()).isGreaterThan(es.get(i - 1).path("version").asLong());
      }
      assertThat(es.get(es.size() - 1).path("version").asLong()).isEqualTo(VERSIONS);
    }
  }

  @Test
  void concurrent_versions_and_deletions_leave_the_store_as_the_last_event_says() throws Exception {
    Random random = new Random(42);
    List<UUID> ids = new ArrayList<>();
    List<Note> notes = new ArrayList<>();
    for (int e = 0; e < ENTITIES; e++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      for (long v = 1; v <= VERSIONS; v++) {
        notes.add(new Note(id, "B", "B", v));
        notes.add(new Note(id, "B", "B", random.nextInt(3) == 0 ? 0 : v)); // a deletion or the same again
      }
    }
    Collections.shuffle(notes, random);
    try (Picture picture = new Picture(store, events, Clock.systemUTC())) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<String>> done = new ArrayList<>();
      for (Note n : notes) {
        done.add(pool.submit(() -> outcome(picture, n)));
      }
      for (Future<String> f : done) {
        assertThat(f.get(2, TimeUnit.MINUTES)).isIn("204", "CONFLICT");
      }
      pool.shutdown();
    }
    Map<UUID, ObjectNode> last = new HashMap<>();
    for (ObjectNode e : published) {
      last.put(UUID.fromString(e.path("id").asText()), e);
    }
    for (UUID id : ids) {
      Seen s = store.seen(id);
      ObjectNode e = last.get(id);
      assertThat(s.deleted()).as("%s stored %s, last event %s", id, s, e).isEqualTo(e.path("change").asText().equals("deleted"));
      if (!s.deleted()) {
        assertThat(s.version()).isEqualTo(e.path("version").asLong());
      }
    }

    // A new picture on the same store decides as the old one would have: it loaded what is stored.
    try (Picture again = new Picture(store, events, Clock.systemUTC())) {
      for (UUID id : ids) {
        Seen s = store.seen(id);
        if (s.deleted() || s.version() < 2) {
          continue;
        }
        Note older = new Note(id, "B", "B", s.version() - 1);
        assertThatThrownBy(() -> again.operationalIntent(older.principal(), older.json()))
            .isInstanceOfSatisfying(ApiException.class, x -> assertThat(x.kind()).isEqualTo(ApiException.Kind.CONFLICT));
        Note same = new Note(id, "B", "B", s.version());
        int before = published.size();
        again.operationalIntent(same.principal(), same.json());
        assertThat(published).hasSize(before); // the same again changes nothing
        ObjectNode changed = (ObjectNode) same.json();
        ((ObjectNode) changed.at("/operational_intent/details")).put("priority", 7);
        assertThatThrownBy(() -> again.operationalIntent(same.principal(), changed))
            .isInstanceOfSatisfying(ApiException.class, x -> assertThat(x.kind()).isEqualTo(ApiException.Kind.CONFLICT));
        Note intruder = new Note(id, "C", "C", s.version() + 1);
        assertThatThrownBy(() -> again.operationalIntent(intruder.principal(), intruder.json()))
            .isInstanceOfSatisfying(ApiException.class, x -> assertThat(x.kind()).isEqualTo(ApiException.Kind.FORBIDDEN));
      }
    }
  }
}
