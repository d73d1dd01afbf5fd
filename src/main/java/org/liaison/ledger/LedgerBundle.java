package org.liaison.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.liaison.proof.B64;
import org.liaison.proof.LogEntry;
import org.liaison.proof.WitnessKey;

/**
 * A self-contained export of a log, for checking offline: JSON Lines, UTF-8. The first line is
 * the header ({@code format}, {@code origin}, {@code tree_size}, the log's {@code key}, the signed
 * {@code checkpoint} note, the {@code cosigned_note} if any and the registered {@code witnesses});
 * then one line per entry in index order, {@code {"index","entry","leaf_hash"}} as the API serves
 * them. It records what the hub served, unverified: evidence of tampering survives the export.
 */
public final class LedgerBundle {
  public static final String FORMAT = "liaison-ledger-bundle/v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LedgerBundle() {}

  /** Everything in the bundle but the entries. */
  public record Header(
      String origin,
      long treeSize,
      LedgerClient.KeyInfo key,
      String checkpointNote,
      Optional<String> cosignedNote,
      List<LedgerClient.RegisteredWitness> witnesses) {}

  /** Writes a bundle; entries must be added in index order. */
  public static final class Writer implements Closeable {
    private final BufferedWriter out;

    public Writer(Path file, Header header) throws IOException {
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      ObjectNode h = JSON.createObjectNode();
      h.put("format", FORMAT);
      h.put("origin", header.origin());
      h.put("tree_size", header.treeSize());
      ObjectNode k = h.putObject("key");
      k.put("name", header.key().name());
      k.put("algorithm", "Ed25519");
      k.put("public_key", B64.encode(header.key().publicKey()));
      h.put("checkpoint", header.checkpointNote());
      header.cosignedNote().ifPresent(n -> h.put("cosigned_note", n));
      ArrayNode ws = h.putArray("witnesses");
      header.witnesses().forEach(w -> ws.addObject().put("party", w.party()).put("vkey", w.key().vkey()));
      out.write(JSON.writeValueAsString(h));
      out.write('\n');
    }

    public void add(LogEntry e) throws IOException {
      // Base64 needs no JSON escaping, so the line is written directly.
      out.write("{\"index\":" + e.index() + ",\"entry\":\"" + B64.encode(e.entry())
          + "\",\"leaf_hash\":\"" + B64.encode(e.leafHash()) + "\"}\n");
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** Reads a bundle line by line; the message of every error names the line. */
  public static final class Reader implements Closeable {
    private final Path file;
    private final BufferedReader in;
    private final Header header;
    private long line = 1;

    public Reader(Path file) throws IOException {
      this.file = file;
      this.in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
      try {
        this.header = readHeader(in.readLine());
      } catch (IOException | RuntimeException e) {
        in.close();
        throw e;
      }
    }

    public Header header() {
      return header;
    }

    /** The next entry, or null at the end of the file. */
    public LogEntry next() throws IOException {
      List<LogEntry> one = next(1);
      return one.isEmpty() ? null : one.get(0);
    }

    /**
     * Up to {@code max} next entries, empty at the end of the file. Lines are read in order and
     * parsed in parallel.
     */
    public List<LogEntry> next(int max) throws IOException {
      List<String> lines = new ArrayList<>(max);
      for (String text; lines.size() < max && (text = in.readLine()) != null; ) {
        lines.add(text);
      }
      long first = line + 1;
      line += lines.size();
      try {
        return (lines.size() >= 64 ? lines.parallelStream() : lines.stream()).map(this::parse).toList();
      } catch (BadLine e) {
        line = first + lines.indexOf(e.text);
        throw bad("is not an entry {\"index\",\"entry\",\"leaf_hash\"}: " + e.getMessage());
      }
    }

    private LogEntry parse(String text) {
      try {
        JsonNode n = JSON.readTree(text);
        return new LogEntry(n.get("index").asLong(), B64.decode(n.get("entry").asText()),
            B64.decode(n.get("leaf_hash").asText()));
      } catch (IOException | RuntimeException e) {
        throw new BadLine(text, e);
      }
    }

    private Header readHeader(String text) throws IOException {
      if (text == null) {
        throw bad("is missing: the file is empty");
      }
      try {
        JsonNode h = JSON.readTree(text);
        if (!FORMAT.equals(h.path("format").asText())) {
          throw bad("has format " + h.path("format") + ", not \"" + FORMAT + "\"");
        }
        JsonNode k = h.get("key");
        List<LedgerClient.RegisteredWitness> ws = new ArrayList<>();
        for (JsonNode w : h.path("witnesses")) {
          ws.add(new LedgerClient.RegisteredWitness(w.get("party").asText(), WitnessKey.parse(w.get("vkey").asText())));
        }
        return new Header(h.get("origin").asText(), h.get("tree_size").asLong(),
            new LedgerClient.KeyInfo(k.get("name").asText(), B64.decode(k.get("public_key").asText())),
            h.get("checkpoint").asText(),
            h.hasNonNull("cosigned_note") ? Optional.of(h.get("cosigned_note").asText()) : Optional.empty(),
            ws);
      } catch (IOException | RuntimeException e) {
        if (e instanceof BundleException) {
          throw (BundleException) e;
        }
        throw bad("is not a bundle header: " + e);
      }
    }

    private BundleException bad(String what) {
      return new BundleException(file + " line " + line + " " + what);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** A line that does not parse; carries its text so the reader can say which line it was. */
  private static final class BadLine extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String text;

    BadLine(String text, Exception cause) {
      super(cause.getMessage(), cause);
      this.text = text;
    }
  }

  /** The bundle file cannot be read as a bundle. */
  public static final class BundleException extends IOException {
    private static final long serialVersionUID = 1L;

    BundleException(String message) {
      super(message);
    }
  }
}
