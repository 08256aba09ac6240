package org.personacollab.generation.research;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads research files into {@link ResearchDocument}s, one per file.
 *
 * <h2>Rules, the same for a folder on disk and for uploads</h2>
 *
 * <ol>
 *   <li><b>What is read.</b> Files are taken recursively and in order of their relative path with
 *       {@code /} separators (plain {@link String} order), so the result does not depend on the
 *       file system's listing order. Ignored, without a problem: hidden files and folders (a path
 *       segment starting with {@code .}) and a {@code README.md} (any case) at the root of the
 *       folder, which describes the data rather than being part of it. A symbolic link to a file is
 *       read; one to a folder inside the tree is not followed; a link to nothing is reported as
 *       {@code research_unreadable}. Upload names lose leading {@code /} and {@code ./}.
 *   <li><b>Limits first.</b> Before anything is parsed: more files than {@link
 *       ResearchLimits#maxFiles()} (unsupported ones count too) fails with {@code
 *       research_too_many_files}; then one supported file over {@link
 *       ResearchLimits#maxFileBytes()} fails with {@code research_file_too_large}; then supported
 *       files together over {@link ResearchLimits#maxTotalBytes()} fail with {@code
 *       research_too_large}. The whole request fails; nothing of it is returned.
 *   <li><b>Per-file problems.</b> A file with an unknown extension ({@code research_unsupported}),
 *       one that cannot be read, is not valid UTF-8 or does not parse ({@code research_unreadable})
 *       and one with no text ({@code research_empty}) is reported in {@link
 *       ResearchBundle#problems()} and the others are still read.
 *   <li><b>Nothing usable.</b> When no document remains, the request fails with {@code
 *       research_empty}, and the exception carries the problems that explain why.
 * </ol>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ResearchLoader {

  private final ResearchLimits limits;

  public ResearchLoader(ResearchLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Parses one file, choosing the format by the extension of {@code source}.
   *
   * @param source the file's relative path or name, cited by everything derived from it
   * @throws ResearchException {@code research_file_too_large}, {@code research_unsupported}, {@code
   *     research_unreadable} or {@code research_empty}, with a message naming the source
   */
  public ResearchDocument parse(String source, byte[] content) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(content, "content");
    if (content.length > limits.maxFileBytes()) {
      throw fileTooLarge(source, content.length);
    }
    ResearchFormat format =
        ResearchFormat.fromFileName(source)
            .orElseThrow(
                () -> new ResearchException(ResearchException.UNSUPPORTED, unsupported(source)));
    String text = TextDecoding.decode(source, content);
    if (text.isBlank()) {
      throw new ResearchException(ResearchException.EMPTY, source + " has no text");
    }
    switch (format) {
      case CSV:
        return CsvNormaliser.normalise(source, text);
      case JSON:
        return TreeNormaliser.normaliseJson(source, text);
      case YAML:
        return TreeNormaliser.normaliseYaml(source, text);
      case MARKDOWN:
        return MarkdownNormaliser.normalise(source, text);
      case TEXT:
        return TranscriptNormaliser.normalise(source, text);
      default:
        throw new AssertionError(format);
    }
  }

  /**
   * Loads one file (its source is its file name) or every file under a folder (sources relative to
   * it), following the rules in the class comment.
   *
   * @throws ResearchException {@code research_unreadable} when the path does not exist, a limit
   *     code, or {@code research_empty}
   */
  public ResearchBundle load(Path fileOrDirectory) {
    Objects.requireNonNull(fileOrDirectory, "fileOrDirectory");
    if (!Files.exists(fileOrDirectory)) {
      throw new ResearchException(
          ResearchException.UNREADABLE, "no such file or folder: " + fileOrDirectory);
    }
    List<ResearchProblem> problems = new ArrayList<>();
    List<Candidate<Path>> files = new ArrayList<>();
    if (Files.isDirectory(fileOrDirectory)) {
      walk(realPath(fileOrDirectory), files, problems);
    } else {
      Path name = fileOrDirectory.getFileName();
      String source = name == null ? fileOrDirectory.toString() : name.toString();
      files.add(new Candidate<>(source, fileOrDirectory, size(fileOrDirectory)));
    }
    return read(files, problems, this::readFile);
  }

  /**
   * Parses uploads or classpath resources by the same rules as {@link #load}: {@link
   * NamedContent#name()} plays the relative path (hidden names and a root {@code README.md} are
   * ignored, the rest is sorted by name).
   */
  public ResearchBundle parseAll(List<NamedContent> contents) {
    Objects.requireNonNull(contents, "contents");
    List<Candidate<NamedContent>> files = new ArrayList<>();
    for (NamedContent content : contents) {
      String name = content.name().replace('\\', '/');
      // An upload's name is a label, never opened as a path; it is still made relative so that
      // what cites it does not depend on the uploader's machine.
      while (name.startsWith("./") || name.startsWith("/")) {
        name = name.substring(name.startsWith("/") ? 1 : 2);
      }
      if (name.isEmpty()) {
        name = content.name();
      }
      if (!ignored(name)) {
        files.add(new Candidate<>(name, content, content.size()));
      }
    }
    return read(files, new ArrayList<>(), NamedContent::contentUnsafe);
  }

  private record Candidate<T>(String source, T file, long size) {
    boolean supported() {
      return ResearchFormat.fromFileName(source).isPresent();
    }
  }

  @FunctionalInterface
  private interface Reader<T> {
    byte[] read(T file) throws IOException;
  }

  private <T> ResearchBundle read(
      List<Candidate<T>> candidates, List<ResearchProblem> problems, Reader<T> reader) {
    List<Candidate<T>> files = new ArrayList<>(candidates);
    files.sort(Comparator.comparing(Candidate::source));
    checkLimits(files);

    List<ResearchDocument> documents = new ArrayList<>();
    long total = 0;
    for (Candidate<T> file : files) {
      if (!file.supported()) {
        problems.add(
            new ResearchProblem(
                file.source(), ResearchException.UNSUPPORTED, unsupported(file.source())));
        continue;
      }
      byte[] content;
      try {
        content = reader.read(file.file());
      } catch (IOException e) {
        problems.add(
            new ResearchProblem(
                file.source(),
                ResearchException.UNREADABLE,
                file.source() + " cannot be read: " + describe(e)));
        continue;
      }
      // The size was checked before reading; a file that grew since still may not pass.
      if (content.length > limits.maxFileBytes()) {
        throw fileTooLarge(file.source(), content.length);
      }
      total += content.length;
      if (total > limits.maxTotalBytes()) {
        throw tooLarge(total);
      }
      try {
        documents.add(parse(file.source(), content));
      } catch (ResearchException e) {
        problems.add(asProblem(file.source(), e));
      }
    }
    problems.sort(Comparator.comparing(ResearchProblem::source));
    if (documents.isEmpty()) {
      throw new ResearchException(
          ResearchException.EMPTY, emptyMessage(files.size(), problems), problems);
    }
    return new ResearchBundle(documents, problems);
  }

  /** A per-file failure becomes a problem; a whole-request one propagates. */
  private static ResearchProblem asProblem(String source, ResearchException e) {
    switch (e.code()) {
      case ResearchException.UNREADABLE:
      case ResearchException.UNSUPPORTED:
      case ResearchException.EMPTY:
        return new ResearchProblem(source, e.code(), String.valueOf(e.getMessage()));
      default:
        throw e;
    }
  }

  private static String unsupported(String source) {
    return source
        + " has an unsupported extension; expected .csv, .json, .yaml, .yml, .md, .markdown,"
        + " .txt or .text";
  }

  private <T> void checkLimits(List<Candidate<T>> files) {
    if (files.size() > limits.maxFiles()) {
      throw new ResearchException(
          ResearchException.TOO_MANY_FILES,
          files.size() + " files given, at most " + limits.maxFiles() + " are allowed");
    }
    long total = 0;
    for (Candidate<T> file : files) {
      if (file.supported() && file.size() > limits.maxFileBytes()) {
        throw fileTooLarge(file.source(), file.size());
      }
    }
    for (Candidate<T> file : files) {
      if (file.supported()) {
        total += file.size();
      }
    }
    if (total > limits.maxTotalBytes()) {
      throw tooLarge(total);
    }
  }

  private ResearchException fileTooLarge(String source, long size) {
    return new ResearchException(
        ResearchException.FILE_TOO_LARGE,
        source + " has " + size + " bytes, at most " + limits.maxFileBytes() + " are allowed");
  }

  private ResearchException tooLarge(long total) {
    return new ResearchException(
        ResearchException.TOO_LARGE,
        "the files hold "
            + (total > limits.maxTotalBytes() ? "more than " : "")
            + limits.maxTotalBytes()
            + " bytes together, the most allowed");
  }

  private static String emptyMessage(int files, List<ResearchProblem> problems) {
    if (files == 0) {
      return "no research files found";
    }
    StringBuilder out = new StringBuilder("none of the " + files + " files could be used");
    int shown = Math.min(3, problems.size());
    for (int i = 0; i < shown; i++) {
      out.append(i == 0 ? ": " : "; ").append(problems.get(i).message());
    }
    if (problems.size() > shown) {
      out.append("; and ").append(problems.size() - shown).append(" more");
    }
    return out.toString();
  }

  private void walk(Path root, List<Candidate<Path>> files, List<ResearchProblem> problems) {
    Function<Path, String> relative =
        path -> root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return !dir.equals(root) && hidden(dir.getFileName())
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String source = relative.apply(file);
              if (ignored(source)) {
                return FileVisitResult.CONTINUE;
              }
              if (attrs.isRegularFile() || Files.isRegularFile(file)) {
                files.add(
                    new Candidate<>(
                        source, file, attrs.isRegularFile() ? attrs.size() : size(file)));
              } else if (attrs.isSymbolicLink() && !Files.exists(file)) {
                // A link whose target is gone names a file the researcher meant to include.
                problems.add(
                    new ResearchProblem(
                        source,
                        ResearchException.UNREADABLE,
                        source + " cannot be read: it is a symbolic link to a file that does not"
                            + " exist"));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              String source = relative.apply(file);
              if (!ignored(source)) {
                problems.add(
                    new ResearchProblem(
                        source,
                        ResearchException.UNREADABLE,
                        source + " cannot be read: " + describe(e)));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new ResearchException(
          ResearchException.UNREADABLE, root + " cannot be listed: " + describe(e));
    }
  }

  /** The folder itself even when given through a symbolic link, which the walk would not enter. */
  private static Path realPath(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      throw new ResearchException(
          ResearchException.UNREADABLE, dir + " cannot be opened: " + describe(e));
    }
  }

  private byte[] readFile(Path file) throws IOException {
    // Read at most one byte past the limit: enough to tell that a file grew too large.
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // reading it will fail too, and that is reported as a problem
    }
  }

  private static boolean hidden(Path name) {
    return name != null && name.toString().startsWith(".");
  }

  /** Hidden segments anywhere, or README.md at the root. */
  static boolean ignored(String relativePath) {
    for (String segment : relativePath.split("/")) {
      if (segment.startsWith(".")) {
        return true;
      }
    }
    return relativePath.toLowerCase(Locale.ROOT).equals("readme.md");
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return message == null ? kind : kind + " (" + message + ")";
  }
}
