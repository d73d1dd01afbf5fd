package org.liaison.deconfliction;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
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

/**
 * Memory (the stored references, subscriptions and availability) in a compact binary file,
 * written at a clean shutdown of a one-instance hub on the embedded store so that the next start
 * need not parse every stored JSON document. The file carries the {@link DssStore.Fingerprint} of
 * the database it was taken from; a file whose fingerprint, format version or checksums do not
 * match is refused with the reason, and the hub loads the tables instead. It is a cache, never the
 * truth: the database alone is.
 *
 * <p>Layout, big-endian: a header (magic, format version, fingerprint, its CRC-32C), then chunks
 * of up to {@value #CHUNK} records of one kind, each with its kind, record count, byte length and
 * a CRC-32C of those and its body, and a last chunk of kind END holding the count of each kind, so a file
 * cut short at a chunk boundary is refused too. Chunks are decoded on every core, and handed on in
 * order as they finish, so that the reader can index one while the next ones decode.
 */
final class SnapshotFile {
  private static final long MAGIC = 0x4C49_4149_534E_4150L; // "LIAISNAP"
  /** Bump when the layout or the meaning of any field changes. */
  static final int VERSION = 1;
  static final int CHUNK = 8192;

  private static final byte OIS = 1;
  private static final byte CONSTRAINTS = 2;
  private static final byte SUBSCRIPTIONS = 3;
  private static final byte AVAILABILITY = 4;
  private static final byte END = 5;
  private static final int CHUNK_HEADER = 1 + 4 + 4 + 4;

  private SnapshotFile() {}

  /** Why a snapshot file was not used. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  // ---------------------------------------------------------------- writing

  /** Writes {@code s}, taken from a database with fingerprint {@code f}, to {@code file} atomically. */
  static void write(Path file, DssStore.Snapshot s, DssStore.Fingerprint f) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream h = new DataOutputStream(bytes);
      h.writeLong(MAGIC);
      h.writeInt(VERSION);
      h.writeLong(f.schema());
      h.writeLong(f.ledgerSeq());
      writeString(h, f.ledgerLeaf());
      h.flush();
      byte[] header = bytes.toByteArray();
      DataOutputStream d = new DataOutputStream(out);
      d.writeInt(header.length);
      d.write(header);
      d.writeInt(crc(header, 0, header.length));
      chunks(d, OIS, s.ois(), SnapshotFile::writeOi);
      chunks(d, CONSTRAINTS, s.constraints(), SnapshotFile::writeConstraint);
      chunks(d, SUBSCRIPTIONS, s.subscriptions(), SnapshotFile::writeSubscription);
      chunks(d, AVAILABILITY, s.availability(), SnapshotFile::writeAvailability);
      bytes.reset();
      h.writeInt(s.ois().size());
      h.writeInt(s.constraints().size());
      h.writeInt(s.subscriptions().size());
      h.writeInt(s.availability().size());
      h.flush();
      writeChunk(d, END, 0, bytes.toByteArray());
      d.flush();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private interface Writer<T> {
    void write(DataOutputStream d, T value) throws IOException;
  }

  private static <T> void chunks(DataOutputStream d, byte kind, List<T> values, Writer<T> w) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
    DataOutputStream body = new DataOutputStream(bytes);
    for (int from = 0; from < values.size(); from += CHUNK) {
      int to = Math.min(values.size(), from + CHUNK);
      bytes.reset();
      for (int i = from; i < to; i++) {
        w.write(body, values.get(i));
      }
      body.flush();
      writeChunk(d, kind, to - from, bytes.toByteArray());
    }
  }

  private static void writeChunk(DataOutputStream d, byte kind, int count, byte[] body) throws IOException {
    d.writeByte(kind);
    d.writeInt(count);
    d.writeInt(body.length);
    CRC32C c = new CRC32C();
    c.update(ByteBuffer.allocate(9).put(kind).putInt(count).putInt(body.length).flip());
    c.update(body);
    d.writeInt((int) c.getValue());
    d.write(body);
  }

  /** A chunk's checksum covers its kind, count and length as well as its body. */
  private static int crc(byte kind, int count, ByteBuffer body) {
    CRC32C c = new CRC32C();
    c.update(ByteBuffer.allocate(9).put(kind).putInt(count).putInt(body.remaining()).flip());
    c.update(body);
    return (int) c.getValue();
  }

  private static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  private static void writeOi(DataOutputStream d, OperationalIntent oi) throws IOException {
    writeUuid(d, oi.id());
    writeString(d, oi.manager());
    d.writeLong(oi.version());
    writeString(d, oi.ovn());
    writeString(d, oi.state().name());
    writeExtents(d, oi.extents());
    writeString(d, oi.ussBaseUrl());
    d.writeBoolean(oi.subscriptionId() != null);
    if (oi.subscriptionId() != null) {
      writeUuid(d, oi.subscriptionId());
    }
  }

  private static void writeConstraint(DataOutputStream d, Constraint c) throws IOException {
    writeUuid(d, c.id());
    writeString(d, c.manager());
    d.writeLong(c.version());
    writeString(d, c.ovn());
    writeExtents(d, c.extents());
    writeString(d, c.ussBaseUrl());
  }

  private static void writeSubscription(DataOutputStream d, Subscription s) throws IOException {
    writeUuid(d, s.id());
    writeString(d, s.manager());
    d.writeLong(s.version());
    d.writeLong(s.notificationIndex());
    writeExtents(d, s.extents());
    writeString(d, s.ussBaseUrl());
    d.writeBoolean(s.notifyForOperationalIntents());
    d.writeBoolean(s.notifyForConstraints());
    d.writeBoolean(s.implicit());
    d.writeBoolean(s.constraintsEntitled());
  }

  private static void writeAvailability(DataOutputStream d, PartyAvailability a) throws IOException {
    writeString(d, a.party());
    writeString(d, a.availability().name());
    d.writeLong(a.version());
  }

  private static void writeExtents(DataOutputStream d, Extents e) throws IOException {
    d.writeInt(e.volumes().size());
    for (Volume4D v : e.volumes()) {
      if (v.outline() instanceof Polygon p) {
        List<LatLng> vs = p.vertices();
        d.writeByte(2);
        d.writeInt(vs.size());
        for (LatLng ll : vs) {
          d.writeDouble(ll.lat());
          d.writeDouble(ll.lng());
        }
      } else if (v.outline() instanceof Circle c) {
        d.writeByte(1);
        d.writeDouble(c.center().lat());
        d.writeDouble(c.center().lng());
        d.writeDouble(c.radiusM());
      } else {
        throw new IllegalStateException("no snapshot form for outline " + v.outline().getClass());
      }
      d.writeDouble(v.altitude().lower());
      d.writeDouble(v.altitude().upper());
      writeInstant(d, v.time().start());
      writeInstant(d, v.time().end());
    }
    writeString(d, e.startText());
    writeString(d, e.endText());
  }

  private static void writeInstant(DataOutputStream d, Instant t) throws IOException {
    d.writeLong(t.getEpochSecond());
    d.writeInt(t.getNano());
  }

  private static void writeUuid(DataOutputStream d, UUID id) throws IOException {
    d.writeLong(id.getMostSignificantBits());
    d.writeLong(id.getLeastSignificantBits());
  }

  private static void writeString(DataOutputStream d, String s) throws IOException {
    if (s == null) {
      d.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    d.writeInt(b.length);
    d.write(b);
  }

  // ---------------------------------------------------------------- reading

  private record Chunk(byte kind, int count, long pos, int length, int crc) {}

  /**
   * Reads {@code file} if it was taken from a database with fingerprint {@code expected}.
   *
   * @throws Refused with the reason when the file is missing, of another version, from another
   *     state of the database, truncated or corrupt
   */
  static DssStore.Snapshot read(Path file, DssStore.Fingerprint expected) throws Refused {
    List<OperationalIntent> ois = new ArrayList<>();
    List<Constraint> constraints = new ArrayList<>();
    List<Subscription> subscriptions = new ArrayList<>();
    List<PartyAvailability> availability = new ArrayList<>();
    read(file, expected, new Sink<DssStore.Snapshot>() {
      @Override
      public void expect(int o, int c, int s, int a) {}

      @Override
      public DssStore.Snapshot prepare(DssStore.Snapshot chunk) {
        return chunk;
      }

      @Override
      public void accept(DssStore.Snapshot part) {
        ois.addAll(part.ois());
        constraints.addAll(part.constraints());
        subscriptions.addAll(part.subscriptions());
        availability.addAll(part.availability());
      }
    });
    return new DssStore.Snapshot(ois, constraints, subscriptions, availability, 0);
  }

  /** What {@link #read(Path, DssStore.Fingerprint, Sink)} hands a file's records to. */
  interface Sink<P> {
    /** Once, on the calling thread, before any chunk: how many records of each kind the file holds. */
    void expect(int ois, int constraints, int subscriptions, int availability);

    /** On a decoding thread: a chunk, as a snapshot holding its records alone. */
    P prepare(DssStore.Snapshot chunk);

    /** On the calling thread, in the file's order: what {@link #prepare} made of each chunk. */
    void accept(P prepared);
  }

  /**
   * Reads {@code file} as {@link #read(Path, DssStore.Fingerprint)} does, a chunk at a time: each
   * chunk is decoded and prepared on a decoding thread and accepted on the calling thread, in the
   * file's order, while later chunks decode. So {@code sink} may already have taken some chunks
   * when this throws: the caller must then throw away what it built from them.
   *
   * @throws Refused as {@link #read(Path, DssStore.Fingerprint)} does, and when {@code sink}
   *     throws a runtime exception (a record it refuses)
   */
  static <P> void read(Path file, DssStore.Fingerprint expected, Sink<P> sink) throws Refused {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer len = read(ch, 0, 4, size);
      int headerLength = len.getInt();
      if (headerLength < 0 || headerLength > 4096) {
        throw new Refused("its header is corrupt");
      }
      ByteBuffer header = read(ch, 4, headerLength + 4L, size);
      byte[] hb = new byte[headerLength];
      header.get(hb);
      if (crc(hb, 0, hb.length) != header.getInt()) {
        throw new Refused("its header is corrupt (checksum)");
      }
      ByteBuffer h = ByteBuffer.wrap(hb);
      if (h.getLong() != MAGIC) {
        throw new Refused("it is not a memory snapshot");
      }
      int version = h.getInt();
      if (version != VERSION) {
        throw new Refused("it has format version " + version + ", this hub reads " + VERSION);
      }
      DssStore.Fingerprint found = new DssStore.Fingerprint(h.getLong(), h.getLong(), readString(h));
      if (!found.equals(expected)) {
        throw new Refused("it was taken from another state of the database (" + found + "; the database is at "
            + expected + ")");
      }
      List<Chunk> chunks = new ArrayList<>();
      long[] counted = new long[END];
      long pos = 4L + headerLength + 4;
      int[] totals = null;
      while (totals == null) {
        ByteBuffer ch0 = read(ch, pos, CHUNK_HEADER, size);
        byte kind = ch0.get();
        int count = ch0.getInt();
        int length = ch0.getInt();
        int crc = ch0.getInt();
        pos += CHUNK_HEADER;
        // Every record takes bytes, so the counts, which size memory before any decoding, are
        // bounded by the file's length.
        if (kind < OIS || kind > END || count < 0 || length < 0 || pos + length > size
            || (kind != END && count > length)) {
          throw new Refused("it is truncated or corrupt at byte " + (pos - CHUNK_HEADER));
        }
        if (kind == END) {
          ByteBuffer body = read(ch, pos, length, size);
          if (crc != crc(kind, count, body.duplicate()) || length != 16) {
            throw new Refused("its end record is corrupt (checksum)");
          }
          totals = new int[] {body.getInt(), body.getInt(), body.getInt(), body.getInt()};
        } else {
          chunks.add(new Chunk(kind, count, pos, length, crc));
          counted[kind - 1] += count;
        }
        pos += length;
      }
      if (pos != size) {
        throw new Refused("it has " + (size - pos) + " bytes after its end record");
      }
      // Each chunk decodes a record count its checksum covers, so the counts are checked here,
      // before any decoding.
      for (int k = 0; k < totals.length; k++) {
        if (counted[k] != totals[k]) {
          throw new Refused("it is missing records: its end record counts do not match its chunks");
        }
      }
      sink.expect(totals[0], totals[1], totals[2], totals[3]);
      decodeInOrder(ch, chunks, sink);
    } catch (NoSuchFileException e) {
      throw new Refused("there is none");
    } catch (IOException e) {
      throw new Refused("it cannot be read: " + e);
    } catch (Corrupt e) {
      throw new Refused("it is corrupt: " + e.getMessage());
    } catch (java.io.UncheckedIOException e) {
      throw new Refused("it cannot be read: " + e.getCause());
    } catch (RuntimeException e) {
      // A decoding failure that passed the checksums (a bug, not bad bytes), or a record the
      // caller refused: still never use it.
      throw new Refused("it does not decode: " + e);
    }
  }

  /** Decoding threads: at most one per core, and the calling thread takes the decoded chunks. */
  private static final int DECODERS = Math.max(1, Runtime.getRuntime().availableProcessors());

  /**
   * Decodes and prepares the chunks on {@link #DECODERS} threads, all queued at once in file
   * order, and accepts each on this thread as soon as it and those before it are done: at start
   * the index's inserts (single-threaded) run while the next chunks decode.
   */
  private static <P> void decodeInOrder(FileChannel ch, List<Chunk> chunks, Sink<P> sink) throws IOException {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(DECODERS, Math.max(1, chunks.size())), r -> {
      Thread t = new Thread(r, "liaison-snapshot-decode-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      // Each chunk is read into the heap by the task that decodes it. Not mapped: a mapped file
      // cut short by someone else while a task reads it would crash the JVM (SIGBUS).
      List<Future<P>> parts = new ArrayList<>(chunks.size());
      for (Chunk c : chunks) {
        parts.add(pool.submit(() -> sink.prepare(decode(ch, c))));
      }
      for (Future<P> part : parts) {
        sink.accept(part.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while decoding");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IOException(e.getCause());
    } finally {
      // Done, or refused: the chunks still queued are dropped, and one still decoding fails on
      // the interrupt (which closes the channel) or finishes; either way it is thrown away.
      pool.shutdownNow();
    }
  }

  private static final class Corrupt extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Corrupt(String message) {
      super(message, null, false, false);
    }
  }

  private static ByteBuffer read(FileChannel ch, long pos, long length, long size) throws IOException, Refused {
    if (pos + length > size) {
      throw new Refused("it is truncated (" + size + " bytes)");
    }
    ByteBuffer b = ByteBuffer.allocate((int) length);
    while (b.hasRemaining()) {
      if (ch.read(b, pos + b.position()) < 0) {
        throw new Refused("it is truncated (" + size + " bytes)");
      }
    }
    return b.flip();
  }

  private static DssStore.Snapshot decode(FileChannel ch, Chunk c) {
    ByteBuffer b = ByteBuffer.allocate(c.length());
    try {
      while (b.hasRemaining()) {
        if (ch.read(b, c.pos() + b.position()) < 0) {
          throw new Corrupt("it is truncated");
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    b.flip();
    if (crc(c.kind(), c.count(), b.duplicate()) != c.crc()) {
      throw new Corrupt("a chunk's checksum does not match its bytes");
    }
    Map<String, String> shared = new HashMap<>();
    List<OperationalIntent> ois = new ArrayList<>(c.kind() == OIS ? c.count() : 0);
    List<Constraint> constraints = new ArrayList<>(c.kind() == CONSTRAINTS ? c.count() : 0);
    List<Subscription> subscriptions = new ArrayList<>(c.kind() == SUBSCRIPTIONS ? c.count() : 0);
    List<PartyAvailability> availability = new ArrayList<>(c.kind() == AVAILABILITY ? c.count() : 0);
    for (int i = 0; i < c.count(); i++) {
      switch (c.kind()) {
        case OIS -> ois.add(readOi(b, shared));
        case CONSTRAINTS -> constraints.add(readConstraint(b, shared));
        case SUBSCRIPTIONS -> subscriptions.add(readSubscription(b, shared));
        default -> availability.add(readAvailability(b));
      }
    }
    if (b.hasRemaining()) {
      throw new Corrupt("a chunk has " + b.remaining() + " bytes after its records");
    }
    return new DssStore.Snapshot(ois, constraints, subscriptions, availability, 0);
  }

  private static OperationalIntent readOi(ByteBuffer b, Map<String, String> shared) {
    UUID id = readUuid(b);
    String manager = shared(readString(b), shared);
    long version = b.getLong();
    String ovn = readString(b);
    OiState state = OiState.valueOf(readString(b));
    Extents extents = readExtents(b);
    String url = shared(readString(b), shared);
    UUID sub = b.get() != 0 ? readUuid(b) : null;
    return new OperationalIntent(id, manager, version, ovn, state, extents, url, sub);
  }

  private static Constraint readConstraint(ByteBuffer b, Map<String, String> shared) {
    UUID id = readUuid(b);
    String manager = shared(readString(b), shared);
    long version = b.getLong();
    String ovn = readString(b);
    Extents extents = readExtents(b);
    return new Constraint(id, manager, version, ovn, extents, shared(readString(b), shared));
  }

  private static Subscription readSubscription(ByteBuffer b, Map<String, String> shared) {
    UUID id = readUuid(b);
    String manager = shared(readString(b), shared);
    long version = b.getLong();
    long notificationIndex = b.getLong();
    Extents extents = readExtents(b);
    String url = shared(readString(b), shared);
    return new Subscription(id, manager, version, notificationIndex, extents, url,
        b.get() != 0, b.get() != 0, b.get() != 0, b.get() != 0);
  }

  private static PartyAvailability readAvailability(ByteBuffer b) {
    return new PartyAvailability(readString(b), Availability.valueOf(readString(b)), b.getLong());
  }

  /** Managers and base URLs repeat across many records: one string each per chunk. */
  private static String shared(String s, Map<String, String> shared) {
    return s == null ? null : shared.computeIfAbsent(s, x -> x);
  }

  /** Geometry is rebuilt through its factories, as {@link Docs#volume} does for a stored row. */
  private static Extents readExtents(ByteBuffer b) {
    int n = b.getInt();
    if (n < 1 || n > b.remaining()) {
      throw new Corrupt("a record has " + n + " volumes");
    }
    List<Volume4D> vs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Outline outline;
      byte kind = b.get();
      if (kind == 2) {
        int count = b.getInt();
        if (count < 0 || count > b.remaining() / 16) {
          throw new Corrupt("a polygon has " + count + " vertices");
        }
        List<LatLng> pts = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
          pts.add(LatLng.of(b.getDouble(), b.getDouble(), "snapshot.volume.outline_polygon.vertices[" + j + "]"));
        }
        outline = Polygon.of(pts, "snapshot.volume.outline_polygon");
      } else if (kind == 1) {
        LatLng centre = LatLng.of(b.getDouble(), b.getDouble(), "snapshot.volume.outline_circle.center");
        outline = Circle.of(centre, b.getDouble(), "snapshot.volume.outline_circle");
      } else {
        throw new Corrupt("an outline has kind " + kind);
      }
      AltitudeBand altitude = new AltitudeBand(b.getDouble(), b.getDouble());
      vs.add(new Volume4D(outline, altitude, new TimeWindow(readInstant(b), readInstant(b))));
    }
    return new Extents(vs, readString(b), readString(b));
  }

  private static Instant readInstant(ByteBuffer b) {
    return Instant.ofEpochSecond(b.getLong(), b.getInt());
  }

  private static UUID readUuid(ByteBuffer b) {
    return new UUID(b.getLong(), b.getLong());
  }

  private static String readString(ByteBuffer b) {
    int n = b.getInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > b.remaining()) {
      throw new Corrupt("a string of " + n + " bytes where " + b.remaining() + " remain");
    }
    String s;
    if (b.hasArray()) {
      s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
      b.position(b.position() + n);
    } else {
      byte[] bytes = new byte[n];
      b.get(bytes);
      s = new String(bytes, StandardCharsets.UTF_8);
    }
    return s;
  }
}
