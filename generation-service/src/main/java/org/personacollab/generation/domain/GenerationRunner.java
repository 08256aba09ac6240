package org.personacollab.generation.domain;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
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
import org.personacollab.platform.generation.GenerationSnapshot;
import org.personacollab.platform.generation.GenerationStatus;
import org.personacollab.platform.logging.SessionLogContext;
import org.personacollab.platform.redis.SessionEvents;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.frame.GenerationCancelled;
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
 * Runs generations. A run is: take the session's generation lock; read the research data; record
 * the generation as running in the {@link GenerationStore}; tell the session
 * {@code generation_started}; stream the chosen provider's answer ({@link PersonaModel}, picked by
 * the {@link ProviderRegistry}) as numbered {@code generation_chunk}s; parse and validate the whole
 * answer ({@link PersonaParser}: an answer that is not personas fails the run with its reason, and
 * its raw text goes to the log and the {@code generation.failed} audit event); submit the persona
 * (for a count above one, the first candidate with all of them under {@code metadata.candidates},
 * see {@link ParsedPersonas}) as a change to the session document; tell the session
 * {@code generation_complete}; release the lock.
 *
 * <h2>The publish path</h2>
 *
 * The provider's pieces are cut into chunks of {@code streaming.chunk_size} characters
 * ({@link Chunker#rechunk}). Each chunk is <em>first</em> appended to the store, which gives it the
 * next index (gap-free from 0), and only then published on the session's Redis channel with that
 * index. Pub/sub may lose the message; the store cannot, so a gateway that sees an index jump reads
 * the missing chunks back, and a participant who joins late reads all of them. With
 * {@code streaming.enabled: false} nothing is stored or published between
 * {@code generation_started} and {@code generation_complete} (whose {@code chunks} is then 0).
 *
 * <h2>Ending</h2>
 *
 * Exactly one of completed, failed and cancelled wins, decided by a compare-and-set of the
 * generation's status in the store. A failure after the start ends in {@code generation_failed}
 * for everybody. {@link #cancel} may run on any instance: it sets the status to cancelled (from then
 * on the store refuses the generation's chunks), asks every instance through the
 * {@link GenerationControl} to dispose the run (which cancels the provider's stream), tells the
 * session {@code generation_cancelled}, audits {@code generation.cancelled} and releases the lock.
 * The lock is released in every case. It is a lease ({@code persona.generation.lease}, renewed every
 * third of it while the run is alive here), so when the instance running a generation dies
 * (SIGKILL, a pause longer than the lease) the lock expires soon, and {@link #recoverOrphans} (run
 * periodically by every instance, and before each start) fails the generation for everybody with
 * {@code generation_failed}: a new generation can start. {@code persona.generation.max-duration}
 * still bounds a run.
 */
public final class GenerationRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GenerationRunner.class);
  /** The generation id a cancel may name instead of an id: the one running now. */
  public static final String CURRENT = "current";
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
  private final GenerationStore store;
  private final GenerationControl control;
  private final PersonaSubmitter submitter;
  private final CollaborationProperties.Streaming streaming;
  private final Duration maxDuration;
  private final Clock clock;
  private final JsonMapper json;
  private final Map<String, Disposable> running = new ConcurrentHashMap<>();
  private final Disposable stops;
  private final StreamMetrics metrics;
  private final Duration lease;
  private volatile @Nullable Disposable sweeper;

  /**
   * The default TTL of a session's generation lock ({@code persona.generation.lease}). A run
   * renews it every third of the lease; when the instance running it dies, the lock expires
   * within a lease and {@link #recoverOrphans} ends the generation with {@code generation_failed}.
   */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);

  private GenerationRunner(Builder b) {
    this.research = require(b.research, "research");
    this.loader = require(b.loader, "loader");
    this.providers = require(b.providers, "providers");
    this.prompt = require(b.prompt, "prompt");
    this.parser = require(b.parser, "parser");
    this.detail = require(b.detail, "detail");
    this.events = require(b.events, "events");
    this.lock = require(b.lock, "lock");
    this.store = require(b.store, "store");
    this.control = require(b.control, "control");
    this.submitter = require(b.submitter, "submitter");
    this.streaming = require(b.streaming, "streaming");
    this.maxDuration = require(b.maxDuration, "maxDuration");
    this.clock = require(b.clock, "clock");
    this.json = require(b.json, "json");
    this.metrics = b.metrics != null ? b.metrics : new StreamMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    this.lease = b.lease;
    if (lease.toMillis() < 3) throw new IllegalArgumentException("lease must be at least 3 ms, got " + lease);
    this.stops = control.stops().subscribe(this::stopLocal, e -> log.error("Generation control ended", e));
  }

  private static <T> T require(@Nullable T value, String name) {
    if (value == null) throw new IllegalStateException("GenerationRunner needs " + name);
    return value;
  }

  /** A runner is built from its collaborators and settings; all are required except those with a default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Names each of the runner's many parts at the call site. */
  public static final class Builder {
    private @Nullable ResearchSource research;
    private @Nullable ResearchLoader loader;
    private @Nullable ProviderRegistry providers;
    private @Nullable PersonaPrompt prompt;
    private @Nullable PersonaParser parser;
    private @Nullable DetailLevel detail;
    private @Nullable SessionEvents events;
    private @Nullable GenerationLock lock;
    private @Nullable GenerationStore store;
    private @Nullable GenerationControl control;
    private @Nullable PersonaSubmitter submitter;
    private CollaborationProperties.@Nullable Streaming streaming;
    private @Nullable Duration maxDuration;
    private @Nullable Clock clock;
    private @Nullable JsonMapper json;
    private @Nullable StreamMetrics metrics;
    private Duration lease = DEFAULT_LEASE;

    private Builder() {}

    /** Where a request's dataset is read from. */
    public Builder research(ResearchSource research) {
      this.research = research;
      return this;
    }

    /** Normalises the research files to text, within the limits. */
    public Builder loader(ResearchLoader loader) {
      this.loader = loader;
      return this;
    }

    /** The configured providers and the default one. */
    public Builder providers(ProviderRegistry providers) {
      this.providers = providers;
      return this;
    }

    public Builder prompt(PersonaPrompt prompt) {
      this.prompt = prompt;
      return this;
    }

    public Builder parser(PersonaParser parser) {
      this.parser = parser;
      return this;
    }

    /** The level of detail asked of the provider. */
    public Builder detail(DetailLevel detail) {
      this.detail = detail;
      return this;
    }

    /** Where {@code generation_*} frames go (the session's Redis channel). */
    public Builder events(SessionEvents events) {
      this.events = events;
      return this;
    }

    /** One generation at a time per session. */
    public Builder lock(GenerationLock lock) {
      this.lock = lock;
      return this;
    }

    /** The generation's status and numbered chunks. */
    public Builder store(GenerationStore store) {
      this.store = store;
      return this;
    }

    /** Cancels reach the instance that runs the generation. */
    public Builder control(GenerationControl control) {
      this.control = control;
      return this;
    }

    /** Puts the finished persona into the session document as sequenced ops. */
    public Builder submitter(PersonaSubmitter submitter) {
      this.submitter = submitter;
      return this;
    }

    /** {@code streaming.enabled} and {@code streaming.chunk_size}. */
    public Builder streaming(CollaborationProperties.Streaming streaming) {
      this.streaming = streaming;
      return this;
    }

    /** {@code persona.generation.max-duration}: the longest a run may take. */
    public Builder maxDuration(Duration maxDuration) {
      this.maxDuration = maxDuration;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder json(JsonMapper json) {
      this.json = json;
      return this;
    }

    /** Measures each provider stream (default: a registry of its own, which nothing reads). */
    public Builder metrics(StreamMetrics metrics) {
      this.metrics = metrics;
      return this;
    }

    /**
     * The TTL of a session's generation lock, renewed every third of it while the run is alive
     * here (default {@link #DEFAULT_LEASE}; at least 3 ms).
     */
    public Builder lease(Duration lease) {
      this.lease = lease;
      return this;
    }

    /** The runner; {@link IllegalStateException} names a missing part. */
    public GenerationRunner build() {
      return new GenerationRunner(this);
    }
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
                lock.acquire(request.sessionId(), generationId, lease)
                    .flatMap(
                        acquired -> {
                          if (!acquired) {
                            return Mono.error(
                                new ApiException(
                                    ErrorCode.GENERATION_IN_PROGRESS,
                                    "A generation is already running in session " + request.sessionId()
                                        + "; wait for it to finish."));
                          }
                          // The session's previous generation may still be marked running with
                          // no instance behind it (its lock expired): it ends first, for everyone.
                          return recover(request.sessionId())
                              .then(store.start(request.sessionId(), generationId, model.name(), request.userId(), clock.millis()))
                              .onErrorResume(e -> lock.release(request.sessionId(), generationId).then(Mono.error(e)))
                              .then(Mono.fromSupplier(() -> {
                                Disposable renewal = keepLease(request.sessionId(), generationId);
                                Disposable run =
                                    run(request, generationId, bundle, model)
                                        .doFinally(s -> {
                                          running.remove(generationId);
                                          renewal.dispose();
                                        })
                                        .contextWrite(SessionLogContext.of(request.sessionId()))
                                        .subscribe();
                                if (!run.isDisposed()) running.put(generationId, run);
                                return generationId;
                              }));
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

  /** The run stopped because the store refused it a chunk or a completion: it was cancelled. */
  private static final class Stopped extends RuntimeException {
    Stopped(String generationId) {
      super("generation " + generationId + " is no longer running", null, false, false);
    }
  }

  /** The text streamed and how many chunks it was sent as. */
  private record Streamed(String text, long chunks) {}

  private Mono<Void> run(GenerationRequest request, String generationId, ResearchBundle bundle, PersonaModel model) {
    String session = request.sessionId();
    String modelName = request.model() == null ? model.model() : request.model();
    Map<String, Object> started = new LinkedHashMap<>();
    started.put("generation_id", generationId);
    started.put("provider", model.name());
    started.put("model", modelName);
    started.put("count", request.count());
    if (request.dataset() != null) started.put("dataset", request.dataset());
    if (request.research() != null) started.put("files", request.research().documents().size());
    return submitter
        .event(request, "generation.started", started)
        .then(events.publish(session, new GenerationStarted(generationId, request.userId(), model.name(), clock.millis())))
        .then(stream(request, generationId, bundle, model))
        .flatMap(streamed -> complete(request, generationId, streamed, model, modelName))
        .timeout(maxDuration)
        .onErrorResume(Stopped.class, e -> {
          log.info("Generation {} stopped: it was cancelled", generationId);
          return Mono.empty();
        })
        .onErrorResume(e -> fail(request, generationId, e))
        .then(Mono.defer(() -> lock.release(session, generationId)))
        .onErrorResume(e -> Mono.empty());
  }

  /** Streams the provider's text: each chunk stored (which numbers it), then published. */
  private Mono<Streamed> stream(GenerationRequest request, String generationId, ResearchBundle bundle, PersonaModel model) {
    String session = request.sessionId();
    // The offline generator reads the documents, not a prompt.
    String promptText = isOffline(model) ? "" : prompt.render(bundle.documents(), request.count(), detail);
    Flux<String> text =
        metrics.measure(model.name(), model.stream(new PromptRequest(promptText, bundle.documents(), request.count(), request.model())));
    if (!streaming.enabled()) {
      return text.collect(StringBuilder::new, StringBuilder::append).map(b -> new Streamed(b.toString(), 0));
    }
    return Chunker.rechunk(text, streaming.chunkSize())
        .concatMap(
            chunk ->
                store
                    .appendAndPublish(session, generationId, chunk, events)
                    .switchIfEmpty(Mono.error(() -> new Stopped(generationId)))
                    .thenReturn(chunk))
        .collectList()
        .map(chunks -> new Streamed(String.join("", chunks), chunks.size()));
  }

  private static boolean isOffline(PersonaModel model) {
    return OfflineGenerator.PROVIDER.equals(model.name());
  }

  private Mono<Void> complete(GenerationRequest request, String generationId, Streamed streamed, PersonaModel model, String modelName) {
    String session = request.sessionId();
    var metadata =
        new PersonaMetadata(
            java.time.format.DateTimeFormatter.ISO_INSTANT.format(clock.instant()),
            model.name(),
            modelName,
            isOffline(model) ? "default" : PersonaPrompt.TEMPLATE);
    // The offline generator's personas carry their own metadata already, so that the streamed text
    // is exactly the persona that enters the document. A parse failure is a GenerationFailure.
    ParsedPersonas parsed = parser.parse(streamed.text(), request.count(), model.writesOwnMetadata() ? null : metadata);
    ObjectNode persona = parsed.document();
    return store
        .transition(session, generationId, GenerationStatus.RUNNING, GenerationStatus.COMPLETED)
        .filter(had -> had == GenerationStatus.RUNNING)
        .switchIfEmpty(Mono.error(() -> new Stopped(generationId)))
        .then(submitter.submit(request, generationId, persona).onErrorResume(e ->
            store.transition(session, generationId, GenerationStatus.COMPLETED, GenerationStatus.FAILED).then(Mono.error(e))))
        .then(submitter.event(request, "generation.completed",
            Map.of("generation_id", generationId, "chunks", streamed.chunks(), "personas", parsed.candidates().size())))
        .then(events.publish(session, new GenerationComplete(generationId, persona, streamed.chunks())))
        .doOnSuccess(v -> log.info("Generation {} complete: {} chunks", generationId, streamed.chunks()));
  }

  private Mono<Void> fail(GenerationRequest request, String generationId, Throwable e) {
    String session = request.sessionId();
    String reason =
        e instanceof ResearchException || e instanceof ApiException || e instanceof GenerationFailure ? e.getMessage() : e.toString();
    String message = "The persona could not be generated: " + reason;
    Map<String, Object> failed = new LinkedHashMap<>();
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
    // Failed only if it was still running (or completed but not submitted); a cancel already told everybody.
    return store
        .transition(session, generationId, GenerationStatus.RUNNING, GenerationStatus.FAILED)
        .onErrorResume(x -> Mono.just(GenerationStatus.RUNNING))
        .filter(had -> had == GenerationStatus.RUNNING || had == GenerationStatus.FAILED)
        .flatMap(had ->
            submitter
                .event(request, "generation.failed", failed)
                .onErrorResume(x -> {
                  log.warn("Generation {}: its failure could not be audited: {}", generationId, x.toString());
                  return Mono.empty();
                })
                .then(events.publish(session, new GenerationFailed(generationId, ErrorCode.GENERATION_FAILED.code(), message)))
                .thenReturn(had))
        .then()
        .onErrorResume(x -> Mono.empty());
  }

  /**
   * Cancels a running generation of the session on behalf of {@code userId}: the one named, or,
   * for {@link #CURRENT}, the one running now. Allowed to whoever started it and, when
   * {@code facilitator}, to anyone. Emits the {@code generation_cancelled} frame it sent.
   * Errors ({@link ApiException}): {@code generation_not_found} (no such generation in the session,
   * or its state expired), {@code generation_finished} (it completed, failed or was cancelled
   * already), {@code forbidden} (someone else's, and not a facilitator).
   */
  public Mono<GenerationCancelled> cancel(String sessionId, String generationId, String userId, boolean facilitator) {
    return store
        .read(sessionId, Integer.MAX_VALUE)
        .filter(s -> CURRENT.equals(generationId) || s.generationId().equals(generationId))
        .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.GENERATION_NOT_FOUND,
            CURRENT.equals(generationId)
                ? "No generation has run in session " + sessionId + " lately."
                : "There is no generation " + generationId + " in session " + sessionId + ".")))
        .flatMap(current -> {
          if (current.status().isFinal()) return Mono.error(finished(current.generationId(), current.status()));
          if (!facilitator && !current.startedBy().equals(userId)) {
            return Mono.error(new ApiException(ErrorCode.FORBIDDEN,
                "Only the participant who started a generation, or a facilitator, may cancel it."));
          }
          String id = current.generationId();
          return store
              .transition(sessionId, id, GenerationStatus.RUNNING, GenerationStatus.CANCELLED)
              .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.GENERATION_NOT_FOUND,
                  "There is no generation " + id + " in session " + sessionId + ".")))
              .flatMap(had -> had == GenerationStatus.RUNNING ? Mono.just(current) : Mono.error(finished(id, had)));
        })
        .flatMap(current -> cancelled(sessionId, current, userId))
        .contextWrite(SessionLogContext.of(sessionId));
  }

  private static ApiException finished(String generationId, GenerationStatus status) {
    return new ApiException(ErrorCode.GENERATION_FINISHED, "Generation " + generationId + " has already " + status.wire() + ".");
  }

  /** After the status changed to cancelled: stop the run wherever it is, tell everybody, audit, unlock. */
  private Mono<GenerationCancelled> cancelled(String sessionId, GenerationSnapshot current, String by) {
    String id = current.generationId();
    stopLocal(id);
    GenerationCancelled frame = new GenerationCancelled(id, by);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("generation_id", id);
    data.put("by", by);
    data.put("started_by", current.startedBy());
    data.put("chunks", current.chunkCount());
    GenerationRequest actor = new GenerationRequest(sessionId, by, 1, null);
    return control
        .stop(id)
        .onErrorResume(e -> {
          log.warn("Could not ask the other instances to stop {} (it stops at its next chunk): {}", id, e.toString());
          return Mono.empty();
        })
        .then(events.publish(sessionId, frame))
        .then(submitter.event(actor, "generation.cancelled", data).onErrorResume(e -> {
          log.warn("Generation {}: its cancellation could not be audited: {}", id, e.toString());
          return Mono.empty();
        }))
        .then(lock.release(sessionId, id))
        .doOnSuccess(v -> log.info("Generation {} cancelled by {}", id, by))
        .thenReturn(frame);
  }

  /** Disposes the run of {@code generationId} if this instance runs it (which cancels the provider stream). */
  void stopLocal(String generationId) {
    Disposable run = running.remove(generationId);
    if (run != null) run.dispose();
  }

  private static String truncate(String raw) {
    return raw.length() <= MAX_RAW_TEXT ? raw : raw.substring(0, MAX_RAW_TEXT) + "…[" + (raw.length() - MAX_RAW_TEXT) + " more characters]";
  }

  /** Renews the session's lock for the run every third of the lease until disposed; a failed renewal is retried at the next tick. */
  private Disposable keepLease(String sessionId, String generationId) {
    return Flux.interval(lease.dividedBy(3))
        .onBackpressureDrop()
        .concatMap(t -> lock.renew(sessionId, generationId, lease).onErrorResume(e -> {
          log.warn("Generation {}: its lock could not be renewed: {}", generationId, e.toString());
          return Mono.just(true);
        }))
        .subscribe(held -> {
          if (!held) log.warn("Generation {} no longer holds the session's generation lock", generationId);
        });
  }

  /**
   * Ends every generation that is marked running but whose instance is gone: its lock expired (no
   * renewal for a lease) or another generation holds it. Each such generation is moved to failed
   * (a compare-and-set: a run that is in fact alive stops at its next chunk), the session gets
   * {@code generation_failed}, {@code generation.failed} is audited with reason
   * {@code interrupted}. Sessions whose generation ended are dropped from the store's running
   * index. Emits the ids of the generations it failed.
   */
  public Flux<String> recoverOrphans() {
    return store.runningSessions().concatMap(session -> recover(session).onErrorResume(e -> {
      log.warn("Could not check session {} for an interrupted generation: {}", session, e.toString());
      return Mono.empty();
    }));
  }

  /** Runs {@link #recoverOrphans} every {@code every} until {@link #close}. */
  public void sweepOrphans(Duration every) {
    Disposable previous = sweeper;
    if (previous != null) previous.dispose();
    sweeper = Flux.interval(every, every)
        .onBackpressureDrop()
        .concatMap(t -> recoverOrphans().onErrorResume(e -> Mono.empty()))
        .subscribe();
  }

  private Mono<String> recover(String sessionId) {
    return store.read(sessionId, Integer.MAX_VALUE)
        .flatMap(current -> {
          if (current.status() != GenerationStatus.RUNNING) return store.forget(sessionId).then(Mono.<String>empty());
          return lock.holder(sessionId)
              .defaultIfEmpty("")
              .flatMap(holder -> holder.equals(current.generationId()) ? Mono.<String>empty() : interrupted(sessionId, current));
        })
        .switchIfEmpty(Mono.defer(() -> store.forget(sessionId).then(Mono.<String>empty())));
  }

  private Mono<String> interrupted(String sessionId, GenerationSnapshot current) {
    String id = current.generationId();
    String message = "The persona could not be generated: the generation was interrupted (the service running it stopped).";
    return store
        .transition(sessionId, id, GenerationStatus.RUNNING, GenerationStatus.FAILED)
        .filter(had -> had == GenerationStatus.RUNNING)
        .flatMap(had -> {
          log.warn("Generation {} in session {} was interrupted: its lock expired after {} chunks; failing it", id, sessionId,
              current.chunkCount());
          stopLocal(id);
          Map<String, Object> failed = new LinkedHashMap<>();
          failed.put("generation_id", id);
          failed.put("code", ErrorCode.GENERATION_FAILED.code());
          failed.put("message", message);
          failed.put("reason", "interrupted");
          failed.put("chunks", current.chunkCount());
          GenerationRequest actor = new GenerationRequest(sessionId, current.startedBy(), 1, null);
          return submitter.event(actor, "generation.failed", failed)
              .onErrorResume(e -> {
                log.warn("Generation {}: its failure could not be audited: {}", id, e.toString());
                return Mono.empty();
              })
              .then(events.publish(sessionId, new GenerationFailed(id, ErrorCode.GENERATION_FAILED.code(), message)))
              .then(lock.release(sessionId, id))
              .then(store.forget(sessionId))
              .thenReturn(id);
        });
  }

  /** The number of generations running in this instance. */
  public int runningCount() {
    return running.size();
  }

  @Override
  public void close() {
    stops.dispose();
    Disposable sweep = sweeper;
    if (sweep != null) sweep.dispose();
    running.values().forEach(Disposable::dispose);
  }
}
