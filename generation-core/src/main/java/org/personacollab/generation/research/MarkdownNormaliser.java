package org.personacollab.generation.research;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown to text a reader (or a prompt) can follow, and one record per block.
 *
 * <p>Headings stay as context: each is written as its own line ending in a colon ({@code "Pain
 * points:"}) and every record carries its heading path as {@code section} ({@code "Emerging groups
 * > Time-pressed parents"}). List items become sentences (a full stop is added where the item has
 * no closing punctuation); paragraphs and block quotes are joined into one line each; table rows
 * become their cells joined by {@code "; "}. Inline markup is removed: emphasis, code spans, links
 * (their text is kept), images (their alt text is kept), HTML comments and tags. Front matter
 * between {@code ---} lines is kept as its {@code key: value} lines. Fenced code is kept verbatim.
 */
final class MarkdownNormaliser {

  private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^ {0,3}(=+|-+)\\s*$");
  private static final Pattern LIST_ITEM =
      Pattern.compile("^(\\s*)(?:[-*+]|\\d{1,9}[.)])\\s+(?:\\[[ xX]\\]\\s+)?(.*)$");
  private static final Pattern BLOCK_QUOTE = Pattern.compile("^\\s{0,3}>\\s?(.*)$");
  private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");
  private static final Pattern THEMATIC_BREAK = Pattern.compile("^ {0,3}([-*_])(\\s*\\1){2,}\\s*$");
  private static final Pattern TABLE_SEPARATOR =
      Pattern.compile("^\\s*\\|?\\s*:?-{2,}:?\\s*(\\|\\s*:?-{2,}:?\\s*)*\\|?\\s*$");

  private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)\\]\\([^)]*\\)");
  private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\([^)]*\\)");
  private static final Pattern CODE_SPAN = Pattern.compile("`+([^`]+)`+");
  private static final Pattern STRONG = Pattern.compile("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1");
  private static final Pattern EMPHASIS_STAR =
      Pattern.compile("(?<![\\w*])\\*(?=\\S)(.+?)(?<=\\S)\\*(?![\\w*])");
  private static final Pattern EMPHASIS_UNDERSCORE =
      Pattern.compile("(?<![\\w_])_(?=\\S)(.+?)(?<=\\S)_(?![\\w_])");
  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
  private static final Pattern TAG = Pattern.compile("</?[A-Za-z][A-Za-z0-9]*(\\s[^<>]*)?/?>");

  private MarkdownNormaliser() {}

  static ResearchDocument normalise(String source, String markdown) {
    return new Parser(source, COMMENT.matcher(markdown).replaceAll("")).run();
  }

  private static final class Parser {
    private final String source;
    private final List<String> lines;
    private final List<String> headings = new ArrayList<>();
    private final List<Map<String, String>> records = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder block = new StringBuilder();
    private String blockKind = "";

    Parser(String source, String markdown) {
      this.source = source;
      this.lines = List.of(markdown.split("\n", -1));
    }

    ResearchDocument run() {
      int i = frontMatter();
      boolean inFence = false;
      for (; i < lines.size(); i++) {
        String line = lines.get(i);
        if (FENCE.matcher(line).find()) {
          flush();
          inFence = !inFence;
          continue;
        }
        if (inFence) {
          if (!line.isBlank()) {
            text.append(line.strip()).append('\n');
          }
          continue;
        }
        Matcher heading = ATX_HEADING.matcher(line);
        if (heading.matches()) {
          flush();
          heading(heading.group(1).length(), heading.group(2));
          continue;
        }
        if (SETEXT_UNDERLINE.matcher(line).matches()
            && blockKind.equals("paragraph")
            && block.indexOf("\n") < 0
            && block.length() > 0) {
          String title = block.toString();
          block.setLength(0);
          blockKind = "";
          heading(line.strip().startsWith("=") ? 1 : 2, title);
          continue;
        }
        if (line.isBlank() || THEMATIC_BREAK.matcher(line).matches()) {
          flush();
          continue;
        }
        Matcher item = LIST_ITEM.matcher(line);
        if (item.matches()) {
          flush();
          start("list_item", item.group(2));
          continue;
        }
        if (line.strip().startsWith("|")) {
          flush();
          if (!TABLE_SEPARATOR.matcher(line).matches()) {
            start("table_row", tableRow(line));
            flush();
          }
          continue;
        }
        Matcher quote = BLOCK_QUOTE.matcher(line);
        String content = quote.matches() ? quote.group(1) : line.strip();
        if (blockKind.isEmpty()) {
          start(quote.matches() ? "quote" : "paragraph", content);
        } else {
          block.append('\n').append(content.strip());
        }
      }
      flush();
      String normalised = text.toString().strip();
      if (normalised.isEmpty()) {
        throw new ResearchException(ResearchException.EMPTY, source + " has no text");
      }
      return new ResearchDocument(source, ResearchFormat.MARKDOWN, normalised + "\n", records);
    }

    /** Front matter lines are kept as text; returns the first line after it. */
    private int frontMatter() {
      if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
        return 0;
      }
      for (int i = 1; i < lines.size(); i++) {
        if (lines.get(i).strip().equals("---")) {
          for (String line : lines.subList(1, i)) {
            if (!line.isBlank()) {
              text.append(line.strip()).append('\n');
            }
          }
          if (text.length() > 0) {
            text.append('\n');
          }
          return i + 1;
        }
      }
      return 0;
    }

    private void heading(int level, String raw) {
      String title = inline(raw);
      while (headings.size() >= level) {
        headings.remove(headings.size() - 1);
      }
      while (headings.size() < level - 1) {
        headings.add("");
      }
      headings.add(title);
      if (!title.isEmpty()) {
        if (text.length() > 0) {
          text.append('\n');
        }
        text.append(title).append(endsWithPunctuation(title) ? "" : ":").append('\n');
      }
    }

    private void start(String kind, String content) {
      blockKind = kind;
      block.append(content.strip());
    }

    private void flush() {
      if (blockKind.isEmpty()) {
        return;
      }
      String content = TextDecoding.collapseWhitespace(inline(block.toString()));
      String kind = blockKind;
      block.setLength(0);
      blockKind = "";
      if (content.isEmpty()) {
        return;
      }
      if (kind.equals("list_item") && !endsWithPunctuation(content)) {
        content = content + ".";
      }
      text.append(content).append('\n');
      Map<String, String> record = new LinkedHashMap<>();
      record.put("section", sectionPath());
      record.put("kind", kind);
      record.put("text", content);
      records.add(record);
    }

    private String sectionPath() {
      List<String> named = new ArrayList<>();
      for (String heading : headings) {
        if (!heading.isEmpty()) {
          named.add(heading);
        }
      }
      return String.join(" > ", named);
    }
  }

  private static String tableRow(String line) {
    String row = line.strip();
    if (row.startsWith("|")) {
      row = row.substring(1);
    }
    if (row.endsWith("|")) {
      row = row.substring(0, row.length() - 1);
    }
    List<String> cells = new ArrayList<>();
    for (String cell : row.split("(?<!\\\\)\\|", -1)) {
      if (!cell.isBlank()) {
        cells.add(cell.strip());
      }
    }
    return String.join("; ", cells);
  }

  static String inline(String markdown) {
    String out = IMAGE.matcher(markdown).replaceAll("$1");
    out = LINK.matcher(out).replaceAll("$1");
    out = CODE_SPAN.matcher(out).replaceAll("$1");
    out = STRONG.matcher(out).replaceAll("$2");
    out = EMPHASIS_STAR.matcher(out).replaceAll("$1");
    out = EMPHASIS_UNDERSCORE.matcher(out).replaceAll("$1");
    out = TAG.matcher(out).replaceAll(" ");
    return out.replace("\\|", "|").strip();
  }

  /** True for text ending in {@code . ! ? : ;}, also when a closing quote follows the mark. */
  private static boolean endsWithPunctuation(String text) {
    String trimmed = text.strip();
    int end = trimmed.length() - 1;
    while (end >= 0 && "\"'\u201D\u2019".indexOf(trimmed.charAt(end)) >= 0) {
      end--;
    }
    return end >= 0 && ".!?:;".indexOf(trimmed.charAt(end)) >= 0;
  }
}
