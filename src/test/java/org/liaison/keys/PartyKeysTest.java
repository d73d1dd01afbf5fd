package org.liaison.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartyKeysTest {
  @TempDir Path dir;
  final Instant now = Instant.parse("2026-12-07T10:00:00.123Z");

  @Test
  void keys_are_made_once_kept_owner_only_and_loaded_back() throws IOException {
    PartyKeys k = PartyKeys.loadOrGenerate(dir, "usa", now);
    assertThat(Files.getPosixFilePermissions(dir.resolve(PartyKeys.FILE)))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    PartyKeys again = PartyKeys.loadOrGenerate(dir, "usa", now.plusSeconds(60));
    assertThat(again.keyId()).isEqualTo(k.keyId());
    assertThat(again.publicKeys()).isEqualTo(k.publicKeys());
    assertThat(again.x25519Private().generatePublicKey().getEncoded()).isEqualTo(k.publicKeys().x25519());
    assertThatThrownBy(() -> PartyKeys.load(dir, "rus")).hasMessageContaining("keys of usa, not of rus");
  }

  @Test
  void rotation_keeps_the_old_key_for_reading_and_makes_a_new_one() throws IOException {
    PartyKeys old = PartyKeys.loadOrGenerate(dir, "usa", now);
    PartyKeys next = PartyKeys.rotate(dir, "usa", now.plusSeconds(5));
    assertThat(next.keyId()).isNotEqualTo(old.keyId());
    assertThat(PartyKeys.load(dir, "usa").keyId()).isEqualTo(next.keyId());
    Path retired = dir.resolve("party-keys." + old.keyId() + ".retired.json");
    assertThat(Files.getPosixFilePermissions(retired)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE));
    assertThat(PartyKeys.retired(dir, "usa", old.keyId()).publicKeys()).isEqualTo(old.publicKeys());
  }

  @Test
  void a_signature_verifies_only_for_its_statement_type_key_and_content() {
    PartyKeys k = PartyKeys.generate("usa", now);
    Statement s = Statement.of(Statement.Type.MESSAGE_ACK, "usa", now, k.keyId());
    s.body().put("channel_id", "c").put("message_id", "m").put("message_sha256", "ab").putNull("reply_sha256");
    String sig = s.sign(k);
    assertThat(s.verify(k.publicKeys().ed25519(), sig)).isTrue();
    assertThat(s.verify(PartyKeys.generate("usa", now).publicKeys().ed25519(), sig)).isFalse();
    var asRead = s.body().deepCopy().put("type", "message.read");
    assertThat(Statement.parse(Statement.Type.MESSAGE_READ, asRead).verify(k.publicKeys().ed25519(), sig)).isFalse();
    var otherHash = s.body().deepCopy().put("message_sha256", "cd");
    assertThat(Statement.parse(Statement.Type.MESSAGE_ACK, otherHash).verify(k.publicKeys().ed25519(), sig)).isFalse();
    assertThat(s.verify(k.publicKeys().ed25519(), "not base64!")).isFalse();
    // The signed bytes are the context, a zero byte, then the canonical JSON: a third party can rebuild them.
    String expected = "liaison/statement/v1/message.ack\u0000{\"channel_id\":\"c\",\"key_id\":\"" + k.keyId()
        + "\",\"message_id\":\"m\",\"message_sha256\":\"ab\",\"party\":\"usa\",\"reply_sha256\":null,"
        + "\"time\":\"2026-12-07T10:00:00.123Z\",\"type\":\"message.ack\"}";
    assertThat(new String(s.signedBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(expected);
  }
}
