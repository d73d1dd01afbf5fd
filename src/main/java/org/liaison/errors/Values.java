package org.liaison.errors;

/** How a refusal quotes the value it refuses. */
public final class Values {
  /** Longest quoted value; a hostile body's megabyte string must not come back in the answer. */
  public static final int MAX_QUOTED = 64;

  private Values() {}

  /** {@code s} as a message quotes it: at most {@link #MAX_QUOTED} characters, then "…"; "null" for null. */
  public static String truncate(String s) {
    return truncate(s, MAX_QUOTED);
  }

  /** {@code s} cut to at most {@code max} characters, then "…"; "null" for null. */
  public static String truncate(String s, int max) {
    if (s == null) {
      return "null";
    }
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
