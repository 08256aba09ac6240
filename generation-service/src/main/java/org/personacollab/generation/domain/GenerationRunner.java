package org.personacollab.generation.domain;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.personacollab.generation.offline.OfflineGenerator;
import org.personacollab.generation.research.NamedContent;
import org.personacollab.generation.research.ResearchBundle;
import org.personacollab.generation.research.ResearchException;
import org.personacollab.generation.research.ResearchLoader;
import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.platform.logging.SessionLogContext;
import org.personacollab.platform.redis.SessionEvents;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.frame.GenerationChunk;
import org.personacollab.protocol.frame.GenerationComplete;
import org.personacollab.protocol.frame.GenerationFailed;
import org.personacollab.protocol.frame.GenerationStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs generations. A run is: take the session's generation lock; read the research data; tell
 * the session {@code generation_started}; generate; stream the text as numbered
 * {@code generation_chunk}s ({@code streaming.chunk_size} characters each, unless
 * {@code streaming.enabled} is false); submit the persona as a change to the session document;
 * tell the session {@code generation_complete}; release the lock. Any failure after the start
 * ends in {@code generation_failed} for everybody, and the lock is released in every case (it
 * also expires after {@code persona.generation.max-duration}).
 */
public final class GenerationRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GenerationRunner.class);
  static final String PROVIDER = "offline";

  private final ResearchSource research;
  private final ResearchLoader loader;
  private final OfflineGenerator generator;
  private final SessionEvents events;
  private final GenerationLock lock;
  private final PersonaSubmitter submitter;
  private final CollaborationProperties.Streaming streaming;
  private final Duration chunkDelay;
  private final Duration maxDuration;
  private final Clock clock;
  private final JsonMapper json;
  private final JsonMapper pretty;
  private final Map<String, Disposable> running = new ConcurrentHashMap<>();

  public GenerationRunner(
      ResearchSource research,
      ResearchLoader loader,
      OfflineGenerator generator,
      SessionEvents events,
      GenerationLock lock,
      PersonaSubmitter submitter,
      CollaborationProperties.Streaming streaming,
      Duration chunkDelay,
      Duration maxDuration,
      Clock clock,
      JsonMapper json) {
    this.research = research;
    this.loader = loader;
    this.generator = generator;
    this.events = events;
    this.lock = lock;
    this.submitter = submitter;
    this.streaming = streaming;
    this.chunkDelay = chunkDelay;
    this.maxDuration = maxDuration;
    this.clock = clock;
    this.json = json;
    this.pretty = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
  }

  /**
   * Starts a generation and returns its id once it runs. Errors: {@code validation_failed} when
   * there is no usable research data, {@code generation_in_progress} when the session already has
   * a running generation.
   */
  public Mono<String> start(GenerationRequest request) {
    String generationId = "gen-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    return Mono.fromCallable(() -> readResearch(request))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            bundle ->
                lock.acquire(request.sessionId(), generationId, maxDuration)
                    .flatMap(
                        acquired -> {
                          if (!acquired) {
                            return Mono.error(
                                new ApiException(
                                    ErrorCode.GENERATION_IN_PROGRESS,
                                    "A generation is already running in session " + request.sessionId()
                                        + "; wait for it to finish."));
                          }
                          Disposable run =
                              run(request, generationId, bundle)
                                  .doFinally(s -> running.remove(generationId))
                                  .contextWrite(SessionLogContext.of(request.sessionId()))
                                  .subscribe();
                          running.put(generationId, run);
                          return Mono.just(generationId);
                        }))
        .contextWrite(SessionLogContext.of(request.sessionId()));
  }

  private ResearchBundle readResearch(GenerationRequest request) {
    if (request.research() != null) {
      return request.research(); // uploaded: read and checked by the web layer already
    }
    List<NamedContent> files = research.load(request.dataset());
    if (files.isEmpty()) {
      throw new ApiException(
          ErrorCode.VALIDATION_FAILED,
          request.dataset() == null
              ? "There is no research data to generate from."
              : "There is no research data in dataset \"" + request.dataset() + "\".");
    }
    try {
      ResearchBundle bundle = loader.parseAll(files);
      bundle.problems().forEach(p -> log.warn("Research file {} skipped: {} {}", p.source(), p.code(), p.message()));
      return bundle;
    } catch (ResearchException e) {
      throw ResearchRejected.of(e);
    }
  }

  private Mono<Void> run(GenerationRequest request, String generationId, ResearchBundle bundle) {
    String session = request.sessionId();
    Map<String, Object> started = new java.util.LinkedHashMap<>();
    started.put("generation_id", generationId);
    started.put("provider", PROVIDER);
    started.put("model", PROVIDER);
    started.put("count", request.count());
    if (request.dataset() != null) started.put("dataset", request.dataset());
    if (request.research() != null) started.put("files", request.research().documents().size());
    return submitter
        .event(request, "generation.started", started)
        .then(events.publish(session, new GenerationStarted(generationId, request.userId(), PROVIDER, clock.millis())))
        .then(
            Mono.fromCallable(() -> generator.generate(bundle.documents(), request.count()))
                .subscribeOn(Schedulers.boundedElastic()))
        .flatMap(
            personas -> {
              ObjectNode persona = json.valueToTree(personas.get(0));
              String text = pretty.writeValueAsString(personas.size() == 1 ? personas.get(0) : personas);
              List<String> chunks = streaming.enabled() ? Chunker.split(text, streaming.chunkSize()) : List.of();
              return Flux.range(0, chunks.size())
                  .concatMap(
                      i ->
                          events
                              .publish(session, new GenerationChunk(generationId, i, chunks.get(i)))
                              .then(Mono.delay(chunkDelay)))
                  .then(submitter.submit(request, generationId, persona))
                  .then(submitter.event(request, "generation.completed", Map.of("generation_id", generationId, "chunks", chunks.size())))
                  .then(events.publish(session, new GenerationComplete(generationId, persona, chunks.size())))
                  .doOnSuccess(v -> log.info("Generation {} complete: {} chunks", generationId, chunks.size()));
            })
        .timeout(maxDuration)
        .onErrorResume(
            e -> {
              log.warn("Generation {} failed", generationId, e);
              String reason = e instanceof ResearchException || e instanceof ApiException ? e.getMessage() : e.toString();
              String message = "The persona could not be generated: " + reason;
              return submitter
                  .event(request, "generation.failed",
                      Map.of("generation_id", generationId, "code", ErrorCode.GENERATION_FAILED.code(), "message", message))
                  .onErrorResume(x -> {
                    log.warn("Generation {}: its failure could not be audited: {}", generationId, x.toString());
                    return Mono.empty();
                  })
                  .then(events.publish(session, new GenerationFailed(generationId, ErrorCode.GENERATION_FAILED.code(), message)))
                  .onErrorResume(x -> Mono.empty());
            })
        .then(Mono.defer(() -> lock.release(session, generationId)))
        .onErrorResume(e -> Mono.empty());
  }

  /** The number of generations running in this instance. */
  public int runningCount() {
    return running.size();
  }

  @Override
  public void close() {
    running.values().forEach(Disposable::dispose);
  }
}
