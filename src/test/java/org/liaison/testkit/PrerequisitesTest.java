package org.liaison.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {
  @Test
  void a_missing_prerequisite_skips_outside_ci() {
    assertThatThrownBy(() -> Prerequisites.require(false, "chromium not found", null))
        .isInstanceOf(TestAbortedException.class).hasMessageContaining("chromium not found");
    assertThatThrownBy(() -> Prerequisites.require(false, "chromium not found", "false"))
        .isInstanceOf(TestAbortedException.class);
  }

  @Test
  void a_missing_prerequisite_fails_in_ci() {
    assertThatThrownBy(() -> Prerequisites.require(false, "chromium not found", "true"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("chromium not found").hasMessageContaining("must run, not be skipped");
  }

  @Test
  void a_present_prerequisite_passes_everywhere() {
    assertThatCode(() -> Prerequisites.require(true, "x", "true")).doesNotThrowAnyException();
    assertThatCode(() -> Prerequisites.require(true, "x", null)).doesNotThrowAnyException();
  }
}
