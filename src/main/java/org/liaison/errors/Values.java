package org.liaison.errors;

/** How a refusal quotes the value it refuses. */
public final class Values {
  /** Longest quoted value; a hostile body's megabyte string must not come back in the answer. */
  public static final int MAX_QUOTED = 64;

  private Values() {}

  /** {@code s} as a message quotes it: at most {@link #MAX_QUOTED} characters, then "…"; "null" for null. */
  public static String truncate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED) + "…";
  }
}
