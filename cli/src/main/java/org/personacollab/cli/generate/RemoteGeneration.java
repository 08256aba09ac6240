package org.personacollab.cli.generate;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliException;
import org.personacollab.cli.Json;
import org.personacollab.cli.api.ServerUrl;
import org.personacollab.cli.join.ClientErrors;
import org.personacollab.cli.session.Account;
import org.personacollab.client.ConnectionRefusedException;
import org.personacollab.client.ConnectionState;
import org.personacollab.client.PersonaClient;
import org.personacollab.protocol.frame.GenerationChunk;
import org.personacollab.protocol.frame.GenerationComplete;
import org.personacollab.protocol.frame.GenerationFailed;
import org.personacollab.protocol.frame.ServerFrame;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/**
 * A generation in a session on the server: join the session's socket first (so that no chunk is
 * published before we listen), upload the research ({@code POST /api/sessions/{id}/generations},
 * multipart), then follow the frames of that generation until {@code generation_complete} or
 * {@code generation_failed}. Frames of other generations are ignored; frames that arrive before
 * the upload's answer names the generation are kept until it does.
 */
final class RemoteGeneration {
  private final Account account;
  private final String sessionId;
  private final Duration timeout;
  private final PrintWriter err;
  private final boolean quiet;
  private final LongSupplier nanos;

  RemoteGeneration(Account account, String sessionId, Duration timeout, PrintWriter err, boolean quiet, LongSupplier nanos) {
    this.account = account;
    this.sessionId = sessionId;
    this.timeout = timeout;
    this.err = err;
    this.quiet = quiet;
    this.nanos = nanos;
  }

  /**
   * Runs the generation and returns what the server generated: the candidates as a JSON array when
   * more than one was asked for and every chunk arrived, else the persona of {@code
   * generation_complete}.
   *
   * @throws CliException for {@code generation_failed}, a refused socket, or no result in time;
   *     {@link org.personacollab.cli.api.ApiException} for a refused upload (409
   *     {@code generation_in_progress}, 413 {@code research_*}, …)
   */
  JsonNode run(ResearchInput input, Map<String, String> fields, int count) {
    String path = "/api/sessions/" + sessionId + "/generations";
    // A session token the server takes: the stored one, or a fresh one from joining again.
    String token = account.withSessionToken(sessionId, t -> {
      account.api().get("/api/sessions/" + sessionId, t);
      return t;
    });
    PersonaClient client = PersonaClient.builder(ServerUrl.webSocket(URI.create(account.api().server())), sessionId)
        .name(account.credentials().userName())
        .headers(Map.of("Authorization", "Bearer " + token))
        .build();
    BlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
    Disposable listening = client.frames().subscribe(frames::add);
    try {
      connect(client);
      long start = nanos.getAsLong();
      JsonNode started = account.api().postMultipart(path, token, input.files(), fields);
      String generationId = started.path("generation_id").asString("");
      for (JsonNode problem : started.path("problems")) {
        err.println("persona: the server skipped " + problem.path("source").asString() + ": "
            + problem.path("message").asString() + " (" + problem.path("code").asString() + ")");
      }
      err.println("Generating " + generationId + " in session " + sessionId + " from " + input.bundle().documents().size()
          + " file" + (input.bundle().documents().size() == 1 ? "" : "s") + "…");
      err.flush();
      return follow(client, frames, generationId, count, start);
    } finally {
      listening.dispose();
      client.close().block(Duration.ofSeconds(5));
    }
  }

  private void connect(PersonaClient client) {
    try {
      client.connect().block(timeout);
    } catch (ConnectionRefusedException e) {
      throw new CliException(ClientErrors.refused(sessionId, e), e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof ConnectionRefusedException refused) {
        throw new CliException(ClientErrors.refused(sessionId, refused), e);
      }
      throw new CliException("could not join session " + sessionId + " within " + timeout.toSeconds()
          + " s to follow the generation (" + e.getMessage() + "); try again, or raise --timeout", e);
    }
  }

  private JsonNode follow(PersonaClient client, BlockingQueue<ServerFrame> frames, String generationId, int count, long start) {
    Progress progress = new Progress(start);
    StringBuilder text = new StringBuilder();
    long expected = 0;
    boolean gap = false;
    long deadline = start + timeout.toNanos();
    while (true) {
      long left = deadline - nanos.getAsLong();
      if (left <= 0) {
        throw new CliException("no result from generation " + generationId + " within " + timeout.toSeconds()
            + " s; it may still finish (see 'persona session join " + sessionId + " --watch'), or raise --timeout");
      }
      ServerFrame frame;
      try {
        frame = frames.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted while following generation " + generationId, e);
      }
      if (frame == null) {
        if (client.state() == ConnectionState.CLOSED) {
          throw new CliException("the connection to session " + sessionId + " closed before generation "
              + generationId + " finished");
        }
        continue;
      }
      if (frame instanceof GenerationChunk chunk && chunk.generationId().equals(generationId)) {
        if (chunk.index() != expected) gap = true;
        expected = chunk.index() + 1;
        text.append(chunk.content());
        progress.chunk(chunk.content());
        if (quiet) {
          err.print("\r" + progress.line(nanos.getAsLong()));
        } else {
          err.print(chunk.content());
        }
        err.flush();
      } else if (frame instanceof GenerationFailed failed && failed.generationId().equals(generationId)) {
        err.println();
        throw new CliException("generation " + generationId + " failed: " + failed.message() + " (" + failed.code() + ")");
      } else if (frame instanceof GenerationComplete complete && complete.generationId().equals(generationId)) {
        err.println();
        boolean all = !gap && progress.chunks() == complete.chunks();
        err.println("Done: " + progress.line(nanos.getAsLong())
            + (all ? "" : " (" + (complete.chunks() - progress.chunks()) + " of " + complete.chunks()
                + " chunks missed; the persona below is the server's complete one)"));
        err.flush();
        JsonNode whole = all && count > 1 ? parsed(text.toString()) : null;
        return whole != null && whole.isArray() ? whole : complete.persona();
      }
    }
  }

  private static @Nullable JsonNode parsed(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
