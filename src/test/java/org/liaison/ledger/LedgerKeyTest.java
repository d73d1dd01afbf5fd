package org.liaison.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.proof.Checkpoint;
import org.liaison.proof.LedgerKey;
import org.liaison.proof.Merkle;
import org.liaison.proof.SignedNote;

class LedgerKeyTest {
  @TempDir Path dataDir;

  @Test
  void first_use_generates_and_saves_later_uses_load_the_same_key() throws Exception {
    Path file = dataDir.resolve("keys").resolve(LedgerKey.DEFAULT_FILE_NAME);
    LedgerKey created = KeyFiles.loadOrGenerate(file, "hub.example/log");
    LedgerKey loaded = KeyFiles.loadOrGenerate(file, "hub.example/log");
    assertThat(loaded.publicKey()).hasSize(32).isEqualTo(created.publicKey());
    assertThat(loaded.vkey()).isEqualTo(created.vkey());
    String pem = Files.readString(file);
    assertThat(pem).contains("-----BEGIN PRIVATE KEY-----", "-----BEGIN PUBLIC KEY-----");
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(file))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
    // What the loaded key signs, the created key's public half verifies.
    String note = SignedNote.sign(new Checkpoint("hub.example/log", 0, Merkle.emptyRoot()).toBody(), loaded);
    assertThat(SignedNote.open(note, created.verifierKey())).isNotEmpty();
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).as("no temporary files left").containsExactly(file);
    }
  }

  @Test
  void an_existing_key_is_never_overwritten() throws IOException {
    Path file = dataDir.resolve(LedgerKey.DEFAULT_FILE_NAME);
    KeyFiles.save(LedgerKey.generate("a"), file);
    String before = Files.readString(file);
    assertThatThrownBy(() -> KeyFiles.save(LedgerKey.generate("a"), file)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(file)).isEqualTo(before);
  }

  @Test
  void mismatched_or_broken_files_are_refused_naming_the_file() throws IOException {
    Path a = dataDir.resolve("a.pem");
    Path b = dataDir.resolve("b.pem");
    KeyFiles.save(LedgerKey.generate("a"), a);
    KeyFiles.save(LedgerKey.generate("b"), b);
    String privateOfA = Files.readString(a).split("(?=-----BEGIN PUBLIC KEY-----)")[0];
    String publicOfB = Files.readString(b).split("(?=-----BEGIN PUBLIC KEY-----)")[1];
    Path mixed = dataDir.resolve("mixed.pem");
    Files.writeString(mixed, privateOfA + publicOfB);
    assertThatThrownBy(() -> KeyFiles.load(mixed, "a")).isInstanceOf(IOException.class)
        .hasMessageContaining("mixed.pem").hasMessageContaining("does not match");
    Path half = dataDir.resolve("half.pem");
    Files.writeString(half, privateOfA);
    assertThatThrownBy(() -> KeyFiles.load(half, "a")).isInstanceOf(IOException.class)
        .hasMessageContaining("half.pem").hasMessageContaining("PUBLIC KEY");
  }

  @Test
  void to_string_shows_the_public_half_only() {
    LedgerKey key = LedgerKey.generate("n");
    assertThat(key.toString()).contains(key.vkey()).doesNotContain("PRIVATE");
  }
}
