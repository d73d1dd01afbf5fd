package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Peer URLs from a USS base URL, with or without the trailing '/' the hub accepts. */
class PeerClientUrlTest {
  @Test
  void a_trailing_slash_in_the_base_url_does_not_double_the_path_separator() {
    assertThat(PeerClient.url("https://b.example/uss/", "/uss/v1/reports").toString())
        .isEqualTo("https://b.example/uss/uss/v1/reports");
    assertThat(PeerClient.url("https://b.example/uss", "/uss/v1/reports").toString())
        .isEqualTo("https://b.example/uss/uss/v1/reports");
    assertThat(PeerClient.url("https://b.example", "/uss/v1/constraints").toString())
        .isEqualTo("https://b.example/uss/v1/constraints");
  }
}
