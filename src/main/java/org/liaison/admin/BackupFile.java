package org.liaison.admin;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The backup file: gzip'd JSON lines. Line 1 is the header (format, schema version, vendor, the
 * ledger's origin and key, and every table with its columns and row count). Then, for each table
 * in the header's order, a line {@code {"table": NAME}} followed by one JSON array per row, values
 * in column order: numbers as numbers, text as strings, bytes as base64 strings, SQL NULL as null.
 * The last line is {@code {"sha256": HEX}}, the SHA-256 of every uncompressed byte before it.
 */
final class BackupFile {
  static final String FORMAT = "liaison-backup";
  static final int FORMAT_VERSION = 1;
  static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private BackupFile() {}

  /** The ledger's identity as the backup found it; null fields when it had no checkpoint or key. */
  record LedgerInfo(String origin, String vkey, long checkpointSize) {}

  /** A table in the header: its layout and how many rows follow. */
  record TableInfo(Layout.Table table, long rows) {}

  record Header(String created, String vendor, String schemaVersion, LedgerInfo ledger, List<TableInfo> tables) {
    ObjectNode toJson() {
      ObjectNode h = JSON.createObjectNode();
      h.put("format", FORMAT);
      h.put("format_version", FORMAT_VERSION);
      h.put("created", created);
      h.put("vendor", vendor);
      h.put("schema_version", schemaVersion);
      if (ledger != null) {
        ObjectNode l = h.putObject("ledger");
        l.put("origin", ledger.origin());
        if (ledger.vkey() != null) {
          l.put("vkey", ledger.vkey());
        }
        l.put("checkpoint_size", ledger.checkpointSize());
      }
      ArrayNode ts = h.putArray("tables");
      for (TableInfo t : tables) {
        ObjectNode o = ts.addObject();
        o.put("name", t.table().name());
        o.put("rows", t.rows());
        ArrayNode cs = o.putArray("columns");
        t.table().columns().forEach(c -> cs.addObject().put("name", c.name()).put("kind", c.kind().label()));
      }
      return h;
    }

    static Header fromJson(JsonNode h) {
      if (!FORMAT.equals(h.path("format").asText(null))) {
        throw new IllegalArgumentException("it is not a Liaison backup (format is " + h.path("format") + ", not \"" + FORMAT + "\")");
      }
      int version = h.path("format_version").asInt(-1);
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("its format version is " + h.path("format_version")
            + "; this Liaison reads version " + FORMAT_VERSION);
      }
      LedgerInfo ledger = null;
      JsonNode l = h.get("ledger");
      if (l != null && !l.isNull()) {
        ledger = new LedgerInfo(text(l, "origin"), l.hasNonNull("vkey") ? l.get("vkey").asText() : null,
            l.path("checkpoint_size").asLong());
      }
      List<TableInfo> tables = new ArrayList<>();
      for (JsonNode t : h.path("tables")) {
        List<Layout.Column> columns = new ArrayList<>();
        for (JsonNode c : t.path("columns")) {
          columns.add(new Layout.Column(text(c, "name"), Layout.Kind.of(text(c, "kind")), 0));
        }
        long rows = t.path("rows").asLong(-1);
        if (rows < 0 || columns.isEmpty()) {
          throw new IllegalArgumentException("table " + t.path("name") + " in the header has no row count or no columns");
        }
        tables.add(new TableInfo(new Layout.Table(text(t, "name"), List.copyOf(columns), List.of()), rows));
      }
      if (tables.isEmpty()) {
        throw new IllegalArgumentException("its header lists no tables");
      }
      return new Header(text(h, "created"), text(h, "vendor"), text(h, "schema_version"), ledger, List.copyOf(tables));
    }

    private static String text(JsonNode n, String field) {
      JsonNode v = n.get(field);
      if (v == null || !v.isTextual()) {
        throw new IllegalArgumentException("field \"" + field + "\" is missing or not a string in " + n);
      }
      return v.asText();
    }

    long totalRows() {
      return tables.stream().mapToLong(TableInfo::rows).sum();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Writes a backup line by line; {@link #finish} adds the checksum. */
  static final class Writer implements Closeable {
    private final OutputStream file;
    private final DigestOutputStream digest;
    private final JsonGenerator gen;

    Writer(Path path) throws IOException {
      this.file = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), 1 << 16);
      this.digest = new DigestOutputStream(file, sha256());
      this.gen = JSON.getFactory().createGenerator(digest, JsonEncoding.UTF8);
      gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      gen.setRootValueSeparator(null);
    }

    void header(Header h) throws IOException {
      JSON.writeTree(gen, h.toJson());
      gen.writeRaw('\n');
    }

    void startTable(String name) throws IOException {
      gen.writeStartObject();
      gen.writeStringField("table", name);
      gen.writeEndObject();
      gen.writeRaw('\n');
    }

    /** One row; {@code values[i]} is column i's value as {@link Rows#read} gives it. */
    void row(List<Layout.Column> columns, Object[] values) throws IOException {
      gen.writeStartArray();
      for (int i = 0; i < values.length; i++) {
        Object v = values[i];
        if (v == null) {
          gen.writeNull();
          continue;
        }
        switch (columns.get(i).kind()) {
          case INT -> gen.writeNumber((Long) v);
          case REAL -> gen.writeNumber((Double) v);
          case DECIMAL -> gen.writeString(((BigDecimal) v).toPlainString());
          case BOOL -> gen.writeBoolean((Boolean) v);
          case BYTES -> gen.writeBinary((byte[]) v);
          case TEXT -> gen.writeString((String) v);
          default -> throw new IllegalStateException("unhandled kind " + columns.get(i).kind());
        }
      }
      gen.writeEndArray();
      gen.writeRaw('\n');
    }

    /** Writes the checksum line and returns the checksum. */
    String finish() throws IOException {
      gen.flush();
      String hex = HexFormat.of().formatHex(digest.getMessageDigest().digest());
      digest.on(false);
      gen.writeStartObject();
      gen.writeStringField("sha256", hex);
      gen.writeEndObject();
      gen.writeRaw('\n');
      gen.flush();
      return hex;
    }

    @Override
    public void close() throws IOException {
      gen.close();
      file.close();
    }
  }

  /**
   * Reads a backup and checks it as it goes: the header, each table's marker line, each row's
   * arity and kinds, the row counts, the checksum line and the end of the file. Every error is a
   * {@link BackupException} naming the file and the line.
   */
  static final class Reader implements Closeable {
    private final Path path;
    private final InputStream in;
    private final MessageDigest digest = sha256();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private final Header header;
    private long lineNumber;
    private int tableIndex = -1;
    private long rowsLeft;
    private boolean finished;

    Reader(Path path) {
      this.path = path;
      InputStream opened = null;
      try {
        opened = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16), 1 << 16);
        this.in = opened;
        byte[] first = nextLine();
        if (first == null) {
          throw damaged("the file is empty");
        }
        this.header = Header.fromJson(parse(first));
      } catch (NoSuchFileException e) {
        throw new BackupException("backup file " + path + " does not exist", e);
      } catch (IOException | RuntimeException e) {
        closeQuietly(opened);
        throw translate(e);
      }
    }

    Header header() {
      return header;
    }

    String where() {
      return "backup " + path + " line " + lineNumber;
    }

    /**
     * The next table's info, after its marker line, or null when every table has been read and
     * the checksum line and end of file check out.
     */
    TableInfo nextTable() {
      try {
        if (rowsLeft > 0) {
          throw new IllegalStateException("the caller left " + rowsLeft + " rows of a table unread");
        }
        tableIndex++;
        if (tableIndex == header.tables().size()) {
          finish();
          return null;
        }
        TableInfo t = header.tables().get(tableIndex);
        byte[] marker = nextLine();
        if (marker == null) {
          throw damaged("the file ends before table " + t.table().name() + "; it is truncated");
        }
        JsonNode m = parse(marker);
        if (!t.table().name().equals(m.path("table").asText(null))) {
          throw damaged("expected the start of table " + t.table().name() + ", found " + abbreviate(marker));
        }
        rowsLeft = t.rows();
        return t;
      } catch (IOException | RuntimeException e) {
        throw translate(e);
      }
    }

    /** The next row of the current table, or null after its last row. */
    Object[] nextRow() {
      if (rowsLeft == 0) {
        return null;
      }
      Layout.Table t = header.tables().get(tableIndex).table();
      try {
        byte[] bytes = nextLine();
        if (bytes == null) {
          throw damaged("the file ends with " + rowsLeft + " rows of table " + t.name() + " missing; it is truncated");
        }
        JsonNode row = parse(bytes);
        if (!row.isArray() || row.size() != t.columns().size()) {
          throw damaged("a row of table " + t.name() + " must be an array of " + t.columns().size() + " values, found "
              + abbreviate(bytes));
        }
        Object[] values = new Object[row.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = value(row.get(i), t.columns().get(i), t.name());
        }
        rowsLeft--;
        return values;
      } catch (IOException | RuntimeException e) {
        throw translate(e);
      }
    }

    private Object value(JsonNode v, Layout.Column c, String table) throws IOException {
      if (v.isNull()) {
        return null;
      }
      boolean ok = switch (c.kind()) {
        case INT -> v.isIntegralNumber() && v.canConvertToLong();
        case REAL -> v.isNumber();
        case BOOL -> v.isBoolean();
        case DECIMAL, BYTES, TEXT -> v.isTextual();
      };
      if (!ok) {
        throw damaged("column " + table + "." + c.name() + " holds " + c.kind().label() + " values, found " + v);
      }
      return switch (c.kind()) {
        case INT -> v.longValue();
        case REAL -> v.doubleValue();
        case BOOL -> v.booleanValue();
        case DECIMAL -> new BigDecimal(v.asText());
        case BYTES -> v.binaryValue();
        case TEXT -> v.asText();
      };
    }

    private void finish() throws IOException {
      String expected = HexFormat.of().formatHex(digest.digest());
      lineNumber++;
      byte[] footer = readLine();
      if (footer == null) {
        throw damaged("the file ends without its checksum line; it is truncated");
      }
      JsonNode f = parse(footer);
      String sha = f.path("sha256").asText(null);
      if (sha == null) {
        throw damaged("expected the checksum line after the last table, found " + abbreviate(footer));
      }
      if (!sha.equalsIgnoreCase(expected)) {
        throw damaged("the checksum does not match: the file says sha256 " + sha + " but its contents hash to "
            + expected + "; the file was altered or damaged");
      }
      if (pos < limit || fill()) {
        throw damaged("there is data after the checksum line");
      }
      finished = true;
    }

    boolean finished() {
      return finished;
    }

    /** The next line, hashed, or null at the end of the data. */
    private byte[] nextLine() throws IOException {
      lineNumber++;
      byte[] b = readLine();
      if (b != null) {
        digest.update(b);
        digest.update((byte) '\n');
      }
      return b;
    }

    private byte[] readLine() throws IOException {
      line.reset();
      for (;;) {
        if (pos == limit && !fill()) {
          if (line.size() > 0) {
            throw damaged("the last line has no end; the file is truncated");
          }
          return null;
        }
        for (int i = pos; i < limit; i++) {
          if (buf[i] == '\n') {
            line.write(buf, pos, i - pos);
            pos = i + 1;
            return line.toByteArray();
          }
        }
        line.write(buf, pos, limit - pos);
        pos = limit;
      }
    }

    private boolean fill() throws IOException {
      int n = in.read(buf);
      if (n <= 0) {
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    }

    private JsonNode parse(byte[] bytes) {
      try {
        return JSON.readTree(bytes);
      } catch (IOException e) {
        String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        throw damaged("not JSON: " + why);
      }
    }

    private BackupException damaged(String what) {
      return new BackupException("backup " + path + " is damaged at line " + lineNumber + ": " + what);
    }

    private BackupException translate(Exception e) {
      if (e instanceof BackupException b) {
        return b;
      }
      if (e instanceof ZipException) {
        return new BackupException("backup " + path + " is not a gzip file or its compressed data is corrupt"
            + (lineNumber > 1 ? " (near line " + lineNumber + ")" : "") + ": " + e.getMessage(), e);
      }
      if (e instanceof EOFException) {
        return new BackupException("backup " + path + " is truncated: the compressed data ends near line " + lineNumber, e);
      }
      if (e instanceof IllegalArgumentException) {
        return new BackupException("backup " + path + " has a bad header: " + e.getMessage(), e);
      }
      if (e instanceof IOException) {
        return new BackupException("cannot read backup " + path + ": " + e.getMessage(), e);
      }
      throw (RuntimeException) e;
    }

    private static String abbreviate(byte[] b) {
      String s = new String(b, 0, Math.min(b.length, 80), java.nio.charset.StandardCharsets.UTF_8);
      return b.length > 80 ? s + "…" : s;
    }

    private static void closeQuietly(Closeable c) {
      if (c != null) {
        try {
          c.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
    }

    @Override
    public void close() {
      closeQuietly(in);
    }
  }
}
