package org.personacollab.platform.generation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a generation is: {@code running} until it ends, then exactly one of {@code completed},
 * {@code failed} or {@code cancelled}, which never change again (except {@code completed} →
 * {@code failed} when the finished persona could not be submitted).
 */
public enum GenerationStatus {
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED;

  /** The name stored in Redis and shown in the API: {@code running}, {@code cancelled}, … */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status stored as {@code wire}; empty for anything else. */
  public static Optional<GenerationStatus> fromWire(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
  }

  /** True once the generation ended, however. */
  public boolean isFinal() {
    return this != RUNNING;
  }
}
