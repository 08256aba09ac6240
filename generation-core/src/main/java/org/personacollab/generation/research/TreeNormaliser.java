package org.personacollab.generation.research;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * JSON and YAML to records and "key.path: value" text.
 *
 * <p>Records: every object in an array of objects becomes one record, wherever the array sits (the
 * root, {@code responses}, {@code study.observations}); an object inside such a record is flattened
 * into it ({@code ratings.importance_speed}, {@code tools_used[0]}) rather than searched for more
 * records. Text: every scalar leaf as {@code path: value}, with a blank line between the objects of
 * an array so that a reader sees where one response ends. Nulls are dropped.
 */
final class TreeNormaliser {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  // Each YAML document is read as one tree from a shared parser, so what follows it is expected.
  private static final ObjectMapper YAML =
      YAMLMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private TreeNormaliser() {}

  static ResearchDocument normaliseJson(String source, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JacksonException e) {
      throw TextDecoding.unreadable(source, "is not valid JSON" + describe(e));
    }
    if (root == null || root.isMissingNode()) {
      throw new ResearchException(ResearchException.EMPTY, source + " has no content");
    }
    return normalise(source, ResearchFormat.JSON, List.of(root));
  }

  static ResearchDocument normaliseYaml(String source, String text) {
    List<JsonNode> roots = new ArrayList<>();
    // One tree per YAML document ("---"). Not readValues(): it would unwrap a root sequence into
    // its elements, and the elements of a root list are exactly the records we want whole.
    try (JsonParser parser = YAML.createParser(text)) {
      while (parser.nextToken() != null) {
        JsonNode node = YAML.readTree(parser);
        if (node != null && !node.isMissingNode() && !node.isNull()) {
          roots.add(node);
        }
      }
    } catch (JacksonException e) {
      throw TextDecoding.unreadable(source, "is not valid YAML" + describe(e));
    }
    return normalise(source, ResearchFormat.YAML, roots);
  }

  private static ResearchDocument normalise(
      String source, ResearchFormat format, List<JsonNode> roots) {
    StringBuilder text = new StringBuilder();
    List<Map<String, String>> records = new ArrayList<>();
    for (JsonNode root : roots) {
      writeText(root, "", text);
      collectRecords(root, records);
    }
    String normalised = text.toString().strip();
    if (normalised.isEmpty()) {
      throw new ResearchException(ResearchException.EMPTY, source + " has no values");
    }
    return new ResearchDocument(source, format, normalised + "\n", records);
  }

  private static void writeText(JsonNode node, String path, StringBuilder out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        writeText(field.getValue(), join(path, field.getKey()), out);
      }
    } else if (node.isArray()) {
      boolean separate = containsObject(node);
      for (int i = 0; i < node.size(); i++) {
        if (separate && out.length() > 0 && !endsWithBlankLine(out)) {
          out.append('\n');
        }
        writeText(node.get(i), path + "[" + i + "]", out);
      }
      if (separate && out.length() > 0 && !endsWithBlankLine(out)) {
        out.append('\n');
      }
    } else if (!node.isNull() && !node.isMissingNode()) {
      String value = TextDecoding.collapseWhitespace(node.asString());
      if (!value.isEmpty()) {
        out.append(path.isEmpty() ? value : path + ": " + value).append('\n');
      }
    }
  }

  private static void collectRecords(JsonNode node, List<Map<String, String>> records) {
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (element.isObject()) {
          Map<String, String> record = new LinkedHashMap<>();
          flatten(element, "", record);
          records.add(record);
        } else {
          collectRecords(element, records);
        }
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        collectRecords(field.getValue(), records);
      }
    }
  }

  private static void flatten(JsonNode node, String path, Map<String, String> record) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        flatten(field.getValue(), join(path, field.getKey()), record);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(node.get(i), path + "[" + i + "]", record);
      }
    } else if (!node.isNull() && !node.isMissingNode()) {
      record.put(path, node.asString().strip());
    }
  }

  private static boolean containsObject(JsonNode array) {
    for (JsonNode element : array) {
      if (element.isObject()) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWithBlankLine(StringBuilder out) {
    int n = out.length();
    return n >= 2 && out.charAt(n - 1) == '\n' && out.charAt(n - 2) == '\n';
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** " at line L, column C: what" from Jackson's message, without its source excerpt. */
  private static String describe(JacksonException e) {
    StringBuilder out = new StringBuilder();
    TokenStreamLocation location = e.getLocation();
    if (location != null && location.getLineNr() > 0) {
      out.append(" at line ").append(location.getLineNr());
      if (location.getColumnNr() > 0) {
        out.append(", column ").append(location.getColumnNr());
      }
    }
    String message = e.getOriginalMessage();
    if (message != null && !message.isBlank()) {
      String firstLine = message.strip().lines().findFirst().orElse("");
      out.append(": ").append(firstLine);
    }
    return out.toString();
  }
}
