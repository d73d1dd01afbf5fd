package org.liaison.admin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Ways to spoil a backup file, for the tests that check a restore refuses it. */
final class Damage {
  private Damage() {}

  static List<String> lines(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return List.of(text.substring(0, text.length() - 1).split("\n", -1));
    }
  }

  static byte[] gzip(List<String> lines) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(b)) {
      for (String l : lines) {
        out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  /** The same lines with the checksum line recomputed, as a forger would. */
  static List<String> resealed(List<String> lines) {
    var sha = BackupFile.sha256();
    for (String l : lines.subList(0, lines.size() - 1)) {
      sha.update((l + "\n").getBytes(StandardCharsets.UTF_8));
    }
    List<String> out = new ArrayList<>(lines.subList(0, lines.size() - 1));
    out.add("{\"sha256\":\"" + HexFormat.of().formatHex(sha.digest()) + "\"}");
    return out;
  }

  static byte[] flip(byte[] b, int at) {
    byte[] c = b.clone();
    c[at] ^= 0x5a;
    return c;
  }

  /** The line number (0-based) of the first row of {@code table}. */
  static int firstRowOf(List<String> lines, String table) {
    int marker = lines.indexOf("{\"table\":\"" + table + "\"}");
    if (marker < 0 || marker + 1 >= lines.size() || lines.get(marker + 1).startsWith("{")) {
      throw new IllegalStateException("table " + table + " has no rows in the backup");
    }
    return marker + 1;
  }

  static void expectRefused(BackupRestoreTest test, String name, byte[] content, String why) throws IOException {
    Path file = Files.createTempFile("liaison-damaged-" + name, ".gz");
    try {
      Files.write(file, content);
      test.expectRefusedInto(name, file, why);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
