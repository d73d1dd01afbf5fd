package org.liaison.console;

import java.util.List;

/**
 * Strings another party could choose for anything it names or writes. Every element they would
 * create carries the class {@code pwn}, and every handler they would run marks the page, so a test
 * can ask the page whether any got in.
 */
public final class HostileStrings {
  /** Marks the page if a handler or script from these strings ever runs. */
  static final String MARK = "document.documentElement.dataset.pwned=1";

  public static final String TAGS = "<img class=pwn src=x onerror=\"" + MARK + "\"><b class=pwn>bold</b>";
  public static final String SCRIPT = "<script class=pwn>" + MARK + "</script>";
  public static final String BREAKOUT = "\"><svg class=pwn onload=\"" + MARK + "\"></svg><x class=pwn y='";
  public static final String JS_URL = "javascript:" + MARK;
  public static final String LINK = "<a class=pwn href=\"javascript:" + MARK + "\">click me</a>";
  public static final String CSS = "<style class=pwn>*{display:none!important}</style><p class=pwn style=\"position:fixed;inset:0;background:red\">overlay</p>";
  public static final String ENTITIES = "&lt;i class=pwn&gt; &amp;amp; &#60;b&#62;";
  public static final String RTL = "\u202Eevil\u202C right-to-left override \u202Dlrd";
  /** 10,240 characters of markup. */
  public static final String LONG = "<i class=pwn>x</i>".repeat(567) + "<u class=pwn>end</u>" + "e".repeat(14);

  /** Short enough for any text field (channel names take 255 characters). */
  public static final List<String> SHORT = List.of(TAGS, SCRIPT, BREAKOUT, JS_URL, LINK, CSS, ENTITIES, RTL);

  /** All of them, the 10 KB one last. */
  public static final List<String> ALL = List.of(TAGS, SCRIPT, BREAKOUT, JS_URL, LINK, CSS, ENTITIES, RTL, LONG);

  /**
   * Party ids within the party id rule that still look like code: what a party can really name
   * itself. Used where the value must pass the hub's token check.
   */
  public static final List<String> PARTY_IDS = List.of("javascript:void(document.documentElement.dataset.pwned=1)",
      "expression(alert(1));background:url(x)", "{{constructor.constructor(alert)()}}");

  /**
   * What a page must say about itself after the strings were shown: how many elements they made,
   * how many elements carry an inline handler, and whether any handler ran. The page's own code
   * never uses handler attributes.
   */
  public static final String PROBE = "return {"
      + "pwn: document.querySelectorAll('.pwn').length,"
      + "handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,"
      + "jsLinks: document.querySelectorAll('[href^=\"javascript:\" i], [src^=\"javascript:\" i]').length,"
      + "ran: document.documentElement.dataset.pwned || null};";

  private HostileStrings() {}

  static {
    if (LONG.length() != 10_240) {
      throw new AssertionError("LONG is " + LONG.length() + " characters");
    }
  }
}
