package org.personacollab.generation.research;

import java.util.Arrays;
import java.util.Objects;

/**
 * One uploaded file or classpath resource: its name (a relative path such as {@code
 * "transcripts/p02.txt"}, whose extension picks the format) and its bytes. The bytes are copied in
 * and out, so neither side can change the other's array.
 */
public record NamedContent(String name, byte[] content) {

  public NamedContent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    content = content.clone();
  }

  /** A copy of the bytes. */
  @Override
  public byte[] content() {
    return content.clone();
  }

  int size() {
    return content.length;
  }

  byte[] contentUnsafe() {
    return content;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NamedContent that
        && name.equals(that.name)
        && Arrays.equals(content, that.content);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "NamedContent[name=" + name + ", bytes=" + content.length + "]";
  }
}
