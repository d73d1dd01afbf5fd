package org.liaison.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The map's "Now" is the real now, not the last 5-minute step of the slider: a notice that began
 * after that step and before the page opened is on the map at "Now".
 */
class ConsoleNowBrowserTest {
  private static final long STEP_S = 5 * 60;

  @TempDir static Path tmp;
  static ConsoleHub hub;

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void a_notice_that_began_since_the_last_five_minute_step_is_on_the_map_now() throws Exception {
    Chromium.assumeInstalled();
    // Start a second past a 5-minute step with over a minute to the next, so that the notice
    // begins after the step the old slider would show, and the page opens before the next one.
    long now = Instant.now().getEpochSecond();
    long intoStep = now % STEP_S;
    if (intoStep < 1 || intoStep > STEP_S - 70) {
      Thread.sleep((STEP_S - intoStep + 1) * 1000);
    }
    hub = new ConsoleHub(tmp.resolve("hub")); // the notice starts at the hub's "now", to the second
    hub.notice(hub.token("north"), ConsoleHub.square(57.60, 18.30, 0.20), 0, 600, 0, 60, List.of());
    ChromeDriver d = Chromium.start(tmp, 1280, 720);
    try {
      ConsoleBrowserTest.login(d, hub.base, "north");
      ConsoleBrowserTest.waiting(d).until(x -> "1".equals(ConsoleBrowserTest.attr(x, "map", "data-volumes")));
      assertThat(d.findElement(By.id("time-label")).getText()).contains("(now)");
      assertThat(d.findElement(By.id("map-list")).getText()).contains("north");
      assertThat(ConsoleBrowserTest.scriptErrors(d)).isEmpty();
    } finally {
      d.quit();
    }
  }
}
