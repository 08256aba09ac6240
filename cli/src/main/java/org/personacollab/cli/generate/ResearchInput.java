package org.personacollab.cli.generate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.personacollab.cli.CliException;
import org.personacollab.generation.research.NamedContent;
import org.personacollab.generation.research.ResearchBundle;
import org.personacollab.generation.research.ResearchDocument;
import org.personacollab.generation.research.ResearchException;
import org.personacollab.generation.research.ResearchLimits;
import org.personacollab.generation.research.ResearchLoader;
import org.personacollab.generation.research.ResearchProblem;

/**
 * The research named by {@code --from}: read with {@link ResearchLoader}'s rules (recursive,
 * hidden files and a root {@code README.md} ignored, limits checked before parsing), each unusable
 * file reported on stderr as {@code persona: skipped SOURCE: MESSAGE (CODE)}.
 *
 * @param root the file or folder given
 * @param bundle what was read
 */
record ResearchInput(Path root, ResearchBundle bundle) {

  /**
   * Loads {@code from} and reports its problems on {@code err}.
   *
   * @throws CliException for a missing path, a limit, or nothing usable, naming the code
   */
  static ResearchInput load(Path from, ResearchLimits limits, PrintWriter err) {
    ResearchBundle bundle;
    try {
      bundle = new ResearchLoader(limits).load(from);
    } catch (ResearchException e) {
      for (ResearchProblem problem : e.problems()) {
        err.println("persona: " + describe(problem));
      }
      throw new CliException("cannot generate from " + from + ": " + e.getMessage() + " (" + e.code() + ")", e);
    }
    for (ResearchProblem problem : bundle.problems()) {
      err.println("persona: skipped " + describe(problem));
    }
    err.flush();
    return new ResearchInput(from, bundle);
  }

  /**
   * The bytes of every usable file, named by its relative path, to upload: the unusable ones were
   * reported already and are not sent.
   */
  List<NamedContent> files() {
    List<NamedContent> files = new ArrayList<>();
    for (ResearchDocument document : bundle.documents()) {
      Path file = Files.isDirectory(root) ? root.resolve(document.source()) : root;
      try {
        files.add(new NamedContent(document.source(), Files.readAllBytes(file)));
      } catch (IOException e) {
        throw new CliException("cannot read " + file + " again to upload it: " + e.getMessage(), e);
      }
    }
    return files;
  }

  private static String describe(ResearchProblem problem) {
    String message = problem.message().startsWith(problem.source())
        ? problem.message()
        : problem.source() + ": " + problem.message();
    return message + " (" + problem.code() + ")";
  }
}
