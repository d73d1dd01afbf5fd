package org.liaison.proof;

import static org.liaison.proof.VerificationException.Reason.BAD_SIGNATURE;
import static org.liaison.proof.VerificationException.Reason.MALFORMED;
import static org.liaison.proof.VerificationException.Reason.UNTRUSTED;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * C2SP {@code signed-note} with Ed25519 (signature type 0x01): text, a blank line, then lines
 * {@code — <key name> <base64(key ID ‖ signature)>}. Signatures by other keys, such as witness
 * cosignatures, are ignored as the spec requires; one by the expected key must be present and every
 * one by it must verify.
 */
public final class SignedNote {
  public static final String SIGNATURE_PREFIX = "\u2014 ";
  /** The spec asks verifiers to accept at least 16; more is a sign of abuse. */
  public static final int MAX_SIGNATURES = 64;

  private SignedNote() {}

  /** A note whose text is {@code body}, signed by {@code key}. */
  public static String sign(String body, LedgerKey key) {
    requireNoteText(body);
    byte[] signature = key.sign(body.getBytes(StandardCharsets.UTF_8));
    byte[] keyId = Ed25519.keyId(key.name(), Ed25519.TYPE_NOTE, key.publicKey());
    return body + "\n" + signatureLine(key.name(), keyId, signature);
  }

  /** Verifies a checkpoint note signed by {@code name}'s key and returns the checkpoint. */
  public static Checkpoint verify(String noteText, String name, byte[] publicKey32) throws VerificationException {
    return verify(noteText, new VerifierKey(name, publicKey32));
  }

  /** Verifies a checkpoint note signed by {@code key} and returns the checkpoint. */
  public static Checkpoint verify(String noteText, VerifierKey key) throws VerificationException {
    return parseCheckpoint(open(noteText, key));
  }

  /** Verifies a note signed by {@code key} and returns its text, whatever it holds. */
  public static String open(String noteText, VerifierKey key) throws VerificationException {
    Note note = parse(noteText);
    byte[] keyId = key.keyId();
    byte[] message = note.text().getBytes(StandardCharsets.UTF_8);
    boolean found = false;
    for (Line line : note.signatures()) {
      if (line.name().equals(key.name()) && line.hasKeyId(keyId)) {
        found = true;
        byte[] signature = Arrays.copyOfRange(line.blob(), 4, line.blob().length);
        if (!Ed25519.verify(key.publicKey(), message, signature)) {
          throw new VerificationException(BAD_SIGNATURE, "signature by " + key.name() + " (key ID "
              + Ed25519.hex(keyId) + ") does not verify over the note text");
        }
      }
    }
    if (!found) {
      throw new VerificationException(UNTRUSTED, "note has no signature by " + key.name() + " with key ID "
          + Ed25519.hex(keyId) + " among its " + note.signatures().size() + " signatures");
    }
    return note.text();
  }

  static Checkpoint parseCheckpoint(String text) throws VerificationException {
    try {
      return Checkpoint.parse(text);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(MALFORMED, "note text is not a checkpoint: " + e.getMessage(), e);
    }
  }

  /** A note split into its text and signature lines; nothing is verified yet. */
  record Note(String text, List<Line> signatures) {}

  /** One signature line: the key name and the decoded key ID ‖ signature bytes. */
  record Line(String name, byte[] blob) {
    boolean hasKeyId(byte[] keyId) {
      return Arrays.equals(blob, 0, 4, keyId, 0, 4);
    }
  }

  static Note parse(String noteText) throws VerificationException {
    if (noteText == null) {
      throw new VerificationException(MALFORMED, "note is null");
    }
    try {
      requireNoteText(noteText);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(MALFORMED, "malformed note: " + e.getMessage(), e);
    }
    int split = noteText.lastIndexOf("\n\n");
    if (split < 0) {
      throw new VerificationException(MALFORMED, "malformed note: no blank line before the signatures");
    }
    if (split + 2 == noteText.length()) {
      throw new VerificationException(MALFORMED, "malformed note: no signature lines after the blank line");
    }
    String text = noteText.substring(0, split + 1);
    String[] lines = noteText.substring(split + 2, noteText.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw new VerificationException(MALFORMED, "malformed note: " + lines.length
          + " signature lines, more than the " + MAX_SIGNATURES + " accepted");
    }
    List<Line> signatures = new ArrayList<>(lines.length);
    for (int i = 0; i < lines.length; i++) {
      signatures.add(parseLine(lines[i], i + 1));
    }
    return new Note(text, signatures);
  }

  private static Line parseLine(String line, int number) throws VerificationException {
    String where = "malformed note: signature line " + number + " \"" + line + "\"";
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw new VerificationException(MALFORMED, where + " does not start with an em dash and a space");
    }
    int space = line.indexOf(' ', SIGNATURE_PREFIX.length());
    if (space < 0 || line.indexOf(' ', space + 1) >= 0) {
      throw new VerificationException(MALFORMED, where + " is not \u2014 <name> <signature>");
    }
    String name = line.substring(SIGNATURE_PREFIX.length(), space);
    String encoded = line.substring(space + 1);
    try {
      Ed25519.requireKeyName(name);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(MALFORMED, where + ": " + e.getMessage(), e);
    }
    byte[] blob;
    try {
      blob = B64.decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(MALFORMED, where + " has a signature that is not base64", e);
    }
    if (blob.length < 5) {
      throw new VerificationException(MALFORMED, where + " has a signature of " + blob.length + " bytes, too short");
    }
    return new Line(name, blob);
  }

  static String signatureLine(String name, byte[] keyId, byte[] signature) {
    byte[] blob = Arrays.copyOf(keyId, keyId.length + signature.length);
    System.arraycopy(signature, 0, blob, keyId.length, signature.length);
    return SIGNATURE_PREFIX + name + " " + B64.encode(blob) + "\n";
  }

  /** Note text rules: non-empty, ends with a newline, no controls but newline, valid UTF-16. */
  static void requireNoteText(String text) {
    if (text.isEmpty() || !text.endsWith("\n")) {
      throw new IllegalArgumentException("note text must end with a newline");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new IllegalArgumentException(String.format("control character U+%04X at offset %d", (int) c, i));
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          throw new IllegalArgumentException(String.format("unpaired surrogate U+%04X at offset %d", (int) c, i));
        }
      }
    }
  }
}
