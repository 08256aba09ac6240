package org.personacollab.generation.research;

/**
 * How much one request may bring. Each limit is checked before any file is parsed, so a request
 * over a limit fails whole and nothing of it is processed.
 *
 * @param maxFiles the most files one request may name (ignored files do not count), at least 1
 * @param maxTotalBytes the most bytes all supported files may hold together, at least 1
 * @param maxFileBytes the most bytes one file may hold, at least 1 and at most {@code
 *     maxTotalBytes}
 */
public record ResearchLimits(int maxFiles, long maxTotalBytes, long maxFileBytes) {

  /** 200 files, 20 MiB in total, 5 MiB per file. */
  public static ResearchLimits defaults() {
    return new ResearchLimits(200, 20L * 1024 * 1024, 5L * 1024 * 1024);
  }

  public ResearchLimits {
    if (maxFiles < 1) {
      throw new IllegalArgumentException("maxFiles must be at least 1, was " + maxFiles);
    }
    if (maxTotalBytes < 1) {
      throw new IllegalArgumentException("maxTotalBytes must be at least 1, was " + maxTotalBytes);
    }
    if (maxFileBytes < 1 || maxFileBytes > maxTotalBytes) {
      throw new IllegalArgumentException(
          "maxFileBytes must be between 1 and maxTotalBytes ("
              + maxTotalBytes
              + "), was "
              + maxFileBytes);
    }
    if (maxFileBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxFileBytes must fit in one array, was " + maxFileBytes);
    }
  }
}
