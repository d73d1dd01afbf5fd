package org.liaison.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.liaison.testkit.Prerequisites;

/**
 * Headless Chromium for the console's browser tests: Debian's {@code chromium} and {@code
 * chromedriver} found on the PATH (or named by {@code -Dliaison.chromium=} and {@code
 * -Dliaison.chromedriver=}), never downloaded. Without them the tests are skipped, saying why, or fail in CI.
 */
public final class Chromium {
  static final String SKIP = "Console browser tests SKIPPED: chromium and chromedriver not found on PATH"
      + " (install with: apt-get install -y chromium chromium-driver)";

  private Chromium() {}

  static Optional<Path> find(String property, String... names) {
    String given = System.getProperty(property);
    if (given != null && !given.isBlank()) {
      Path p = Path.of(given);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      for (String n : names) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, n);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean said;

  /**
   * Prints one line where the person running Maven sees it: Surefire keeps System.out and
   * System.err in report files, but passes the forked JVM's own standard error through.
   */
  static synchronized void say(String line) {
    if (!said) {
      said = true;
      @SuppressWarnings("resource") // the process's standard error, never to be closed
      java.io.PrintStream err = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
          java.nio.charset.StandardCharsets.UTF_8);
      err.println(line);
    }
  }

  static Optional<Path> browser() {
    return find("liaison.chromium", "chromium", "chromium-browser");
  }

  static Optional<Path> driver() {
    return find("liaison.chromedriver", "chromedriver");
  }

  /** Skips the calling test class, in one line that says what to install, when either binary is missing. */
  public static boolean installed() {
    return browser().isPresent() && driver().isPresent();
  }

  public static void assumeInstalled() {
    boolean there = installed();
    if (!there) {
      say(SKIP);
    }
    Prerequisites.require(there, SKIP);
  }

  /** A fresh browser with its own profile directory under {@code tmp}, at {@code width}×{@code height}. */
  public static ChromeDriver start(Path tmp, int width, int height) throws IOException {
    Path profile = Files.createTempDirectory(tmp, "chromium-profile");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(browser().orElseThrow().toFile());
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--hide-scrollbars",
        "--force-device-scale-factor=1", "--lang=en-GB");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(driver().orElseThrow().toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver d = new ChromeDriver(service, o);
    d.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    // The window size flag sets the outer size; make the page itself exactly width×height.
    d.manage().window().setSize(new Dimension(width, height));
    Object inner = d.executeScript("return [window.innerWidth, window.innerHeight]");
    if (inner instanceof java.util.List<?> l && l.size() == 2) {
      int dw = width - ((Number) l.get(0)).intValue();
      int dh = height - ((Number) l.get(1)).intValue();
      if (dw != 0 || dh != 0) {
        d.manage().window().setSize(new Dimension(width + dw, height + dh));
      }
    }
    return d;
  }

  /** Closes each, null or not, on to the last even when one fails: closing the rest matters more. */
  static void closeAll(AutoCloseable... all) {
    for (AutoCloseable c : all) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
  }
}
