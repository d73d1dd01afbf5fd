package org.liaison.auth;

import java.util.regex.Pattern;

/**
 * What a party id, the token's {@code sub}, may be. Every party sees the others' ids (on the map,
 * in channels, in the ledger), so an id is text a person can read and nothing else: 1 to {@value
 * #MAX_LENGTH} characters (Unicode code points), each a letter, mark, digit, punctuation, symbol or
 * the plain space, and none of {@code < > " ' & `}. That keeps out markup, control and
 * format characters (right-to-left overrides, zero-width characters) and unusual spaces, and
 * admits the ids in use: {@code uss1}, {@code coalition-air}, {@code urn:example:uss:…},
 * {@code ops@example.org}, names in any script.
 */
final class PartyId {
  /** Long enough for URNs and URLs, short enough that one id cannot flood another party's page. */
  static final int MAX_LENGTH = 1024;

  /** The rule in words, as refusals quote it. */
  static final String RULE = "a party id (the token's sub) is 1 to " + MAX_LENGTH
      + " characters, each a letter, mark, digit, punctuation, symbol or space, none of < > \" ' & `"
      + " and no control or format characters";

  private static final Pattern ALLOWED =
      Pattern.compile("[[\\p{L}\\p{M}\\p{N}\\p{P}\\p{S} ]&&[^<>\"'&`]]{1," + MAX_LENGTH + "}");

  private PartyId() {}

  /** Whether {@code id} follows {@link #RULE}; blank ids do not. */
  static boolean valid(String id) {
    return id != null && !id.isBlank() && ALLOWED.matcher(id).matches();
  }

  /**
   * {@code id} for a message: at most 64 characters, with anything outside printable ASCII written
   * as a {@code \}{@code uXXXX} escape, so the refusal shows what was sent without carrying it.
   */
  static String quote(String id) {
    StringBuilder b = new StringBuilder("\"");
    int n = 0;
    for (int i = 0; i < id.length() && n < 64; i++, n++) {
      char c = id.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        b.append(c);
      } else {
        b.append(String.format("\\u%04X", (int) c));
      }
    }
    b.append('"');
    if (id.length() > 64) {
      b.append("… (").append(id.codePointCount(0, id.length())).append(" characters)");
    }
    return b.toString();
  }
}
