package org.personacollab.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.personacollab.protocol.MessageType.Route;

/**
 * One checked-in example message under {@code src/test/resources/golden/} (its README has the
 * naming and form rules): {@code ws-client/hello-resume.json} is a {@link MessageType#CLIENT_HELLO},
 * {@code kafka/ops-nack.json} an {@link MessageType#OPS_NACK}, {@code kafka/audit-op.sequenced.json} an
 * {@link MessageType#AUDIT_OP_SEQUENCED}.
 *
 * @param name the path below {@code golden/}, e.g. {@code ws-server/welcome-resumed.json}
 * @param type the message the name says the file holds
 * @param raw the file's bytes, trailing newline included
 */
record GoldenFile(String name, MessageType type, byte[] raw) {
  private static final String ROOT = "/golden";

  /** Every golden file, sorted by name. */
  static List<GoldenFile> all() {
    Path root = root();
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .map(p -> load(root, p))
          .sorted((a, b) -> a.name.compareTo(b.name))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path root() {
    try {
      var url = GoldenFile.class.getResource(ROOT);
      if (url == null) throw new IllegalStateException(ROOT + " is not on the test classpath");
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GoldenFile load(Path root, Path file) {
    String name = root.relativize(file).toString().replace('\\', '/');
    try {
      return new GoldenFile(name, typeOf(name), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The message type a file name stands for: {@code ws-client/<type>[-variant].json},
   * {@code ws-server/<type>[-variant].json}, {@code kafka/<topic>-<kind>[-variant].json}.
   *
   * @throws IllegalArgumentException naming the file if it fits none of these
   */
  static MessageType typeOf(String name) {
    String[] parts = name.split("/", -1);
    if (parts.length != 2 || !parts[1].endsWith(".json")) {
      throw new IllegalArgumentException("golden file " + name + " is not <folder>/<name>.json");
    }
    String[] words = parts[1].substring(0, parts[1].length() - ".json".length()).split("-", -1);
    Route route;
    String wireName;
    switch (parts[0]) {
      case "ws-client" -> {
        route = Route.CLIENT_TO_SERVER;
        wireName = words[0];
      }
      case "ws-server" -> {
        route = Route.SERVER_TO_CLIENT;
        wireName = words[0];
      }
      case "kafka" -> {
        route =
            Arrays.stream(Route.values())
                .filter(r -> r.isKafka() && r.id().equals(words[0]))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                    "golden file " + name + " does not start with a topic ("
                        + String.join(", ", Arrays.stream(Route.values()).filter(Route::isKafka).map(Route::id).toList())
                        + ")"));
        if (words.length < 2) throw new IllegalArgumentException("golden file " + name + " names no kind");
        wireName = words[1];
      }
      default -> throw new IllegalArgumentException(
          "golden file " + name + " is not under ws-client/, ws-server/ or kafka/");
    }
    return MessageType.find(route, wireName)
        .orElseThrow(() -> new IllegalArgumentException(
            "golden file " + name + ": no " + wireName + " on route " + route + " in MessageType"));
  }

  /** True if the file ends with exactly one {@code \n} (and no {@code \r}). */
  boolean endsWithOneNewline() {
    int n = raw.length;
    return n >= 2 && raw[n - 1] == '\n' && raw[n - 2] != '\n' && raw[n - 2] != '\r';
  }

  /** The message: the file without its one trailing newline. */
  byte[] message() {
    return endsWithOneNewline() ? Arrays.copyOf(raw, raw.length - 1) : raw;
  }

  /** The message as text. */
  String text() {
    return new String(message(), UTF_8);
  }

  /**
   * Decodes the message the way its receiver does: client frames with
   * {@link WireCodec#decodeClientFrame}, everything else with {@link WireCodec#read(byte[], Class)}
   * as {@code ServerFrame}, {@code EditRecord}, {@code OpsRecord}, {@code SnapshotRecord} or
   * {@code AuditEvent}.
   */
  Object decode(WireCodec codec) {
    return type.route() == Route.CLIENT_TO_SERVER
        ? codec.decodeClientFrame(text())
        : codec.read(message(), type.route().baseType());
  }

  @Override
  public String toString() {
    return name;
  }
}
