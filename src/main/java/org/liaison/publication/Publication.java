package org.liaison.publication;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.liaison.geo.Volume4D;

/**
 * The hub's publication: which volumes parties let it publish, the danger areas made of them, a
 * revision number that moves whenever an area does, and the changes of recent revisions.
 *
 * <p>Notices come through one narrow seam, a supplier of the current notices (the hub passes
 * the deconfliction state's snapshot), and each {@link #refresh} recomputes only the notices whose
 * version, settings or eligibility in time changed since the last one.
 */
public final class Publication {
  /** Changes kept for the feed; a consumer further behind gets the whole picture again. */
  static final int LOG_CAPACITY = 10_000;

  private final Supplier<Collection<Notice>> notices;
  private final PartySettingsStore settings;
  private final Clock clock;
  private final byte[] salt;
  private final String tag;
  private Aggregator aggregator;
  private final Map<UUID, Seen> seen = new HashMap<>();
  private Map<String, DangerArea> current = Map.of();
  private final Map<String, Integer> numbers = new HashMap<>();
  private int nextNumber = 1;
  private long revision;
  private Instant revisedAt;
  private final ArrayDeque<Change> log = new ArrayDeque<>();
  private long lastRefreshNanos;

  /** What a notice looked like at the last refresh: when it is unchanged, nothing is recomputed. */
  private record Seen(long version, PartySettings settings, List<Integer> eligible) {}

  /** One area's change at a revision; {@code area} is null when it was withdrawn. */
  public record Change(long revision, Instant at, String id, String change, DangerArea area) {}

  /** The published state at one revision, with each area's NOTAM number. */
  public record Snapshot(long revision, String etag, Instant generated, PublicationConfig config,
      List<DangerArea> areas, Map<String, Integer> numbers) {}

  /** Changes after a revision; {@code reset} when the consumer must replace what it holds with them. */
  public record Changes(long since, long revision, String etag, boolean reset, boolean more, List<Change> changes) {}

  /**
   * @param salt keeps area ids from revealing notices; give the same salt to get the same ids
   * @param tag distinguishes this instance's revisions in ETags
   */
  Publication(Supplier<Collection<Notice>> notices, PartySettingsStore settings, PublicationConfig config,
      Clock clock, byte[] salt, String tag) {
    this.notices = notices;
    this.settings = settings;
    this.clock = clock;
    this.salt = salt.clone();
    this.tag = tag;
    this.aggregator = new Aggregator(config, this.salt);
    this.revisedAt = clock.instant();
  }

  /** A publication whose settings live in the hub's database. */
  public static Publication forHub(Supplier<Collection<Notice>> notices, org.liaison.store.Database db,
      PublicationConfig config, Clock clock, byte[] salt) {
    return new Publication(notices, new PartySettingsStore(db, clock), config, clock, salt, randomTag());
  }

  /** A publication whose party settings are held in memory only (tests, benchmarks, the demo's copy). */
  public static Publication inMemory(Supplier<Collection<Notice>> notices, PublicationConfig config, Clock clock,
      byte[] salt) {
    return new Publication(notices, PartySettingsStore.inMemory(clock), config, clock, salt, randomTag());
  }

  private static String randomTag() {
    return Long.toHexString(new java.security.SecureRandom().nextLong() >>> 32);
  }

  public synchronized PublicationConfig config() {
    return aggregator.config();
  }

  /** New settings take effect at once: every area is rebuilt. */
  public synchronized void configure(PublicationConfig config) {
    aggregator = new Aggregator(config, salt);
    seen.clear();
    refresh();
  }

  public PartySettings settings(String party) {
    return settings.get(party);
  }

  public void setSettings(String party, PartySettings s) {
    settings.put(party, s);
  }

  /** Brings the areas up to date with the notices, the settings and the clock. */
  public synchronized Snapshot refresh() {
    long t0 = System.nanoTime();
    Instant now = clock.instant();
    Map<String, PartySettings> parties = settings.all();
    Map<UUID, List<Contribution>> changes = new LinkedHashMap<>();
    Set<UUID> present = new HashSet<>();
    for (Notice n : notices.get()) {
      present.add(n.id());
      PartySettings s = parties.getOrDefault(n.party(), PartySettings.DEFAULTS);
      List<Integer> eligible = eligible(n, s, now);
      Seen next = new Seen(n.version(), s, eligible);
      Seen prev = seen.get(n.id());
      if (next.equals(prev) || (prev == null && eligible.isEmpty())) {
        continue;
      }
      if (eligible.isEmpty()) {
        seen.remove(n.id());
      } else {
        seen.put(n.id(), next);
      }
      changes.put(n.id(), aggregator.contributions(n, eligible));
    }
    for (UUID gone : List.copyOf(seen.keySet())) {
      if (!present.contains(gone)) {
        seen.remove(gone);
        changes.put(gone, List.of());
      }
    }
    if (!changes.isEmpty()) {
      aggregator.update(changes);
      record(now);
    }
    lastRefreshNanos = System.nanoTime() - t0;
    return snapshot();
  }

  /** Indexes of the volumes that may be published now. */
  static List<Integer> eligible(Notice n, PartySettings s, Instant now) {
    if (!s.publishes(n.kind())) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n.volumes().size(); i++) {
      Volume4D v = n.volumes().get(i);
      if (v.time().end().isAfter(now) && !v.time().start().minus(s.lead()).isAfter(now)) {
        out.add(i);
      }
    }
    return List.copyOf(out);
  }

  private void record(Instant now) {
    Map<String, DangerArea> next = Map.copyOf(aggregator.areas());
    List<Change> batch = new ArrayList<>();
    long rev = revision + 1;
    for (var e : current.entrySet()) {
      if (!next.containsKey(e.getKey())) {
        batch.add(new Change(rev, now, e.getKey(), "withdrawn", null));
      }
    }
    List<DangerArea> fresh = new ArrayList<>();
    for (DangerArea a : next.values()) {
      DangerArea old = current.get(a.id());
      if (old == null) {
        fresh.add(a);
      } else if (!old.equals(a)) {
        batch.add(new Change(rev, now, a.id(), "changed", a));
      }
    }
    fresh.sort(ORDER);
    for (DangerArea a : fresh) {
      numbers.put(a.id(), nextNumber);
      nextNumber = nextNumber % 9999 + 1;
      batch.add(new Change(rev, now, a.id(), "added", a));
    }
    numbers.keySet().retainAll(next.keySet());
    current = next;
    if (batch.isEmpty()) {
      return;
    }
    batch.sort(Comparator.comparing(Change::id));
    revision = rev;
    revisedAt = now;
    log.addAll(batch);
    while (log.size() > LOG_CAPACITY) {
      log.removeFirst();
    }
  }

  static final Comparator<DangerArea> ORDER = Comparator.comparing(DangerArea::start).thenComparing(DangerArea::id);

  public synchronized Snapshot snapshot() {
    List<DangerArea> areas = new ArrayList<>(current.values());
    areas.sort(ORDER);
    return new Snapshot(revision, etag(revision), revisedAt, aggregator.config(), List.copyOf(areas), Map.copyOf(numbers));
  }

  String etag(long rev) {
    return "\"" + tag + "-" + rev + "\"";
  }

  /** The revision an ETag of this instance names, or -1 for any other string. */
  long revisionOf(String etag) {
    String s = etag.trim();
    if (s.startsWith("W/")) {
      s = s.substring(2);
    }
    s = s.replace("\"", "");
    String prefix = tag + "-";
    if (!s.startsWith(prefix)) {
      return -1;
    }
    try {
      long r = Long.parseLong(s.substring(prefix.length()));
      return r >= 0 && r <= revision ? r : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Changes after revision {@code since}, whole revisions at a time, up to about {@code limit}
   * changes (a revision is never split). A consumer whose revision is older than the log, or
   * unknown ({@code since < 0}), gets every current area as {@code added} with {@code reset}.
   */
  public synchronized Changes changesSince(long since, int limit) {
    long oldest = log.isEmpty() ? revision + 1 : log.peekFirst().revision();
    if (since < 0 || since > revision || since + 1 < oldest && since != revision) {
      List<Change> all = new ArrayList<>();
      List<DangerArea> areas = new ArrayList<>(current.values());
      areas.sort(ORDER);
      for (DangerArea a : areas) {
        all.add(new Change(revision, revisedAt, a.id(), "added", a));
      }
      return new Changes(since, revision, etag(revision), true, false, all);
    }
    List<Change> out = new ArrayList<>();
    long upTo = since;
    boolean more = false;
    for (Change c : log) {
      if (c.revision() <= since) {
        continue;
      }
      if (c.revision() != upTo && out.size() >= limit) {
        more = true;
        break;
      }
      out.add(c);
      upTo = c.revision();
    }
    return new Changes(since, upTo, etag(upTo), false, more, out);
  }

  /** The first revision made after {@code t}, minus one: what a consumer that polled at {@code t} holds. */
  public synchronized long revisionAt(Instant t) {
    long r = revision;
    var it = log.descendingIterator();
    while (it.hasNext()) {
      Change c = it.next();
      if (!c.at().isAfter(t)) {
        break;
      }
      r = c.revision() - 1;
    }
    if (!log.isEmpty() && r < log.peekFirst().revision() - 1) {
      return -1;
    }
    return r;
  }

  /** How long the last refresh took, for the metrics and the measurement in docs/publication.md. */
  public synchronized long lastRefreshNanos() {
    return lastRefreshNanos;
  }
}
