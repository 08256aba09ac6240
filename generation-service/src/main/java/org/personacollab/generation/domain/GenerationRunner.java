package org.personacollab.generation.domain;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.personacollab.generation.offline.OfflineGenerator;
import org.personacollab.generation.provider.DetailLevel;
import org.personacollab.generation.provider.GenerationFailure;
import org.personacollab.generation.provider.ParsedPersonas;
import org.personacollab.generation.provider.PersonaMetadata;
import org.personacollab.generation.provider.PersonaModel;
import org.personacollab.generation.provider.PersonaParser;
import org.personacollab.generation.provider.PersonaPrompt;
import org.personacollab.generation.provider.PromptRequest;
import org.personacollab.generation.provider.ProviderRegistry;
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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs generations. A run is: take the session's generation lock; read the research data; tell
 * the session {@code generation_started}; stream the chosen provider's answer ({@link
 * PersonaModel}) as numbered {@code generation_chunk}s ({@code streaming.chunk_size} characters
 * each, cut as the text arrives, unless {@code streaming.enabled} is false); parse and validate the
 * whole answer ({@link PersonaParser}; an answer that is not personas fails the run with its reason,
 * and its raw text goes to the log and the {@code generation.failed} audit event); submit the
 * persona (for a count above one, the first candidate with all of them under {@code
 * metadata.candidates}, see {@link ParsedPersonas}) as a change to the session document;
 * tell the session {@code generation_complete}; release the lock. Any failure after the start
 * ends in {@code generation_failed} for everybody, and the lock is released in every case (it
 * also expires after {@code persona.generation.max-duration}).
 */
public final class GenerationRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GenerationRunner.class);
  /** The most of a failed answer's raw text kept in the audit event and the log. */
  static final int MAX_RAW_TEXT = 8_192;

  private final ResearchSource research;
  private final ResearchLoader loader;
  private final ProviderRegistry providers;
  private final PersonaPrompt prompt;
  private final PersonaParser parser;
  private final DetailLevel detail;
  private final SessionEvents events;
  private final GenerationLock lock;
  private final PersonaSubmitter submitter;
  private final CollaborationProperties.Streaming streaming;
  private final Duration maxDuration;
  private final Clock clock;
  private final JsonMapper json;
  private final Map<String, Disposable> running = new ConcurrentHashMap<>();

  public GenerationRunner(
      ResearchSource research,
      ResearchLoader loader,
      ProviderRegistry providers,
      PersonaPrompt prompt,
      PersonaParser parser,
      DetailLevel detail,
      SessionEvents events,
      GenerationLock lock,
      PersonaSubmitter submitter,
      CollaborationProperties.Streaming streaming,
      Duration maxDuration,
      Clock clock,
      JsonMapper json) {
    this.research = research;
    this.loader = loader;
    this.providers = providers;
    this.prompt = prompt;
    this.parser = parser;
    this.detail = detail;
    this.events = events;
    this.lock = lock;
    this.submitter = submitter;
    this.streaming = streaming;
    this.maxDuration = maxDuration;
    this.clock = clock;
    this.json = json;
  }

  /**
   * Starts a generation and returns its id once it runs. Errors: {@code validation_failed} when
   * there is no usable research data or the provider is unknown or not configured here ({@link
   * org.personacollab.generation.provider.ProviderChoiceException}), {@code
   * generation_in_progress} when the session already has a running generation.
   */
  public Mono<String> start(GenerationRequest request) {
    String generationId = "gen-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    return Mono.fromCallable(() -> providers.resolve(request.provider()))
        .flatMap(model -> start(request, generationId, model));
  }

  private Mono<String> start(GenerationRequest request, String generationId, PersonaModel model) {
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
                              run(request, generationId, bundle, model)
                                  .doFinally(s -> running.remove(generationId))
                                  .contextWrite(SessionLogContext.of(request.sessionId()))
                                  .subscribe();
                          running.put(generationId, run);
                          return Mono.just(generationId);
                        }))
        .contextWrite(SessionLogContext.of(request.sessionId()));
  }

  private ResearchBundle readResearch(GenerationRequest request) {
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
      throw new ApiException(ErrorCode.VALIDATION_FAILED, e.getMessage());
    }
  }

  private Mono<Void> run(GenerationRequest request, String generationId, ResearchBundle bundle, PersonaModel model) {
    String session = request.sessionId();
    String modelName = request.model() == null ? model.model() : request.model();
    Map<String, Object> started = new java.util.LinkedHashMap<>();
    started.put("generation_id", generationId);
    started.put("provider", model.name());
    started.put("model", modelName);
    started.put("count", request.count());
    if (request.dataset() != null) started.put("dataset", request.dataset());
    return submitter
        .event(request, "generation.started", started)
        .then(events.publish(session, new GenerationStarted(generationId, request.userId(), model.name(), clock.millis())))
        .then(generate(request, generationId, bundle, model, modelName))
        .flatMap(
            generated -> {
              ObjectNode persona = generated.personas().document();
              int chunks = generated.chunks();
              return submitter
                  .submit(request, generationId, persona)
                  .then(submitter.event(request, "generation.completed",
                      Map.of("generation_id", generationId, "chunks", chunks, "personas", generated.personas().candidates().size())))
                  .then(events.publish(session, new GenerationComplete(generationId, persona, chunks)))
                  .doOnSuccess(v -> log.info("Generation {} complete: {} chunks", generationId, chunks));
            })
        .timeout(maxDuration)
        .onErrorResume(
            e -> {
              String reason =
                  e instanceof ResearchException || e instanceof ApiException || e instanceof GenerationFailure
                      ? e.getMessage()
                      : e.toString();
              String message = "The persona could not be generated: " + reason;
              Map<String, Object> failed = new java.util.LinkedHashMap<>();
              failed.put("generation_id", generationId);
              failed.put("code", ErrorCode.GENERATION_FAILED.code());
              failed.put("message", message);
              if (e instanceof GenerationFailure f) {
                failed.put("reason", f.reason().code());
                if (f.rawText() != null) {
                  failed.put("raw_text", truncate(f.rawText()));
                  failed.put("raw_text_length", f.rawText().length());
                }
                log.warn("Generation {} failed ({}): {}; raw text: {}", generationId, f.reason().code(), f.getMessage(),
                    f.rawText() == null ? "(none)" : truncate(f.rawText()));
              } else {
                log.warn("Generation {} failed", generationId, e);
              }
              return submitter
                  .event(request, "generation.failed", failed)
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

  /** What the generate step yields: the validated personas and how many chunks were published. */
  private record Generated(ParsedPersonas personas, int chunks) {}

  /**
   * Streams the provider's answer to the session as numbered chunks while it arrives, then parses
   * the whole text. Chunks are cut at {@code streaming.chunk_size} characters (never inside a
   * surrogate pair); the last, shorter one is sent when the answer is complete.
   */
  private Mono<Generated> generate(
      GenerationRequest request, String generationId, ResearchBundle bundle, PersonaModel model, String modelName) {
    return Mono.defer(
        () -> {
          boolean offline = OfflineGenerator.PROVIDER.equals(model.name());
          // The offline generator reads the documents, not a prompt.
          String text = offline ? "" : prompt.render(bundle.documents(), request.count(), detail);
          StringBuilder answer = new StringBuilder();
          StringBuilder pending = new StringBuilder();
          int[] index = {0};
          Flux<String> deltas = model.stream(new PromptRequest(text, bundle.documents(), request.count(), request.model()));
          Flux<String> chunks =
              streaming.enabled()
                  ? deltas
                      .doOnNext(answer::append)
                      .concatMapIterable(delta -> fullChunks(pending.append(delta)))
                      .concatWith(Flux.defer(() -> Flux.fromIterable(Chunker.split(pending.toString(), streaming.chunkSize()))))
                  : deltas.doOnNext(answer::append).filter(d -> false);
          return chunks
              .concatMap(chunk -> events.publish(request.sessionId(), new GenerationChunk(generationId, index[0]++, chunk)))
              .then(
                  Mono.fromCallable(
                      () -> {
                        var metadata =
                            new PersonaMetadata(
                                java.time.format.DateTimeFormatter.ISO_INSTANT.format(clock.instant()),
                                model.name(),
                                modelName,
                                offline ? "default" : PersonaPrompt.TEMPLATE);
                        // The offline generator's personas carry its own metadata already, so that
                        // the streamed text is exactly the persona that enters the document.
                        return new Generated(
                            parser.parse(answer.toString(), request.count(), model.writesOwnMetadata() ? null : metadata), index[0]);
                      }));
        });
  }

  /** Takes the complete chunks off the front of {@code pending}, leaving the last, possibly short one. */
  private List<String> fullChunks(StringBuilder pending) {
    if (pending.length() <= streaming.chunkSize()) return List.of();
    List<String> chunks = Chunker.split(pending.toString(), streaming.chunkSize());
    List<String> full = chunks.subList(0, chunks.size() - 1);
    pending.setLength(0);
    pending.append(chunks.get(chunks.size() - 1));
    return List.copyOf(full);
  }

  private static String truncate(String raw) {
    return raw.length() <= MAX_RAW_TEXT ? raw : raw.substring(0, MAX_RAW_TEXT) + "…[" + (raw.length() - MAX_RAW_TEXT) + " more characters]";
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
