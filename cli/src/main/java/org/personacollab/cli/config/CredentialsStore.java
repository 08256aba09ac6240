package org.personacollab.cli.config;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliException;
import org.personacollab.cli.Json;
import tools.jackson.core.JacksonException;

/**
 * Reads and writes {@code credentials.json}. The file holds bearer tokens, so it is written the
 * way ssh keeps keys: the directory {@code rwx------}, the file {@code rw-------}, created with
 * those permissions (never briefly readable by others) and replaced atomically, so a crash never
 * leaves half a file. On file systems without POSIX permissions the file is written plainly.
 *
 * <p>Where it lives, first match wins: {@code --config-dir}, {@code $PERSONA_CONFIG_DIR},
 * {@code $XDG_CONFIG_HOME/persona}, {@code ~/.config/persona}.
 */
public final class CredentialsStore {
  /** The file name inside the config directory. */
  public static final String FILE_NAME = "credentials.json";

  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private final Path dir;

  public CredentialsStore(Path dir) {
    this.dir = dir;
  }

  /**
   * The store in the directory chosen by {@code option} ({@code --config-dir}), else the
   * environment ({@code PERSONA_CONFIG_DIR}, then {@code XDG_CONFIG_HOME}), else
   * {@code <home>/.config/persona}.
   */
  public static CredentialsStore locate(@Nullable Path option, Map<String, String> env, Path home) {
    if (option != null) {
      return new CredentialsStore(option);
    }
    String persona = env.get("PERSONA_CONFIG_DIR");
    if (persona != null && !persona.isBlank()) {
      return new CredentialsStore(Path.of(persona));
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return new CredentialsStore(Path.of(xdg, "persona"));
    }
    return new CredentialsStore(home.resolve(".config").resolve("persona"));
  }

  /** The credentials file (which may not exist yet). */
  public Path file() {
    return dir.resolve(FILE_NAME);
  }

  /**
   * The stored credentials, or empty when nobody signed in yet.
   *
   * @throws CliException when the file exists but cannot be read or is not valid
   */
  public Optional<Credentials> load() {
    Path file = file();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(Json.MAPPER.readValue(text, Credentials.class));
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      throw new CliException(file + " is damaged (" + Json.abbreviate(String.valueOf(e.getMessage()), 120)
          + "); delete it and sign in again with 'persona login'", e);
    }
  }

  /** Replaces the stored credentials with {@code credentials}, readable by the owner only. */
  public void save(Credentials credentials) {
    Path file = file();
    try {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      if (!Files.isDirectory(dir)) {
        if (posix) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } else {
          Files.createDirectories(dir);
        }
      }
      Path tmp = posix
          ? Files.createTempFile(dir, ".credentials-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_FILE))
          : Files.createTempFile(dir, ".credentials-", ".tmp");
      try {
        Files.writeString(tmp, Json.pretty(credentials) + "\n");
        move(tmp, file);
      } finally {
        Files.deleteIfExists(tmp);
      }
      if (posix) {
        Files.setPosixFilePermissions(file, OWNER_FILE); // in case the file came from elsewhere
      }
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
