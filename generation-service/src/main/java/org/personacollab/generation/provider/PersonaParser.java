package org.personacollab.generation.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.personacollab.generation.provider.GenerationFailure.Reason;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a model's answer into validated personas, or fails with the reason and the raw text.
 *
 * <p>Accepted: {@code {"personas":[…]}} (what the prompt asks for), a bare array of personas, or
 * one persona object; wrapped in a Markdown fence ({@code ```json … ```}) or preceded and followed
 * by prose, which models add despite being told not to. Each persona needs {@code name} and {@code
 * title} (non-blank strings), {@code demographics} (an object) and {@code goals}, {@code
 * pain_points}, {@code behaviours}, {@code quotes}, {@code motivations} (lists of strings); other
 * keys are kept. {@code id} is filled in when missing, {@code metadata} is set by us. More personas
 * than asked for are cut to the count; fewer (but at least one) are accepted.
 */
public final class PersonaParser {
  static final List<String> LISTS = List.of("goals", "pain_points", "behaviours", "quotes", "motivations");

  private final JsonMapper json;

  public PersonaParser(JsonMapper json) {
    this.json = json;
  }

  /**
   * @param metadata what to write into each persona's {@code metadata}; null to keep the
   *     metadata the answer has (the offline generator's own), which must then be an object
   * @throws GenerationFailure {@link Reason#UNPARSEABLE} when no JSON can be read, {@link
   *     Reason#INVALID} when it is not personas; both carry {@code raw}
   */
  public ParsedPersonas parse(String raw, int count, @org.jspecify.annotations.Nullable PersonaMetadata metadata) {
    String candidate = extractJson(raw);
    if (candidate == null) {
      throw new GenerationFailure(Reason.UNPARSEABLE, "the answer holds no JSON object or array", raw, null);
    }
    JsonNode root;
    try {
      root = json.readTree(candidate);
    } catch (JacksonException e) {
      throw new GenerationFailure(Reason.UNPARSEABLE, "the answer is not valid JSON: " + e.getOriginalMessage(), raw, null);
    }
    List<JsonNode> items = new ArrayList<>();
    if (root.isObject() && root.has("personas")) {
      if (!root.get("personas").isArray()) throw invalid("\"personas\" must be a list", raw);
      root.get("personas").forEach(items::add);
    } else if (root.isArray()) {
      root.forEach(items::add);
    } else if (root.isObject()) {
      items.add(root);
    } else {
      throw invalid("expected {\"personas\":[…]} or a persona object, got " + root.getNodeType(), raw);
    }
    if (items.isEmpty()) throw invalid("the answer holds no persona", raw);
    List<String> problems = new ArrayList<>();
    List<ObjectNode> personas = new ArrayList<>();
    for (int i = 0; i < Math.min(items.size(), count); i++) {
      JsonNode item = items.get(i);
      String at = items.size() == 1 && !root.isArray() && !root.has("personas") ? "" : "personas[" + i + "].";
      if (!item.isObject()) {
        problems.add(at.isEmpty() ? "the persona must be an object" : at.substring(0, at.length() - 1) + " must be an object");
        continue;
      }
      ObjectNode persona = ((ObjectNode) item).deepCopy();
      check(persona, at, problems);
      if (metadata == null && !(persona.get("metadata") instanceof ObjectNode)) problems.add(at + "metadata must be an object");
      personas.add(persona);
    }
    if (!problems.isEmpty()) throw invalid(String.join("; ", problems), raw);
    if (metadata != null) {
      for (ObjectNode persona : personas) complete(persona, metadata);
    }
    return new ParsedPersonas(personas);
  }

  private static void check(ObjectNode persona, String at, List<String> problems) {
    for (String key : List.of("name", "title")) {
      JsonNode v = persona.get(key);
      if (v == null || !v.isString() || v.asString().isBlank()) problems.add(at + key + " must be a non-blank string");
    }
    JsonNode demographics = persona.get("demographics");
    if (demographics == null || !demographics.isObject()) problems.add(at + "demographics must be an object");
    for (String key : LISTS) {
      JsonNode v = persona.get(key);
      boolean ok = v != null && v.isArray();
      if (ok) {
        for (JsonNode e : v) ok &= e.isString();
      }
      if (!ok) problems.add(at + key + " must be a list of strings");
    }
  }

  private void complete(ObjectNode persona, PersonaMetadata metadata) {
    if (!persona.has("id") || !persona.get("id").isString() || persona.get("id").asString().isBlank()) {
      persona.put("id", "persona-" + shortHash(persona.get("name").asString() + "\n" + persona.get("title").asString()));
    }
    ObjectNode meta = json.createObjectNode();
    if (persona.get("metadata") instanceof ObjectNode given) {
      for (Map.Entry<String, JsonNode> e : given.properties()) meta.set(e.getKey(), e.getValue());
    }
    meta.put("generated_at", metadata.generatedAt());
    meta.put("provider", metadata.provider());
    meta.put("model", metadata.model());
    meta.put("template", metadata.template());
    meta.put("version", PersonaMetadata.VERSION);
    meta.remove(ParsedPersonas.CANDIDATES);
    persona.set("metadata", meta);
  }

  /**
   * The JSON part of an answer: the inside of the first Markdown fence if there is one, else from
   * the first '{' or '[' to the last matching closer; null when there is neither.
   */
  static @org.jspecify.annotations.Nullable String extractJson(String raw) {
    String text = raw.strip();
    int fence = text.indexOf("```");
    if (fence >= 0) {
      int lineEnd = text.indexOf('\n', fence);
      int close = lineEnd < 0 ? -1 : text.indexOf("```", lineEnd);
      if (lineEnd >= 0) text = (close < 0 ? text.substring(lineEnd + 1) : text.substring(lineEnd + 1, close)).strip();
    }
    int object = text.indexOf('{');
    int array = text.indexOf('[');
    int start = object < 0 ? array : array < 0 ? object : Math.min(object, array);
    if (start < 0) return null;
    char closer = text.charAt(start) == '{' ? '}' : ']';
    int end = text.lastIndexOf(closer);
    if (end < start) return text.substring(start);
    return text.substring(start, end + 1);
  }

  private static GenerationFailure invalid(String why, String raw) {
    return new GenerationFailure(Reason.INVALID, "the answer is not a valid persona: " + why, raw, null);
  }

  private static String shortHash(String s) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
