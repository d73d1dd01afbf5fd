package org.liaison.proof;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * ECMAScript {@code Number.prototype.toString} for finite doubles, as RFC 8785 §3.2.2.3 requires.
 *
 * <p>Java 17's {@code Double.toString} is not always shortest (JDK-4511638) and its format differs,
 * so the digits are found here: the fewest significant digits that parse back to the same double,
 * and among those the decimal closest to it (ties to even digit).
 *
 * <p>Most doubles take Jackson's Schubfach writer (Giulietti's algorithm, the one JDK 19 adopted
 * for {@code Double.toString}), whose digits are exactly these whenever it prints three or more of
 * them; its text is only re-laid out. With one or two digits it may prefer a closer two-digit
 * decimal where ECMAScript takes one digit ({@code 4.9E-324} for {@code 5e-324}), so those go the
 * older ways. The BigDecimal search was 4-6% of the hub's CPU under a spread write load.
 */
final class EcmaNumber {
  private static final long MAX_SAFE_INTEGER = 1L << 53;

  private EcmaNumber() {}

  static String toString(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("JSON has no representation for the number " + value);
    }
    if (value == 0) {
      return "0"; // covers -0, which ECMAScript also prints as "0"
    }
    if (value == Math.rint(value) && Math.abs(value) < MAX_SAFE_INTEGER) {
      return Long.toString((long) value);
    }
    String schubfach = schubfach(value);
    if (schubfach != null) {
      return schubfach;
    }
    String fast = shortDecimal(value);
    return fast != null ? fast : exact(value);
  }

  /**
   * The digits and exponent of Schubfach's text ({@code -1.2345E-7}, {@code 123.45}), laid out as
   * ECMAScript does; null when it printed fewer than three significant digits (see the class).
   */
  static String schubfach(double value) {
    String t = NumberOutput.toString(value, true);
    int n = t.length();
    int start = t.charAt(0) == '-' ? 1 : 0;
    int e = t.indexOf('E', start);
    int mantissaEnd = e < 0 ? n : e;
    int exponent = e < 0 ? 0 : Integer.parseInt(t, e + 1, n, 10);
    char[] digits = new char[mantissaEnd - start];
    int k = 0;
    int point = -1;
    for (int i = start; i < mantissaEnd; i++) {
      char c = t.charAt(i);
      if (c == '.') {
        point = k;
      } else {
        digits[k++] = c;
      }
    }
    if (point < 0) {
      point = k;
    }
    // Strip leading zeros (0.00123) and trailing zeros (123.0): the decimal point moves with them.
    int first = 0;
    while (first < k - 1 && digits[first] == '0') {
      first++;
    }
    int last = k;
    while (last > first + 1 && digits[last - 1] == '0') {
      last--;
    }
    if (last - first < 3) {
      return null;
    }
    return format(start == 1, new String(digits, first, last - first), point - first + exponent);
  }

  /** The general path, exact for every finite non-zero double, in BigDecimal arithmetic. */
  static String exact(double value) {
    BigDecimal shortest = shortestDecimal(value);
    return format(value < 0, shortest.unscaledValue().abs().toString(), shortest.precision() - shortest.scale());
  }

  private static final double[] POW10 = new double[23];

  static {
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = Double.parseDouble("1e" + i); // exact up to 1e22
    }
  }

  /**
   * Fast path for values like coordinates: finds the fewest fractional digits s for which some
   * integer c gives c / 10^s == value. With c and 10^s exact doubles, IEEE division is correctly
   * rounded, so that test is exactly "the decimal c·10^-s reads back as value". The round-trip
   * integers form a run around value·10^s, and c = round(value·10^s) is within 1 of it, so
   * checking c-1, c and c+1 finds the run; only a run of exactly {c} is taken here (it is then
   * also the closest), anything else goes to the exact path. Returns null when not applicable.
   */
  static String shortDecimal(double value) {
    double abs = Math.abs(value);
    for (int s = 1; s < POW10.length; s++) {
      double scaled = abs * POW10[s];
      if (scaled >= 0x1p52) {
        return null;
      }
      long c = Math.round(scaled);
      boolean here = c / POW10[s] == abs;
      boolean below = c > 0 && (c - 1) / POW10[s] == abs;
      boolean above = (c + 1) / POW10[s] == abs;
      if (!here && !below && !above) {
        continue;
      }
      if (!here || below || above) {
        return null;
      }
      String digits = Long.toString(c);
      int n = digits.length() - s;
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      return format(value < 0, digits.substring(0, end), n);
    }
    return null;
  }

  /** The decimal with the fewest digits that reads back as {@code value}; closest one on a tie. */
  private static BigDecimal shortestDecimal(double value) {
    BigDecimal exact = new BigDecimal(value);
    // Some decimal of p digits round-trips for every p >= p_min, so search for p_min.
    int low = 1;
    int high = 17; // 17 significant digits always round-trip
    BigDecimal best = candidate(exact, value, high);
    while (low < high) {
      int mid = (low + high) >>> 1;
      BigDecimal c = candidate(exact, value, mid);
      if (c != null) {
        best = c;
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return best.stripTrailingZeros();
  }

  /**
   * The p-digit decimal that round-trips to {@code value}, or null. Only the two p-digit neighbours
   * of the exact value can qualify; the nearer wins and an exact tie takes the even last digit.
   */
  private static BigDecimal candidate(BigDecimal exact, double value, int p) {
    BigDecimal down = exact.round(new MathContext(p, RoundingMode.DOWN));
    BigDecimal up = exact.round(new MathContext(p, RoundingMode.UP));
    boolean downOk = down.doubleValue() == value;
    boolean upOk = up.doubleValue() == value;
    if (downOk && upOk) {
      int cmp = exact.subtract(down).abs().compareTo(up.subtract(exact).abs());
      if (cmp != 0) {
        return cmp < 0 ? down : up;
      }
      return down.unscaledValue().testBit(0) ? up : down;
    }
    return downOk ? down : upOk ? up : null;
  }

  /** ECMA-262 Number::toString steps 6-10, with digits {@code s} (k of them) and exponent n. */
  private static String format(boolean negative, String s, int n) {
    int k = s.length();
    StringBuilder out = new StringBuilder(k + 8);
    if (negative) {
      out.append('-');
    }
    if (k <= n && n <= 21) {
      out.append(s).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(s, 0, n).append('.').append(s, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(s);
    } else {
      out.append(s.charAt(0));
      if (k > 1) {
        out.append('.').append(s, 1, k);
      }
      int e = n - 1;
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return out.toString();
  }
}
