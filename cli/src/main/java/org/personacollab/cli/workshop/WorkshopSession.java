package org.personacollab.cli.workshop;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliException;
import org.personacollab.cli.Json;
import org.personacollab.cli.api.Grant;
import org.personacollab.cli.api.ServerUrl;
import org.personacollab.cli.config.CredentialsStore;
import org.personacollab.cli.session.Account;
import org.personacollab.client.ConnectionRefusedException;
import org.personacollab.client.PersonaClient;
import org.personacollab.ot.JsonCodec;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.ErrorFrame;
import org.personacollab.protocol.frame.OpFrame;
import org.personacollab.protocol.frame.ServerFrame;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * One workshop call: join the session (the stored sign-in; participants join by id), open its
 * socket, optionally send one workshop frame and wait for its outcome (its op on
 * {@code _workshop} coming back, or an {@code error} frame), and return the workshop state after
 * it. The socket is closed before returning.
 */
final class WorkshopSession {
  private WorkshopSession() {}

  /** What a call leaves: the workshop state, the user it was made as and their role. */
  record Result(JsonNode workshop, String user, String role, long version) {}

  static Result run(CredentialsStore store, String sessionId, @Nullable ClientFrame frame, Duration timeout) {
    Account account = Account.load(store);
    Grant grant = account.join(sessionId, null);
    PersonaClient client = PersonaClient.builder(ServerUrl.webSocket(URI.create(account.api().server())), sessionId)
        .name(grant.user().name())
        .headers(Map.of("Authorization", "Bearer " + grant.token()))
        .build();
    try {
      client.connect().timeout(timeout).block();
      if (frame != null) {
        String mine = client.clientId() + "/workshop-";
        Mono<ServerFrame> outcome = client.frames()
            .filter(f -> (f instanceof OpFrame op && op.src().startsWith(mine)) || f instanceof ErrorFrame)
            .next()
            .cache();
        outcome.subscribe(f -> {}, e -> {});
        client.send(frame).block();
        ServerFrame answer = outcome.timeout(timeout).block();
        if (answer instanceof ErrorFrame error) {
          throw new CliException(error.message() + " (" + error.code() + ")");
        }
        long after = ((OpFrame) answer).v() + 1;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (client.version() < after && System.nanoTime() < deadline) Thread.onSpinWait();
      }
      JsonNode doc = Json.MAPPER.readTree(JsonCodec.write(client.document()));
      JsonNode workshop = doc.path("_workshop");
      return new Result(workshop.isMissingNode() ? Json.MAPPER.createObjectNode() : workshop, grant.user().id(), grant.role(), client.version());
    } catch (ConnectionRefusedException e) {
      throw new CliException("the server refused the connection: " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof java.util.concurrent.TimeoutException) {
        throw new CliException("no answer from the server within " + timeout.toSeconds() + " s; try again, or raise --timeout", e);
      }
      throw e;
    } finally {
      client.close().timeout(Duration.ofSeconds(5)).onErrorResume(e -> Mono.empty()).block();
    }
  }
}
