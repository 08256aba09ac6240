package org.personacollab.generation.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.personacollab.generation.research.NamedContent;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Research data from a folder ({@code persona.generation.research-dir}) or, by default, the
 * sample data bundled in the service jar under {@code research-samples/} (the repository's
 * {@code examples/}). A dataset is a sub-folder.
 */
public final class BundledResearchSource implements ResearchSource {
  static final String ROOT = "research-samples/";
  private final @Nullable Path directory;
  private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

  public BundledResearchSource(@Nullable Path directory) {
    this.directory = directory;
  }

  @Override
  public List<NamedContent> load(@Nullable String dataset) {
    return directory == null ? fromClasspath(dataset) : fromDirectory(directory, dataset);
  }

  private List<NamedContent> fromDirectory(Path root, @Nullable String dataset) {
    Path base = dataset == null ? root : root.resolve(dataset);
    if (!Files.isDirectory(base)) return List.of();
    try (Stream<Path> files = Files.walk(base)) {
      List<NamedContent> out = new ArrayList<>();
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.add(new NamedContent(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read research folder " + base, e);
    }
  }

  private List<NamedContent> fromClasspath(@Nullable String dataset) {
    String pattern = "classpath*:" + ROOT + (dataset == null ? "" : dataset + "/") + "**/*.*";
    try {
      List<NamedContent> out = new ArrayList<>();
      Resource[] resources = resolver.getResources(pattern);
      List<Resource> sorted = new ArrayList<>(List.of(resources));
      sorted.sort(Comparator.comparing(BundledResearchSource::relativeName));
      for (Resource resource : sorted) {
        if (!resource.isReadable()) continue;
        try (InputStream in = resource.getInputStream()) {
          out.add(new NamedContent(relativeName(resource), in.readAllBytes()));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read bundled research data", e);
    }
  }

  private static String relativeName(Resource resource) {
    try {
      String url = resource.getURL().toString();
      int at = url.lastIndexOf(ROOT);
      return at < 0 ? String.valueOf(resource.getFilename()) : url.substring(at + ROOT.length());
    } catch (IOException e) {
      return String.valueOf(resource.getFilename());
    }
  }
}
