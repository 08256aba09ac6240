package org.personacollab.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.CliException;

class CredentialsStoreTest {
  @TempDir Path tmp;

  final Credentials alice = Credentials.signedIn("http://localhost:8080", "dev:alice", "alice", "secret-user-token", "2030-01-01T00:00:00Z")
      .withSession("k3v9x2m7qa", new Credentials.SessionToken("Workshop", "facilitator", "secret-session-token", "2030-01-01T00:00:00Z"));

  @Test
  void save_thenLoad_roundTrips() {
    CredentialsStore store = new CredentialsStore(tmp.resolve("persona"));

    store.save(alice);

    assertThat(store.load()).contains(alice);
  }

  @Test
  void save_fileOwnerReadWriteOnly_directoryOwnerOnly_noTemporaryFilesLeft() throws IOException {
    Path dir = tmp.resolve("new").resolve("persona");
    CredentialsStore store = new CredentialsStore(dir);

    store.save(alice);
    store.save(alice.withoutSession("k3v9x2m7qa"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(CredentialsStore.FILE_NAME);
    }
    assertThat(store.load().orElseThrow().sessions()).isEmpty();
  }

  @Test
  void save_fileMadeReadableByOthers_isTightenedAgain() throws IOException {
    CredentialsStore store = new CredentialsStore(tmp);
    Files.writeString(store.file(), "{}");
    Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

    store.save(alice);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
  }

  @Test
  void load_noFile_empty() {
    assertThat(new CredentialsStore(tmp.resolve("nobody")).load()).isEmpty();
  }

  @Test
  void load_damagedFile_namesItAndWhatToDo() throws IOException {
    CredentialsStore store = new CredentialsStore(tmp);
    Files.writeString(store.file(), "{\"server\": ");

    assertThatThrownBy(store::load)
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith(store.file() + " is damaged (")
        .hasMessageEndingWith("delete it and sign in again with 'persona login'");
  }

  @Test
  void locate_optionThenPersonaConfigDirThenXdgThenHome() {
    Path home = Path.of("/home/alice");
    Map<String, String> both = Map.of("PERSONA_CONFIG_DIR", "/etc/persona", "XDG_CONFIG_HOME", "/xdg");

    assertThat(CredentialsStore.locate(Path.of("/opt"), both, home).file()).isEqualTo(Path.of("/opt/credentials.json"));
    assertThat(CredentialsStore.locate(null, both, home).file()).isEqualTo(Path.of("/etc/persona/credentials.json"));
    assertThat(CredentialsStore.locate(null, Map.of("XDG_CONFIG_HOME", "/xdg"), home).file())
        .isEqualTo(Path.of("/xdg/persona/credentials.json"));
    assertThat(CredentialsStore.locate(null, Map.of("PERSONA_CONFIG_DIR", " "), home).file())
        .isEqualTo(Path.of("/home/alice/.config/persona/credentials.json"));
  }

  @Test
  void toString_neverShowsTokens() {
    assertThat(alice.toString()).contains("dev:alice", "k3v9x2m7qa").doesNotContain("secret");
    assertThat(alice.session("k3v9x2m7qa").toString()).doesNotContain("secret");
  }
}
