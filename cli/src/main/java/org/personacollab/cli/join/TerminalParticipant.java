package org.personacollab.cli.join;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.CliException;
import org.personacollab.cli.Json;
import org.personacollab.cli.api.Participant;
import org.personacollab.client.ConnectionRefusedException;
import org.personacollab.client.ConnectionState;
import org.personacollab.client.DocumentEvent;
import org.personacollab.client.PersonaClient;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.ot.crdt.CrdtDocument;
import org.personacollab.protocol.frame.ErrorFrame;
import org.personacollab.protocol.frame.GenerationComplete;
import org.personacollab.protocol.frame.GenerationCancelled;
import org.personacollab.protocol.frame.GenerationFailed;
import org.personacollab.protocol.frame.GenerationStarted;
import org.personacollab.protocol.frame.RoleChanged;
import org.personacollab.protocol.frame.ServerFrame;
import org.personacollab.protocol.frame.SessionClosed;
import org.personacollab.protocol.frame.UserJoined;
import org.personacollab.protocol.frame.UserLeft;
import org.personacollab.protocol.frame.Welcome;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * A participant of a session in the terminal: connects the {@link PersonaClient}, prints the
 * persona and who is here, then one line per live event, and applies the commands it reads, one
 * per line, from any input stream (a terminal, a pipe, a file). See {@link InputLine#HELP}.
 *
 * <h2>Output</h2>
 *
 * <pre>
 * Joined "Workshop 2025-01-15" (k3v9x2m7qa) as bob, editor.
 * { "name": "Sarah", ... }
 * Here: alice (facilitator), bob (you, editor)
 * + carol joined (viewer)                      presence
 * * alice: set demographics.age = 34           someone else's change, as it arrives
 * ok: set name = "Ada"                         our change, once the server sequenced it
 * persona: the server refused ...              on stderr: a refused change or a bad command
 * </pre>
 *
 * <h2>Ending</h2>
 *
 * {@code quit} or the end of the input waits (up to the timeout) until every change sent has an
 * outcome, then leaves: exit code 0, or 1 if any command failed (not a command, a path that does
 * not fit the persona, a change the server refused or did not confirm), so a script can tell. The session
 * being closed ends it with 0; the server dropping this participant for good (removed, token
 * revoked) with 1. Without an input ({@code --watch}) it runs until one of those or Ctrl-C.
 *
 * <h2>Threads</h2>
 *
 * Client events arrive on the client's threads and only print (through {@link Console}); commands
 * run on one input thread; the calling thread connects, then waits for the end.
 */
public final class TerminalParticipant {
  /** How long leaving waits for the socket's close handshake. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  /** How a run ended. */
  enum Ending {
    QUIT,
    END_OF_INPUT,
    SESSION_CLOSED,
    CONNECTION_ENDED
  }

  /**
   * The session as the REST API described it on joining.
   *
   * @param id the session id
   * @param name its name
   * @param self this participant (user id, name, role)
   * @param directory the session's active participants, for names and roles (may be empty)
   */
  public record Session(String id, String name, Participant self, List<Participant> directory) {
    public Session {
      directory = List.copyOf(directory);
    }
  }

  private final PersonaClient client;
  private final Session session;
  private final Duration timeout;
  private final Console console;
  private final Roster roster;
  private final CompletableFuture<Ending> done = new CompletableFuture<>();
  private final List<CompletableFuture<Void>> outcomes = new CopyOnWriteArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicReference<@Nullable ConnectionState> lastState = new AtomicReference<>();
  private volatile boolean welcomed;
  private volatile boolean offline;

  /**
   * @param client a client not connected yet, for {@code session}, with a session token
   * @param timeout how long to wait for the first welcome, and on leaving for outcomes
   */
  public TerminalParticipant(PersonaClient client, Session session, PrintWriter out, PrintWriter err, Duration timeout) {
    this.client = client;
    this.session = session;
    this.timeout = timeout;
    this.console = new Console(out, err);
    this.roster = new Roster(session.self(), session.directory());
  }

  /**
   * Switches to offline mode (the server merges with {@code conflict_resolution: crdt},
   * docs/offline.md): {@code set} of a value, {@code add}, and {@code unset} of a field or a list
   * item become CRDT changes ({@link PersonaClient#crdt()}), which wait through a lost connection
   * and merge when it is back; anything else ({@code set} of an object or list, a path through a
   * list item) stays a json0 change.
   */
  public TerminalParticipant offlineMode(boolean on) {
    this.offline = on;
    return this;
  }

  /**
   * Runs the participant until it ends.
   *
   * @param input where commands come from, one per line; null to only watch
   * @return the exit code: 0, or 1 when a command failed, a change was refused or not confirmed,
   *     or the server ended the connection
   * @throws CliException when the server refuses the connection or does not welcome it in time
   */
  public int run(@Nullable InputStream input) {
    List<Disposable> subscriptions = List.of(
        client.frames().subscribe(this::onFrame, e -> { }),
        client.changes().subscribe(this::onChange, e -> { }),
        client.states().subscribe(this::onState, e -> { }, () -> end(Ending.CONNECTION_ENDED)));
    Thread closeOnExit = new Thread(this::close, "persona-join-close");
    Runtime.getRuntime().addShutdownHook(closeOnExit);
    try {
      connect();
      printWelcome(input == null);
      console.open();
      if (input != null) {
        readCommands(input);
      }
      return finish(done.join());
    } finally {
      close();
      subscriptions.forEach(Disposable::dispose);
      try {
        Runtime.getRuntime().removeShutdownHook(closeOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to: nothing to undo
      }
    }
  }

  private void connect() {
    try {
      client.connect().timeout(timeout).block();
    } catch (RuntimeException e) {
      Throwable cause = Exceptions.unwrap(e);
      if (cause instanceof ConnectionRefusedException refused) {
        throw new CliException(ClientErrors.refused(session.id(), refused), refused);
      }
      if (cause instanceof TimeoutException) {
        throw new CliException("no welcome from session " + session.id() + " within " + timeout.toSeconds()
            + " s; is the gateway running? (try again, or raise --timeout)", cause);
      }
      throw e;
    }
  }

  private void printWelcome(boolean watching) {
    welcomed = true;
    console.now("Joined \"" + session.name() + "\" (" + session.id() + ") as " + session.self().name() + ", "
        + session.self().role() + ".");
    console.now(documentText(client.document()));
    console.now("Here: " + roster.describe());
    console.now(watching ? "Watching; Ctrl-C to leave." : "Type help for commands, quit to leave.");
  }

  private static String documentText(@Nullable Object document) {
    Object shown = CrdtDocument.withoutState(document); // the offline mode's bookkeeping is not the persona
    return shown instanceof Map<?, ?> map && map.isEmpty() ? "(the persona is empty)" : Json.prettyPlain(shown);
  }

  // ---- input ----

  private void readCommands(InputStream input) {
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
        String line;
        while (!done.isDone() && (line = lines.readLine()) != null) {
          if (!handle(InputLine.parse(line))) {
            end(Ending.QUIT);
            return;
          }
        }
        end(Ending.END_OF_INPUT);
      } catch (IOException e) {
        console.problem("reading commands failed: " + e.getMessage());
        end(Ending.END_OF_INPUT);
      }
    }, "persona-join-input");
    reader.setDaemon(true); // a terminal read cannot be interrupted; it must not keep the JVM alive
    reader.start();
  }

  /** Carries out one command; false for quit. */
  boolean handle(InputLine line) {
    if (offline && handleOffline(line)) return true;
    if (line instanceof InputLine.Set set) {
      submit(doc -> FieldEdits.set(doc, set.path(), set.value()));
    } else if (line instanceof InputLine.Add add) {
      submit(doc -> FieldEdits.add(doc, add.path(), add.value()));
    } else if (line instanceof InputLine.Unset unset) {
      submit(doc -> FieldEdits.unset(doc, unset.path()));
    } else if (line instanceof InputLine.Show show) {
      show(show.path());
    } else if (line instanceof InputLine.Who) {
      console.line("Here: " + roster.describe());
    } else if (line instanceof InputLine.Help) {
      InputLine.HELP.forEach(console::line);
    } else if (line instanceof InputLine.Invalid invalid) {
      failures.incrementAndGet();
      console.problem(invalid.message());
    } else if (line instanceof InputLine.Quit) {
      return false;
    }
    return true;
  }

  /** A command as CRDT changes (offline mode); false when it is not expressible as such. */
  private boolean handleOffline(InputLine line) {
    if (line instanceof InputLine.Set set) {
      List<String> path = names(set.path());
      if (path == null || set.value() instanceof Map<?, ?> || set.value() instanceof List<?>) return false;
      submitCrdt(client.crdt().set(path, set.value()), "set " + FieldPath.render(path) + " = " + JsonCodec.write(set.value()));
      return true;
    }
    if (line instanceof InputLine.Add add) {
      List<String> path = names(add.path());
      if (path == null) return false;
      submitCrdt(client.crdt().add(path, add.value()), "added " + JsonCodec.write(add.value()) + " to " + FieldPath.render(path));
      return true;
    }
    if (line instanceof InputLine.Unset unset) {
      List<Object> at = unset.path();
      Optional<FieldEdits.Found> found = FieldEdits.lookup(client.document(), at);
      if (found.isEmpty()) return false; // the json0 path says what is missing
      Object value = found.get().value();
      List<String> list = at.size() >= 2 ? names(at.subList(0, at.size() - 1)) : null;
      if (list != null && at.get(at.size() - 1) instanceof Integer index) {
        submitCrdt(client.crdt().removeAt(list, index), "removed " + JsonCodec.write(value) + " from " + FieldPath.render(list));
        return true;
      }
      List<String> path = names(at);
      if (path != null && !(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
        submitCrdt(client.crdt().set(path, null), "removed " + FieldPath.render(path));
        return true;
      }
    }
    return false;
  }

  /** The path as field names, or null when it goes through a list item. */
  private static @Nullable List<String> names(List<Object> path) {
    List<String> out = new ArrayList<>();
    for (Object s : path) {
      if (!(s instanceof String name)) return null;
      out.add(name);
    }
    return out.isEmpty() ? null : out;
  }

  private void submitCrdt(Mono<Void> change, String what) {
    CompletableFuture<Void> outcome = new CompletableFuture<>();
    outcomes.add(outcome);
    change.subscribe(
        ignored -> { },
        error -> {
          failures.incrementAndGet();
          console.problem(what + ": " + ClientErrors.failed(null, error));
          outcome.complete(null);
        },
        () -> {
          console.line("ok: " + what);
          outcome.complete(null);
        });
  }

  private void submit(Function<@Nullable Object, Op> edit) {
    AtomicReference<@Nullable Op> made = new AtomicReference<>();
    CompletableFuture<Void> outcome = new CompletableFuture<>();
    outcomes.add(outcome);
    client.submitWith(doc -> {
      Op op = edit.apply(doc);
      made.set(op);
      return op;
    }).subscribe(
        ignored -> { },
        error -> {
          failures.incrementAndGet();
          console.problem(ClientErrors.failed(made.get(), error));
          outcome.complete(null);
        },
        () -> {
          Op op = made.get();
          console.line("ok: " + (op == null ? "no change" : OpText.describe(op)));
          outcome.complete(null);
        });
  }

  private void show(@Nullable List<Object> path) {
    Object document = client.document();
    if (path == null) {
      console.line(documentText(document));
      return;
    }
    try {
      Optional<FieldEdits.Found> found = FieldEdits.lookup(document, path);
      console.line(found.isPresent()
          ? FieldPath.render(path) + " = " + Json.prettyPlain(found.get().value())
          : "there is nothing at " + FieldPath.render(path));
    } catch (EditException e) {
      failures.incrementAndGet();
      console.problem(e.getMessage());
    }
  }

  // ---- events ----

  private void onChange(DocumentEvent event) {
    if (event.kind() == DocumentEvent.Kind.REMOTE && offline && roster.isSelf(event.author())) {
      return; // our own merge coming back: its "ok:" line says it
    }
    if (event.kind() == DocumentEvent.Kind.REMOTE) {
      console.line("* " + roster.nameOf(event.author()) + ": " + OpText.describe(event.op()));
    } else if (event.kind() == DocumentEvent.Kind.RESET && welcomed) {
      console.line("The persona was reloaded from the server (version " + event.version()
          + "); changes not yet confirmed were lost. It is now:");
      console.line(documentText(event.document()));
    }
  }

  private void onFrame(ServerFrame frame) {
    if (frame instanceof Welcome welcome) {
      roster.welcome(welcome);
    } else if (frame instanceof UserJoined joined) {
      if (roster.joined(joined) && !roster.isSelf(joined.userId())) {
        console.line("+ " + joined.name() + " joined (" + joined.role() + ")");
      }
    } else if (frame instanceof UserLeft left) {
      if (roster.isSelf(left.userId()) && "removed".equals(left.reason())) {
        console.line("You were removed from the session by the facilitator.");
      } else if (roster.left(left) && !roster.isSelf(left.userId())) {
        console.line("- " + left.name() + " left" + ("removed".equals(left.reason()) ? " (removed by the facilitator)" : ""));
      }
    } else if (frame instanceof RoleChanged changed) {
      roster.roleChanged(changed);
      console.line(roster.isSelf(changed.userId())
          ? "You are now " + changed.role() + "."
          : roster.nameOf(changed.userId()) + " is now " + changed.role() + ".");
    } else if (frame instanceof SessionClosed closed) {
      console.line("The session was closed: " + closed.message());
      end(Ending.SESSION_CLOSED);
    } else if (frame instanceof ErrorFrame error) {
      console.problem("the server: " + error.message() + " (" + error.code() + ")");
    } else if (frame instanceof GenerationStarted started) {
      console.line("* " + roster.nameOf(started.userId()) + " started generating a persona…");
    } else if (frame instanceof GenerationComplete) {
      console.line("* The generated persona is ready; it arrives as a change.");
    } else if (frame instanceof GenerationFailed failed) {
      console.line("* Generating the persona failed: " + failed.message() + " (" + failed.code() + ")");
    } else if (frame instanceof GenerationCancelled cancelled) {
      console.line("* " + roster.nameOf(cancelled.by()) + " cancelled the generation.");
    }
  }

  private void onState(ConnectionState state) {
    ConnectionState before = lastState.getAndSet(state);
    if (done.isDone()) {
      return; // leaving: the socket's end is expected (a closed session's 4410, our own close)
    }
    if (state == ConnectionState.RECONNECTING && before != ConnectionState.RECONNECTING) {
      console.line("Connection lost; reconnecting…");
    } else if (state == ConnectionState.CONNECTED && before == ConnectionState.RECONNECTING) {
      console.line("Reconnected.");
    }
  }

  // ---- ending ----

  private void end(Ending ending) {
    done.complete(ending);
  }

  private int finish(Ending ending) {
    switch (ending) {
      case SESSION_CLOSED:
        return 0;
      case CONNECTION_ENDED:
        console.problem("the server ended the connection to session " + session.id()
            + " (were you removed, or did your sign-in end?)");
        return 1;
      default:
        break;
    }
    try {
      CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      long open = outcomes.stream().filter(f -> !f.isDone()).count();
      console.problem(open + (open == 1 ? " change was" : " changes were") + " not confirmed by the server within "
          + timeout.toSeconds() + " s; " + (open == 1 ? "it" : "they") + " may be lost");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (ExecutionException e) {
      // outcomes only ever complete normally
    }
    int failed = failures.get();
    if (failed > 0) {
      console.problem(failed + (failed == 1 ? " command" : " commands") + " did not go through (see above)");
      return 1;
    }
    return 0;
  }

  private void close() {
    try {
      client.close().block(CLOSE_WAIT);
    } catch (RuntimeException e) {
      // leaving anyway: the server notices the socket's end
    }
  }
}
