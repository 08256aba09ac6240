package org.personacollab.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewaySecretTest {
  @TempDir Path tmp;

  @Test
  void firstUp_writesARandomKeyReadableByItsOwnerOnly_laterUpsKeepIt() throws IOException {
    Path keys = tmp.resolve("data/keys");

    Path file = GatewaySecret.ensure(keys);
    String key = keyIn(file);
    assertThat(file).isEqualTo(keys.resolve("gateway.properties"));
    assertThat(key).matches("[0-9a-f]{64}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.list(keys)).as("no temp file left").containsExactly(file);

    assertThat(keyIn(GatewaySecret.ensure(keys))).as("a second up keeps the key").isEqualTo(key);
    assertThat(keyIn(GatewaySecret.ensure(tmp.resolve("other/keys")))).as("another data folder, another key").isNotEqualTo(key);
  }

  @Test
  void aFileWithoutAUsableKey_isAnErrorThatSaysWhatToDo() throws IOException {
    Path keys = Files.createDirectories(tmp.resolve("keys"));
    Files.writeString(keys.resolve("gateway.properties"), "persona.gateway.client-id-secret=short\n");

    assertThatThrownBy(() -> GatewaySecret.ensure(keys))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("at least 16 characters")
        .hasMessageContaining("delete the file");
    assertThat(Files.readString(keys.resolve("gateway.properties"))).as("left as it was").contains("=short");
  }

  private static String keyIn(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    }
    return p.getProperty("persona.gateway.client-id-secret");
  }
}
