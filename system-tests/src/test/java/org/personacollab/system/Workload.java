package org.personacollab.system;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.personacollab.client.ChangeLostException;
import org.personacollab.client.PersonaClient;
import org.personacollab.client.RejectedChangeException;
import org.personacollab.ot.Component;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.ot.Path;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Real participants editing one session at random, through the Java client: typing into the same
 * text field, inserting and deleting list items, replacing values, and appending a unique token
 * per change to {@code tokens}, so that "every acknowledged change is in the document exactly
 * once" can be checked on the document itself.
 */
final class Workload {
  static final String START =
      "{\"name\":\"Sarah\",\"title\":\"The Planner\",\"goals\":[\"plan\",\"shop\"],\"tokens\":[],"
          + "\"demographics\":{\"age\":34}}";

  final List<PersonaClient> clients = new ArrayList<>();
  /** Tokens whose change the server acknowledged. */
  final Set<String> acked = ConcurrentHashMap.newKeySet();
  /** Tokens whose change was refused (must not be in the document). */
  final Set<String> refused = ConcurrentHashMap.newKeySet();
  /** Tokens whose outcome cannot be known (a resume was refused). */
  final Set<String> lost = ConcurrentHashMap.newKeySet();
  /** Tokens whose change failed otherwise, with the reason (should stay empty). */
  final Map<String, String> failed = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger submitted = new java.util.concurrent.atomic.AtomicInteger();
  final long seed;

  Workload(long seed) {
    this.seed = seed;
  }

  /** Connects {@code count} clients, editors of the session (the first one lays out the starting document). */
  Workload connect(Auth auth, String gatewayWs, String sessionId, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      PersonaClient client =
          PersonaClient.builder(URI.create(gatewayWs), sessionId)
              .name("bot" + i)
              .headers(auth.of(sessionId, "bot" + i).header())
              .heartbeat(Duration.ofSeconds(5))
              .reconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))
              .build();
      client.connect().block(Duration.ofSeconds(30));
      if (i == 0 && ((Map<?, ?>) client.document()).isEmpty()) {
        client.set(List.of(), JsonCodec.parse(START)).block(Duration.ofSeconds(30));
      }
      clients.add(client);
    }
    // Everyone has the starting document before anyone edits.
    long target = clients.get(0).version();
    for (PersonaClient c : clients) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (c.version() < target && System.nanoTime() < deadline) sleep(10);
    }
    return this;
  }

  /**
   * Each client makes {@code changes} random changes with random pauses of up to {@code maxPause},
   * without waiting for acknowledgements; returns when every client is synced. {@code stop}
   * ends the run early.
   */
  void run(int changes, Duration maxPause, AtomicBoolean stop) {
    Flux.range(0, clients.size())
        .flatMap(
            i -> {
              Random random = new Random(seed * 31 + i);
              PersonaClient client = clients.get(i);
              return Flux.range(0, changes)
                  .takeWhile(n -> !stop.get())
                  .concatMap(
                      n ->
                          Mono.delay(Duration.ofMillis(random.nextInt((int) maxPause.toMillis() + 1)), Schedulers.parallel())
                              .then(Mono.fromRunnable(() -> change(client, random, "t" + i + "-" + n))))
                  .then();
            },
            clients.size())
        .blockLast(Duration.ofMinutes(5));
    for (PersonaClient c : clients) c.whenSynced().onErrorResume(e -> Mono.empty()).block(Duration.ofMinutes(2));
    // Outcomes are delivered to subscribers after the client's state settles: wait for all of them.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (outcomes() < submitted.get() && System.nanoTime() < deadline) sleep(20);
  }

  /** How many submitted changes have an outcome. */
  int outcomes() {
    return acked.size() + refused.size() + lost.size() + failed.size();
  }

  /** How many changes were submitted. */
  int submitted() {
    return submitted.get();
  }

  private void change(PersonaClient client, Random random, String token) {
    int kind = random.nextInt(10);
    submitted.incrementAndGet();
    Mono<Void> outcome =
        client.submitWith(
            doc -> {
              Map<?, ?> d = (Map<?, ?>) doc;
              List<Component> parts = new ArrayList<>();
              String name = (String) d.get("name");
              List<?> goals = (List<?>) d.get("goals");
              if (kind < 4) {
                if (!name.isEmpty() && random.nextInt(3) == 0) {
                  int at = random.nextInt(name.length());
                  int len = Math.min(name.length() - at, 1 + random.nextInt(2));
                  // Never split a surrogate pair (json0 offsets are UTF-16 units).
                  if (!Character.isLowSurrogate(name.charAt(at)) && !Character.isHighSurrogate(name.charAt(at + len - 1))) {
                    parts.add(new Component.StringDelete(Path.of("name", at), name.substring(at, at + len)));
                  }
                } else {
                  int at = random.nextInt(name.length() + 1);
                  if (at > 0 && at < name.length() && Character.isLowSurrogate(name.charAt(at))) at--;
                  String[] words = {"a", "é", "😀", "Lee", " "};
                  parts.add(new Component.StringInsert(Path.of("name", at), words[random.nextInt(words.length)]));
                }
              } else if (kind < 6) {
                if (!goals.isEmpty() && random.nextBoolean()) {
                  int at = random.nextInt(goals.size());
                  parts.add(new Component.ListDelete(Path.of("goals", at), goals.get(at)));
                } else {
                  parts.add(new Component.ListInsert(Path.of("goals", random.nextInt(goals.size() + 1)), "goal " + token));
                }
              } else if (kind == 6) {
                Object age = ((Map<?, ?>) d.get("demographics")).get("age");
                parts.add(new Component.ObjectReplace(Path.of("demographics", "age"), age, 20 + random.nextInt(50)));
              } else if (kind == 7) {
                parts.add(new Component.ObjectReplace(Path.of("title"), d.get("title"), "Title " + token));
              }
              List<?> tokens = (List<?>) d.get("tokens");
              parts.add(new Component.ListInsert(Path.of("tokens", tokens.size()), token));
              return new Op(parts);
            });
    outcome.subscribe(
        v -> {},
        e -> {
          if (e instanceof RejectedChangeException) refused.add(token);
          else if (e instanceof ChangeLostException) lost.add(token);
          else failed.put(token, e.toString());
        },
        () -> acked.add(token));
  }

  void close() {
    for (PersonaClient c : clients) c.close().onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(10));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
