package org.personacollab.cli.generate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.personacollab.cli.CliRun;
import org.personacollab.cli.Json;
import org.personacollab.cli.config.Credentials;
import org.personacollab.cli.config.CredentialsStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * {@code persona generate --session} against a stand-in gateway over real HTTP and WebSocket: the
 * REST answers and frames are the ones the real services send (docs/protocol.md), scripted per
 * test; what the CLI uploads is recorded.
 */
class GenerateInSessionTest {
  private static final String WELCOME = "{\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"s1\",\"clientId\":\"c1.fake\","
      + "\"version\":0,\"snapshot\":{},\"participants\":[],\"resumed\":false,\"role\":\"facilitator\",\"presence\":[]}";

  @TempDir Path dir;
  private DisposableServer server;
  private final Sinks.Many<String> frames = Sinks.many().replay().all();
  private final AtomicReference<String> uploadType = new AtomicReference<>();
  private final AtomicReference<String> upload = new AtomicReference<>();
  /** The answer to the upload: status and body; on 202 the frames in {@link #after} follow. */
  private volatile int status = 202;
  private volatile String answer = "{\"generation_id\":\"gen-1\",\"session_id\":\"s1\",\"status\":\"started\"}";
  private volatile List<String> after = List.of();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create().host("127.0.0.1").port(0)
        .route(routes -> routes
            .get("/api/sessions/s1", (request, response) ->
                response.header("Content-Type", "application/json").sendString(Mono.just("{\"id\":\"s1\"}")).then())
            .post("/api/sessions/s1/generations", (request, response) -> request.receive().aggregate().asString(UTF_8)
                .defaultIfEmpty("")
                .flatMap(body -> {
                  upload.set(body);
                  uploadType.set(request.requestHeaders().get("Content-Type"));
                  if (status == 202) after.forEach(frames::tryEmitNext);
                  return response.status(status)
                      .header("Content-Type", status == 202 ? "application/json" : "application/problem+json")
                      .sendString(Mono.just(answer)).then();
                }))
            .ws("/ws/sessions/s1", (in, out) -> out.sendString(Flux.concat(Mono.just(WELCOME), frames.asFlux()))))
        .bindNow();
    String base = "http://127.0.0.1:" + server.port();
    new CredentialsStore(dir.resolve("config")).save(
        Credentials.signedIn(base, "dev:alice", "alice", "user.token", "2099-01-01T00:00:00Z")
            .withSession("s1", new Credentials.SessionToken("Workshop", "facilitator", "session.token", "2099-01-01T00:00:00Z")));
    Files.createDirectories(dir.resolve("data/interviews"));
    Files.writeString(dir.resolve("data/interviews/p1.txt"), "P1: I plan every Sunday with a paper list.\n");
    Files.writeString(dir.resolve("data/deck.pptx"), "slides");
  }

  @AfterEach
  void stop() {
    server.disposeNow();
  }

  private CliRun generate(String... extra) {
    String[] args = {"--config-dir", dir.resolve("config").toString(), "generate", "--session", "s1",
        "--from", dir.resolve("data").toString(), "--timeout", "20"};
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return CliRun.run(all);
  }

  @Test
  void chunksStreamToStderr_personaOnStdout_uploadIsMultipartOfTheUsableFiles() {
    after = List.of(
        "{\"type\":\"generation_started\",\"generation_id\":\"gen-1\",\"user_id\":\"dev:alice\",\"provider\":\"offline\",\"ts\":1}",
        "{\"type\":\"generation_chunk\",\"generation_id\":\"gen-0\",\"index\":0,\"content\":\"SOMEONE ELSE'S\"}",
        "{\"type\":\"generation_chunk\",\"generation_id\":\"gen-1\",\"index\":0,\"content\":\"{\\\"name\\\": \"}",
        "{\"type\":\"generation_chunk\",\"generation_id\":\"gen-1\",\"index\":1,\"content\":\"\\\"Ada\\\"}\"}",
        "{\"type\":\"generation_complete\",\"generation_id\":\"gen-1\",\"persona\":{\"name\":\"Ada\"},\"chunks\":2}");

    CliRun run = generate("--count", "1", "--provider", "offline");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Json.tree(run.out())).isEqualTo(Json.tree("{\"name\":\"Ada\"}"));
    assertThat(run.err())
        .contains("persona: skipped deck.pptx")
        .contains("Generating gen-1 in session s1 from 1 file")
        .contains("{\"name\": \"Ada\"}")
        .contains("Done: 2 chunks, 15 characters")
        .doesNotContain("SOMEONE ELSE'S");
    assertThat(uploadType.get()).startsWith("multipart/form-data; boundary=");
    assertThat(upload.get())
        .contains("Content-Disposition: form-data; name=\"files\"; filename=\"interviews/p1.txt\"")
        .contains("P1: I plan every Sunday with a paper list.")
        .contains("name=\"count\"\r\n\r\n1\r\n")
        .contains("name=\"provider\"\r\n\r\noffline\r\n")
        .doesNotContain("deck.pptx");
  }

  @Test
  void quiet_progressLineInsteadOfTheText() {
    after = List.of(
        "{\"type\":\"generation_chunk\",\"generation_id\":\"gen-1\",\"index\":0,\"content\":\"{\\\"name\\\": \\\"Ada\\\"}\"}",
        "{\"type\":\"generation_complete\",\"generation_id\":\"gen-1\",\"persona\":{\"name\":\"Ada\"},\"chunks\":1}");

    CliRun run = generate("--quiet");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("\r1 chunk, 15 characters, ").doesNotContain("{\"name\"");
  }

  @Test
  void generationFailed_exit1WithTheServersReason() {
    after = List.of(
        "{\"type\":\"generation_chunk\",\"generation_id\":\"gen-1\",\"index\":0,\"content\":\"{\"}",
        "{\"type\":\"generation_failed\",\"generation_id\":\"gen-1\",\"code\":\"generation_failed\","
            + "\"message\":\"The persona could not be generated: the provider timed out\"}");

    CliRun run = generate();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).last().asString()
        .isEqualTo("persona: generation gen-1 failed: The persona could not be generated: the provider timed out (generation_failed)");
  }

  @Test
  void generationInProgress_409SaidInTheServersWords() {
    status = 409;
    answer = "{\"type\":\"urn:persona-collab:error:generation_in_progress\",\"title\":\"Conflict\",\"status\":409,"
        + "\"detail\":\"A generation is already running in session s1; wait for it to finish.\",\"code\":\"generation_in_progress\"}";

    CliRun run = generate();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).last().asString()
        .startsWith("persona: A generation is already running in session s1; wait for it to finish.")
        .contains("(generation_in_progress)");
  }
}
