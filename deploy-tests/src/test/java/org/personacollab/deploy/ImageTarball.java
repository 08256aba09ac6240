package org.personacollab.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An image tarball as Jib's {@code buildTar} writes it ({@code docker save} layout: manifest.json
 * names the config JSON and the layers), read with nothing but the JDK, and the rules its config
 * must follow.
 */
record ImageTarball(JsonNode manifest, JsonNode config, List<String> layers) {

  /** Reads manifest.json and the config it names from {@code tar}. */
  static ImageTarball read(Path tar) throws IOException {
    Map<String, byte[]> small = new HashMap<>();
    List<String> names = new ArrayList<>();
    try (InputStream in = Files.newInputStream(tar)) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512) {
        if (isZero(header)) break;
        String name = text(header, 0, 100);
        String prefix = text(header, 345, 155);
        if (!prefix.isEmpty()) name = prefix + "/" + name;
        long size = Long.parseLong(text(header, 124, 12).isEmpty() ? "0" : text(header, 124, 12), 8);
        char type = (char) header[156];
        names.add(name);
        long padded = (size + 511) / 512 * 512;
        if ((type == '0' || type == 0) && name.endsWith(".json") && size < 1 << 20) {
          byte[] body = in.readNBytes((int) size);
          small.put(name, body);
          in.skipNBytes(padded - size);
        } else {
          in.skipNBytes(padded);
        }
      }
    }
    byte[] manifestBytes = small.get("manifest.json");
    if (manifestBytes == null) throw new IOException(tar + " has no manifest.json (entries: " + names + ")");
    JsonNode manifest = Manifests.JSON.readTree(manifestBytes).get(0);
    String configName = manifest.path("Config").asText();
    byte[] configBytes = small.get(configName);
    if (configBytes == null) throw new IOException(tar + ": manifest.json names config " + configName + ", which is not in the tarball");
    List<String> layers = new ArrayList<>();
    manifest.path("Layers").forEach(l -> layers.add(l.asText()));
    for (String layer : layers) if (!names.contains(layer)) throw new IOException(tar + ": layer " + layer + " is missing");
    return new ImageTarball(manifest, Manifests.JSON.readTree(configBytes), List.copyOf(layers));
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) if (b != 0) return false;
    return true;
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) end++;
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII).trim();
  }

  private static final Pattern MAIN_CLASS = Pattern.compile("org\\.personacollab\\.[a-z]+\\.[A-Za-z]+Application");

  /** What is wrong with this image's config for a service listening on {@code port}; empty: nothing. */
  List<String> problems(int port) {
    return problems(config, port);
  }

  static List<String> problems(JsonNode config, int port) {
    List<String> v = new ArrayList<>();
    JsonNode c = config.path("config");
    List<String> entrypoint = new ArrayList<>();
    c.path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    if (entrypoint.isEmpty() || !entrypoint.get(0).equals("java")) v.add("entrypoint does not start java: " + entrypoint);
    if (entrypoint.stream().noneMatch(a -> a.startsWith("-XX:MaxRAMPercentage="))) v.add("entrypoint sets no -XX:MaxRAMPercentage (heap from the container's limit)");
    if (entrypoint.stream().anyMatch(a -> a.startsWith("-Xmx"))) v.add("entrypoint fixes the heap with -Xmx; it must follow the container's limit");
    if (entrypoint.isEmpty() || !MAIN_CLASS.matcher(entrypoint.get(entrypoint.size() - 1)).matches()) v.add("entrypoint does not end with a service's main class: " + entrypoint);
    String user = c.path("User").asText("");
    String uid = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
    if (user.isEmpty() || uid.equals("0") || uid.equals("root")) v.add("runs as root (User \"" + user + "\")");
    else if (!uid.matches("[0-9]+")) v.add("User " + user + " is not numeric; runAsNonRoot cannot check a name");
    if (!c.path("ExposedPorts").has(port + "/tcp")) v.add("does not expose " + port + "/tcp (exposes " + c.path("ExposedPorts") + ")");
    if (c.path("ExposedPorts").size() != 1) v.add("exposes more than its one port: " + c.path("ExposedPorts"));
    return v;
  }
}
