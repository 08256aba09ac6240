package org.personacollab.generation.provider;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.personacollab.generation.domain.Chunker;
import org.personacollab.generation.offline.OfflineGenerator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The offline generator as a {@link PersonaModel}: it reads the research documents (not the
 * prompt), and its JSON (one persona object, or a list for a count above one) is streamed in
 * pieces of {@code pieceSize} characters, one every {@code pace}, so that it looks like the other
 * providers to everyone watching. Deterministic: same research, count and clock, same text.
 */
public final class OfflinePersonaModel implements PersonaModel {
  private final OfflineGenerator generator;
  private final JsonMapper pretty;
  private final int pieceSize;
  private final Duration pace;

  public OfflinePersonaModel(OfflineGenerator generator, JsonMapper json, int pieceSize, Duration pace) {
    if (pieceSize < 1) throw new IllegalArgumentException("piece size must be >= 1: " + pieceSize);
    if (pace.isNegative()) throw new IllegalArgumentException("pace must not be negative: " + pace);
    this.generator = generator;
    this.pretty = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
    this.pieceSize = pieceSize;
    this.pace = pace;
  }

  @Override
  public String name() {
    return OfflineGenerator.PROVIDER;
  }

  @Override
  public String model() {
    return OfflineGenerator.MODEL;
  }

  @Override
  public boolean writesOwnMetadata() {
    return true;
  }

  @Override
  public Flux<String> stream(PromptRequest request) {
    return Mono.fromCallable(() -> generator.generate(request.documents(), request.count()))
        .subscribeOn(Schedulers.boundedElastic())
        .map(this::text)
        .flatMapMany(
            text -> {
              Flux<String> pieces = Flux.fromIterable(Chunker.split(text, pieceSize));
              return pace.isZero() ? pieces : pieces.delayElements(pace);
            });
  }

  private String text(List<Map<String, Object>> personas) {
    return pretty.writeValueAsString(personas.size() == 1 ? personas.get(0) : personas);
  }
}
