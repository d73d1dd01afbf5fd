package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.liaison.astm.Extents;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OiState;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.deconfliction.Models.Subscription;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Outline;
import org.liaison.geo.Polygon;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;
import org.liaison.ledger.Ledger;
import org.liaison.proof.LedgerKey;
import org.liaison.store.Database;

/**
 * Memory read from a {@link SnapshotFile} equals memory loaded from the tables, and a snapshot
 * that is stale, corrupt, truncated or of another version is refused, so the hub falls back to
 * the tables and answers the same.
 */
class SnapshotFileTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
  private static final LedgerKey KEY = LedgerKey.generate("liaison/snapshot-test");

  /** A real embedded store, its ledger, and random changes committed through {@link DssStore}. */
  private static final class Store implements AutoCloseable {
    final Path dir;
    final Path file;
    final Database db;
    final Ledger ledger;
    final LedgerEntries entries;
    final DssStore store;
    final Random random;
    final List<UUID> ois = new ArrayList<>();
    final List<UUID> constraints = new ArrayList<>();
    final List<UUID> subscriptions = new ArrayList<>();
    final Instant base = Instant.parse("2026-12-07T12:00:00Z");

    Store(long seed) throws IOException {
      dir = Files.createTempDirectory("liaison-snapshot-");
      file = dir.resolve("airspace.snapshot");
      db = Database.embedded(dir);
      ledger = Ledger.open(db, KEY, "snapshot-test", CLOCK);
      entries = new LedgerEntries(ledger);
      store = new DssStore(db, entries, false);
      random = new Random(seed);
    }

    Airspace open() {
      return new Airspace(db, ledger, CLOCK, true, false, Airspace.load(db, file));
    }

    /** Commits {@code n} random changes: puts, updates and deletes of every kind. */
    void change(int n) {
      for (int i = 0; i < n; i++) {
        Change ch = new Change();
        int ops = 1 + random.nextInt(3);
        for (int j = 0; j < ops; j++) {
          randomOp(ch);
        }
        ch.entry = ledger.entry("test.change", "p", CLOCK.instant());
        ch.prepared = entries.prepare(ch.entry);
        store.commit(List.of(ch));
      }
    }

    private void randomOp(Change ch) {
      int kind = random.nextInt(10);
      String manager = "uss" + random.nextInt(3);
      String url = "https://" + manager + ".example/uss";
      if (kind <= 2) {
        UUID id = !ois.isEmpty() && random.nextBoolean() ? pick(ois) : UUID.randomUUID();
        if (!ois.contains(id)) {
          ois.add(id);
        }
        UUID sub = subscriptions.isEmpty() || random.nextInt(3) == 0 ? null
            : random.nextInt(4) == 0 ? UUID.randomUUID() : pick(subscriptions);
        ch.putOis.add(new OperationalIntent(id, manager, 1 + random.nextInt(5), "ovn-" + random.nextInt(1000),
            OiState.values()[random.nextInt(OiState.values().length)], extents(), url, sub));
      } else if (kind == 3 && !ois.isEmpty()) {
        UUID id = pick(ois);
        ois.remove(id);
        ch.deleteOis.add(id);
      } else if (kind == 4) {
        UUID id = !constraints.isEmpty() && random.nextBoolean() ? pick(constraints) : UUID.randomUUID();
        if (!constraints.contains(id)) {
          constraints.add(id);
        }
        ch.putConstraints.add(new Constraint(id, manager, 1 + random.nextInt(5), "k" + random.nextInt(99), extents(), url));
      } else if (kind == 5 && !constraints.isEmpty()) {
        UUID id = pick(constraints);
        constraints.remove(id);
        ch.deleteConstraints.add(id);
      } else if (kind <= 7) {
        UUID id = !subscriptions.isEmpty() && random.nextBoolean() ? pick(subscriptions) : UUID.randomUUID();
        if (!subscriptions.contains(id)) {
          subscriptions.add(id);
        }
        ch.putSubscriptions.add(new Subscription(id, manager, 1 + random.nextInt(5), random.nextInt(100), extents(), url,
            random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), random.nextBoolean()));
      } else if (kind == 8 && !subscriptions.isEmpty()) {
        UUID id = pick(subscriptions);
        subscriptions.remove(id);
        ch.deleteSubscriptions.add(id);
      } else {
        ch.putAvailability.add(new PartyAvailability("party-" + random.nextInt(4),
            Availability.values()[random.nextInt(Availability.values().length)], random.nextInt(9)));
      }
    }

    private UUID pick(List<UUID> ids) {
      return ids.get(random.nextInt(ids.size()));
    }

    Extents extents() {
      int n = 1 + random.nextInt(3);
      List<Volume4D> vs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        vs.add(volume());
      }
      return new Extents(vs, vs.get(0).time().start().toString(), vs.get(n - 1).time().end().toString());
    }

    /** Within a few km of one place, so that volumes overlap and queries find them. */
    Volume4D volume() {
      double lat = 47 + random.nextDouble() * 0.1;
      double lng = 8 + random.nextDouble() * 0.1;
      Outline outline;
      if (random.nextBoolean()) {
        outline = Circle.of(LatLng.of(lat, lng, "c"), 10 + random.nextDouble() * 3000, "c");
      } else {
        double d = 0.001 + random.nextDouble() * 0.02;
        outline = Polygon.of(List.of(new LatLng(lat, lng), new LatLng(lat, lng + d), new LatLng(lat + d, lng + d / 2)));
      }
      double lower = random.nextInt(4) == 0 ? Double.NEGATIVE_INFINITY : random.nextInt(200);
      double upper = random.nextInt(4) == 0 ? Double.POSITIVE_INFINITY : 200 + random.nextDouble() * 100;
      Instant start = base.plusSeconds(random.nextInt(36_000)).plusNanos(random.nextInt(3) == 0 ? random.nextInt(1_000_000_000) : 0);
      return new Volume4D(outline, new AltitudeBand(lower, upper),
          new TimeWindow(start, start.plusSeconds(60 + random.nextInt(7200))));
    }

    @Override
    public void close() throws IOException {
      ledger.close();
      db.close();
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Two memories hold the same references, links and availability, and their indexes answer alike. */
  private static void assertSameMemory(State actual, State expected, Store s) {
    assertThat(actual.ois).isEqualTo(expected.ois);
    assertThat(actual.constraints).isEqualTo(expected.constraints);
    assertThat(actual.subscriptions).isEqualTo(expected.subscriptions);
    assertThat(actual.dependents).isEqualTo(expected.dependents);
    assertThat(actual.availability).isEqualTo(expected.availability);
    assertThat(new HashSet<>(actual.oiIndex.values())).isEqualTo(new HashSet<>(expected.oiIndex.values()));
    assertThat(new HashSet<>(actual.constraintIndex.values())).isEqualTo(new HashSet<>(expected.constraintIndex.values()));
    assertThat(new HashSet<>(actual.subscriptionIndex.values())).isEqualTo(new HashSet<>(expected.subscriptionIndex.values()));
    for (int i = 0; i < 20; i++) {
      List<Volume4D> area = List.of(s.volume());
      assertThat(new HashSet<>(actual.oiIndex.query(area))).isEqualTo(new HashSet<>(expected.oiIndex.query(area)));
      assertThat(new HashSet<>(actual.constraintIndex.query(area)))
          .isEqualTo(new HashSet<>(expected.constraintIndex.query(area)));
      assertThat(new HashSet<>(actual.subscriptionIndex.query(area)))
          .isEqualTo(new HashSet<>(expected.subscriptionIndex.query(area)));
    }
  }

  /** Memory as a full load of the tables builds it. */
  private static State fullLoad(Store s) {
    State m = new State();
    m.use(s.store.load());
    return m;
  }

  @Property(tries = 25)
  void memory_read_from_a_snapshot_equals_memory_loaded_from_the_tables(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 80) int changes) throws IOException {
    try (Store s = new Store(seed)) {
      s.change(changes);
      Airspace first = s.open();
      assertThat(first.loadedFromSnapshot()).isFalse();
      assertSameMemory(first.memory(), fullLoad(s), s);
      first.close();
      assertThat(s.file).exists();

      Airspace second = s.open();
      assertThat(second.loadedFromSnapshot()).isTrue();
      assertThat(s.file).doesNotExist();
      assertSameMemory(second.memory(), fullLoad(s), s);
      second.close();
    }
  }

  @Test
  void a_snapshot_taken_before_a_later_write_is_refused_and_the_tables_are_loaded() throws IOException {
    try (Store s = new Store(1)) {
      s.change(40);
      s.open().close();
      Path old = s.dir.resolve("old.snapshot");
      Files.copy(s.file, old);
      // A second open that writes and then stops without a clean shutdown leaves no snapshot ...
      Airspace second = s.open();
      assertThat(second.loadedFromSnapshot()).isTrue();
      second.close();
      s.change(1);
      // ... so the one it wrote at close, and any older copy, is behind the database.
      Airspace third = s.open();
      assertThat(third.loadedFromSnapshot()).isFalse();
      assertSameMemory(third.memory(), fullLoad(s), s);
      third.close();
      Files.copy(old, s.file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Airspace fourth = s.open();
      assertThat(fourth.loadedFromSnapshot()).isFalse();
      assertSameMemory(fourth.memory(), fullLoad(s), s);
      fourth.close();
    }
  }

  @Test
  void every_single_changed_byte_and_every_truncation_is_refused() throws Exception {
    try (Store s = new Store(2)) {
      s.change(30);
      s.open().close();
      byte[] good = Files.readAllBytes(s.file);
      DssStore.Fingerprint f = s.store.fingerprint();
      assertThat(SnapshotFile.read(s.file, f).ois()).hasSize(fullLoad(s).ois.size());
      Random random = new Random(2);
      for (int i = 0; i < good.length; i++) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 + random.nextInt(255));
        Files.write(s.file, bad);
        int at = i;
        assertThatThrownBy(() -> SnapshotFile.read(s.file, f)).as("byte %d changed", at)
            .isInstanceOf(SnapshotFile.Refused.class);
      }
      for (int n = 0; n < good.length; n++) {
        Files.write(s.file, Arrays.copyOf(good, n));
        int at = n;
        assertThatThrownBy(() -> SnapshotFile.read(s.file, f)).as("cut to %d bytes", at)
            .isInstanceOf(SnapshotFile.Refused.class);
      }
      Files.write(s.file, Arrays.copyOf(good, good.length + 1));
      assertThatThrownBy(() -> SnapshotFile.read(s.file, f)).isInstanceOf(SnapshotFile.Refused.class)
          .hasMessageContaining("after its end record");
    }
  }

  @Test
  void a_snapshot_of_another_format_version_is_refused_and_a_corrupt_one_falls_back_to_the_tables() throws Exception {
    try (Store s = new Store(3)) {
      s.change(30);
      s.open().close();
      byte[] good = Files.readAllBytes(s.file);
      // The header, with its checksum made right again: only the version differs.
      ByteBuffer b = ByteBuffer.wrap(good.clone());
      int headerLength = b.getInt(0);
      b.putInt(4 + 8, SnapshotFile.VERSION + 1);
      CRC32C crc = new CRC32C();
      crc.update(b.array(), 4, headerLength);
      b.putInt(4 + headerLength, (int) crc.getValue());
      Files.write(s.file, b.array());
      assertThatThrownBy(() -> SnapshotFile.read(s.file, s.store.fingerprint()))
          .isInstanceOf(SnapshotFile.Refused.class).hasMessageContaining("format version " + (SnapshotFile.VERSION + 1));

      Airspace other = s.open();
      assertThat(other.loadedFromSnapshot()).isFalse();
      assertSameMemory(other.memory(), fullLoad(s), s);
      other.close();

      byte[] bad = Files.readAllBytes(s.file);
      bad[bad.length / 2] ^= 0x40;
      Files.write(s.file, bad);
      Airspace corrupt = s.open();
      assertThat(corrupt.loadedFromSnapshot()).isFalse();
      assertThat(s.file).doesNotExist();
      assertSameMemory(corrupt.memory(), fullLoad(s), s);
      corrupt.close();
    }
  }

  /**
   * Chunks are indexed as they decode, so a corrupt chunk near the end is met after memory already
   * holds the chunks before it: the file is still refused, and memory is the tables' alone.
   */
  @Test
  void a_corrupt_last_chunk_is_refused_after_the_chunks_before_it_were_taken() throws Exception {
    try (Store s = new Store(4)) {
      int n = SnapshotFile.CHUNK + 500;
      for (int from = 0; from < n; from += 1000) {
        Change ch = new Change();
        for (int i = from; i < Math.min(n, from + 1000); i++) {
          UUID id = UUID.randomUUID();
          s.ois.add(id);
          ch.putOis.add(new OperationalIntent(id, "uss1", 1, "ovn-" + i, OiState.Accepted, s.extents(),
              "https://uss1.example/uss", null));
        }
        ch.entry = s.ledger.entry("test.change", "p", CLOCK.instant());
        ch.prepared = s.entries.prepare(ch.entry);
        s.store.commit(List.of(ch));
      }
      s.change(20);
      s.open().close();
      byte[] bad = Files.readAllBytes(s.file);
      // The end record (its 13-byte header and 16-byte body) follows the last chunk; the chunks
      // are the references' (two), then the other kinds'. The byte before the references' second
      // chunk's end is in that chunk.
      int secondChunkEnd = secondOiChunkEnd(bad);
      bad[secondChunkEnd - 1] ^= 0x40;
      Files.write(s.file, bad);
      State partial = new State();
      assertThatThrownBy(() -> SnapshotFile.read(s.file, s.store.fingerprint(), partial.filler()))
          .isInstanceOf(SnapshotFile.Refused.class).hasMessageContaining("checksum");
      assertThat(partial.ois).as("the first chunk was taken before the second was refused")
          .hasSize(SnapshotFile.CHUNK);

      Airspace corrupt = s.open();
      assertThat(corrupt.loadedFromSnapshot()).isFalse();
      assertThat(s.file).doesNotExist();
      assertThat(corrupt.memory().ois).hasSizeGreaterThan(n - 20);
      assertSameMemory(corrupt.memory(), fullLoad(s), s);
      corrupt.close();
    }
  }

  /** Where the second chunk of the file ends: after the header and two chunks' headers and bodies. */
  private static int secondOiChunkEnd(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file);
    int pos = 4 + b.getInt(0) + 4;
    for (int chunk = 0; chunk < 2; chunk++) {
      assertThat(b.get(pos)).as("chunk %d holds references", chunk).isEqualTo((byte) 1);
      pos += 13 + b.getInt(pos + 5);
    }
    return pos;
  }

  /** A file with the right checksums that holds a reference twice is refused, and the tables are loaded. */
  @Test
  void a_snapshot_holding_a_reference_twice_is_refused() throws Exception {
    try (Store s = new Store(5)) {
      s.change(40);
      State m = fullLoad(s);
      assertThat(m.ois).isNotEmpty();
      DssStore.Snapshot good = m.snapshot();
      List<OperationalIntent> twice = new ArrayList<>(good.ois());
      twice.add(twice.get(0));
      SnapshotFile.write(s.file, new DssStore.Snapshot(twice, good.constraints(), good.subscriptions(),
          good.availability(), 0), s.store.fingerprint());
      assertThatThrownBy(() -> SnapshotFile.read(s.file, s.store.fingerprint(), new State().filler()))
          .isInstanceOf(SnapshotFile.Refused.class).hasMessageContaining("twice");

      Airspace other = s.open();
      assertThat(other.loadedFromSnapshot()).isFalse();
      assertSameMemory(other.memory(), m, s);
      other.close();
    }
  }

  @Test
  void a_missing_snapshot_is_refused_with_its_reason() {
    assertThatThrownBy(() -> SnapshotFile.read(Path.of("no-such-dir", "airspace.snapshot"),
        new DssStore.Fingerprint(1, 1, "")))
        .isInstanceOf(SnapshotFile.Refused.class).hasMessage("there is none");
  }
}
