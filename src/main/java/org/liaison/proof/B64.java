package org.liaison.proof;

import java.util.Base64;

/**
 * Standard base64 (RFC 4648 section 4, padded), the one form hashes, keys, signatures and entry
 * bytes take in notes, receipts, bundles and the log's JSON answers.
 */
public final class B64 {
  private static final Base64.Encoder ENCODER = Base64.getEncoder();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private B64() {}

  public static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /**
   * Decodes standard padded base64.
   *
   * @throws IllegalArgumentException when {@code text} is not base64
   */
  public static byte[] decode(String text) {
    return DECODER.decode(text);
  }
}
