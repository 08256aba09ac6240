package org.personacollab.generation.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.personacollab.generation.offline.OfflineGenerator;
import org.personacollab.generation.research.ResearchBundle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The offline generator as a {@link TextSource}: the personas as pretty JSON (one object, or an
 * array for a count above one), let out {@code pieceSize} characters every {@code pace}, like a
 * provider's stream.
 */
public final class OfflineTextSource implements TextSource {
  private final OfflineGenerator generator;
  private final JsonMapper pretty;
  private final int pieceSize;
  private final Duration pace;

  public OfflineTextSource(OfflineGenerator generator, JsonMapper json, int pieceSize, Duration pace) {
    this.generator = generator;
    this.pretty = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
    this.pieceSize = pieceSize;
    this.pace = pace;
  }

  @Override
  public String provider() {
    return OfflineGenerator.PROVIDER;
  }

  @Override
  public Flux<String> stream(ResearchBundle bundle, GenerationRequest request) {
    return Mono.fromCallable(() -> {
          List<Map<String, Object>> personas = generator.generate(bundle.documents(), request.count());
          return pretty.writeValueAsString(personas.size() == 1 ? personas.get(0) : personas);
        })
        .subscribeOn(Schedulers.boundedElastic())
        .flatMapMany(text -> Flux.fromIterable(Chunker.split(text, pieceSize)).delayElements(pace));
  }
}
