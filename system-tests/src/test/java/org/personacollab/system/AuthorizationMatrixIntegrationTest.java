package org.personacollab.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.personacollab.system.Auth.Grant;
import org.personacollab.system.Table.Expect;
import org.personacollab.testkit.Infra;
import org.personacollab.testkit.TestSocket;
import org.personacollab.testkit.WithInfra;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what (ADR 7, {@code docs/api/sessions.md}, {@code docs/protocol.md}), as tables: every
 * role and kind of caller against every REST action and socket frame, every kind of credential
 * against a facilitator's action and the socket handshake, every kind of invite against a join,
 * every {@code Origin} against the handshake. An allowed action must do what it says; a refused one
 * must answer its exact status and {@code code} (or nack, error or close code) <b>and change
 * nothing</b>: the session's status, participants, invites, document version, generation lock and
 * the number of active sessions are compared before and after each refusal, and a refused frame is
 * followed by a change of someone else that must be sequenced at the very version the refused one
 * would have taken.
 *
 * <p>Callers: the session's facilitator (alice), an editor (bob), a viewer (victor), a signed-in
 * user who is not a participant (carol, with her user token), a participant of another session
 * (carol's session token for that one), and an anonymous caller (no token). Forged tokens are made
 * with {@link Tokens}: session-service's real key with other claims, another key, {@code alg: none},
 * a payload changed under the original signature.
 *
 * <p>Then, as plain tests, what happens to what is already open: a role change, a removal, a
 * leave and a close reach the sockets and the tokens at once; a socket is closed 4401 when its
 * token expires. Runs on the {@link SharedSystem}.
 */
@WithInfra
@ExtendWith(SharedSystem.class)
@Order(1) // with the other users of the SharedSystem, before the classes that start their own
class AuthorizationMatrixIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static RunningSystem system;
  private static Auth auth;
  private static Tokens realKey;
  private static RedisClient redisClient;
  private static StatefulRedisConnection<String, String> redisConnection;
  private static RedisCommands<String, String> redis;
  /** carol's grant in another session: a valid session token, for the wrong session. */
  private static Grant carolElsewhere;

  /** The system shared with the other classes of the same settings (none of which matter here). */
  @BeforeAll
  static void start(RunningSystem shared) throws Exception {
    system = shared;
    auth = new Auth(system);
    realKey = Tokens.ofKeyFile(system.keyFile());
    redisClient = RedisClient.create(Infra.get().redisUri());
    redisConnection = redisClient.connect();
    redis = redisConnection.sync();
    String elsewhere = auth.create("Elsewhere", "olga").sessionId();
    carolElsewhere = auth.join(elsewhere, "carol", "editor");
  }

  @AfterAll
  static void stop() {
    if (redisConnection != null) redisConnection.close();
    if (redisClient != null) redisClient.shutdown();
  }

  // ----------------------------------------------------------------------------------------
  // Callers and the session they act on

  /** Who calls. */
  enum Actor {
    FACILITATOR,
    EDITOR,
    VIEWER,
    /** Signed in (a user token), not a participant. */
    OUTSIDER,
    /** A participant of another session, with that session's token. */
    OTHER_SESSION,
    ANONYMOUS;

    String column() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A session with alice (facilitator), bob (editor), victor (viewer), and a live viewer invite. */
  private record Fixture(String id, Grant alice, Grant bob, Grant victor, String carolUserToken, String inviteJti, String invite) {
    @Nullable String token(Actor actor) {
      return switch (actor) {
        case FACILITATOR -> alice.token();
        case EDITOR -> bob.token();
        case VIEWER -> victor.token();
        case OUTSIDER -> carolUserToken;
        case OTHER_SESSION -> carolElsewhere.token();
        case ANONYMOUS -> null;
      };
    }

    Grant grant(Actor actor) {
      return switch (actor) {
        case FACILITATOR -> alice;
        case EDITOR -> bob;
        case VIEWER -> victor;
        default -> throw new IllegalArgumentException(actor + " is not a participant");
      };
    }

    String path(String rest) {
      return "/api/sessions/" + id + rest;
    }
  }

  private static Fixture fixture(String label) throws Exception {
    Grant alice = auth.create(label, "alice");
    String id = alice.sessionId();
    Grant bob = auth.join(id, "bob", "editor");
    Grant victor = auth.join(id, "victor", "viewer");
    JsonNode invite = body(auth.send("POST", "/api/sessions/" + id + "/invites", alice.token(), "{\"role\":\"viewer\"}"), 201);
    return new Fixture(id, alice, bob, victor, auth.login("carol"), invite.path("jti").asString(), invite.path("token").asString());
  }

  /** Everything a refused action must leave as it was. */
  private record State(String status, List<String> participants, List<String> invites, long version, boolean generating, long activeSessions) {}

  private static State state(Fixture f) throws Exception {
    JsonNode details = body(read(f.path(""), f.alice().token()), 200);
    List<String> participants = new ArrayList<>();
    details.path("participants").forEach(p -> participants.add(p.path("user_id").asString() + ":" + p.path("role").asString()));
    List<String> invites = new ArrayList<>();
    body(read(f.path("/invites"), f.alice().token()), 200)
        .forEach(i -> invites.add(i.path("jti").asString() + (i.path("revoked").asBoolean() ? ":revoked" : ":live")));
    long active = body(read("/api/sessions?limit=1", f.carolUserToken()), 200).path("total").asLong();
    return new State(details.path("status").asString(), participants, invites, version(f.id()), generating(f.id()), active);
  }

  /**
   * A GET of the state snapshot around a refused action, asked again once if it times out. In one
   * clean-clone CI run (2026-11-27 09:51 UTC) one such GET through the gateway got no answer for
   * 20 s while the calls before and after it took milliseconds; the cause is not found yet (see
   * the stop note). The snapshot is not what this test proves, the refusals are.
   */
  private static HttpResponse<String> read(String path, String token) throws Exception {
    try {
      return auth.send("GET", path, token, null);
    } catch (java.net.http.HttpTimeoutException e) {
      System.err.println("[matrix] GET " + path + " timed out; asking once more");
      return auth.send("GET", path, token, null);
    }
  }

  private static long version(String sessionId) {
    String v = redis.hget(system.prefix + ":doc:" + sessionId, "v");
    return v == null ? 0 : Long.parseLong(v);
  }

  private static boolean generating(String sessionId) {
    return redis.exists(system.prefix + ":generation:" + sessionId) > 0;
  }

  // ----------------------------------------------------------------------------------------
  // REST: every caller against every action

  private static final String REST = """
      action            | facilitator   | editor        | viewer        | outsider              | other_session         | anonymous
      list_sessions     | 200           | 200           | 200           | 200                   | 200                   | 401 unauthorized
      create_session    | 403 forbidden | 403 forbidden | 403 forbidden | 201                   | 403 forbidden         | 401 unauthorized
      get_session       | 200           | 200           | 200           | 403 forbidden         | 403 forbidden         | 401 unauthorized
      list_participants | 200           | 200           | 200           | 403 forbidden         | 403 forbidden         | 401 unauthorized
      read_ops          | 200           | 200           | 200           | 403 forbidden         | 403 forbidden         | 401 unauthorized
      create_invite     | 201           | 403 forbidden | 403 forbidden | 403 forbidden         | 403 forbidden         | 401 unauthorized
      list_invites      | 200           | 403 forbidden | 403 forbidden | 403 forbidden         | 403 forbidden         | 401 unauthorized
      revoke_invite     | 204           | 403 forbidden | 403 forbidden | 403 forbidden         | 403 forbidden         | 401 unauthorized
      promote_viewer    | 200           | 403 forbidden | 403 forbidden | 403 forbidden         | 403 forbidden         | 401 unauthorized
      remove_viewer     | 204           | 403 forbidden | 403 forbidden | 403 forbidden         | 403 forbidden         | 401 unauthorized
      join_no_invite    | 403 forbidden | 403 forbidden | 403 forbidden | 403 not_a_participant | 403 forbidden         | 401 unauthorized
      join_with_invite  | 403 forbidden | 403 forbidden | 403 forbidden | 200                   | 403 forbidden         | 401 unauthorized
      leave             | 204           | 204           | 204           | 403 forbidden         | 403 forbidden         | 401 unauthorized
      close             | 200           | 403 forbidden | 403 forbidden | 403 forbidden         | 403 forbidden         | 401 unauthorized
      start_generation  | 202           | 202           | 403 forbidden | 403 not_a_participant | 403 not_a_participant | 401 unauthorized
      """;

  /** A REST call made with a caller's token ({@code null}: none). */
  @FunctionalInterface
  private interface Call {
    HttpResponse<String> send(Fixture f, @Nullable String token) throws Exception;
  }

  /** What an allowed call must have done. */
  @FunctionalInterface
  private interface Effect {
    void check(Fixture f, Actor actor, HttpResponse<String> response) throws Exception;
  }

  /** An action; {@code fresh}: when allowed it changes the session, so it gets a session of its own. */
  private record Action(boolean fresh, Call call, Effect effect) {}

  private static final Map<String, Action> ACTIONS = new LinkedHashMap<>();

  static {
    ACTIONS.put("list_sessions", new Action(false, (f, t) -> auth.send("GET", "/api/sessions?limit=100", t, null),
        (f, a, r) -> assertThat(body(r, 200).path("sessions").isArray()).isTrue()));
    ACTIONS.put("create_session", new Action(false, (f, t) -> auth.send("POST", "/api/sessions", t, "{\"name\":\"Made by a test\"}"),
        (f, a, r) -> {
          JsonNode grant = body(r, 201);
          assertThat(grant.path("role").asString()).isEqualTo("facilitator");
          assertThat(r.headers().firstValue("Location")).hasValue("/api/sessions/" + grant.path("session").path("id").asString());
        }));
    ACTIONS.put("get_session", new Action(false, (f, t) -> auth.send("GET", f.path(""), t, null),
        (f, a, r) -> {
          JsonNode session = body(r, 200);
          assertThat(session.path("id").asString()).isEqualTo(f.id());
          assertThat(session.path("participants")).extracting(p -> p.path("role").asString())
              .containsExactlyInAnyOrder("facilitator", "editor", "viewer");
        }));
    ACTIONS.put("list_participants", new Action(false, (f, t) -> auth.send("GET", f.path("/participants"), t, null),
        (f, a, r) -> assertThat(body(r, 200)).extracting(p -> p.path("user_id").asString())
            .containsExactlyInAnyOrder("dev:alice", "dev:bob", "dev:victor")));
    ACTIONS.put("read_ops", new Action(false, (f, t) -> auth.send("GET", f.path("/ops"), t, null),
        (f, a, r) -> assertThat(body(r, 200).path("version").asLong()).isEqualTo(version(f.id()))));
    ACTIONS.put("create_invite", new Action(false, (f, t) -> auth.send("POST", f.path("/invites"), t, "{\"role\":\"editor\"}"),
        (f, a, r) -> assertThat(state(f).invites()).contains(body(r, 201).path("jti").asString() + ":live")));
    ACTIONS.put("list_invites", new Action(false, (f, t) -> auth.send("GET", f.path("/invites"), t, null),
        (f, a, r) -> assertThat(body(r, 200)).extracting(i -> i.path("jti").asString()).contains(f.inviteJti())));
    ACTIONS.put("revoke_invite", new Action(true, (f, t) -> auth.send("DELETE", f.path("/invites/" + f.inviteJti()), t, null),
        (f, a, r) -> assertThat(state(f).invites()).contains(f.inviteJti() + ":revoked")));
    ACTIONS.put("promote_viewer", new Action(true, (f, t) -> auth.send("PUT", f.path("/participants/dev:victor/role"), t, "{\"role\":\"editor\"}"),
        (f, a, r) -> {
          assertThat(body(r, 200).path("role").asString()).isEqualTo("editor");
          assertThat(state(f).participants()).contains("dev:victor:editor");
        }));
    ACTIONS.put("remove_viewer", new Action(true, (f, t) -> auth.send("DELETE", f.path("/participants/dev:victor"), t, null),
        (f, a, r) -> assertThat(state(f).participants()).containsExactlyInAnyOrder("dev:alice:facilitator", "dev:bob:editor")));
    ACTIONS.put("join_no_invite", new Action(false, (f, t) -> auth.send("POST", f.path("/join"), t, "{}"),
        (f, a, r) -> { throw new AssertionError("nobody may join without an invite here"); }));
    ACTIONS.put("join_with_invite", new Action(true, (f, t) -> auth.send("POST", f.path("/join"), t, "{\"invite\":\"" + f.invite() + "\"}"),
        (f, a, r) -> {
          assertThat(body(r, 200).path("role").asString()).isEqualTo("viewer");
          assertThat(state(f).participants()).contains("dev:carol:viewer");
        }));
    ACTIONS.put("leave", new Action(true, (f, t) -> auth.send("POST", f.path("/leave"), t, null),
        (f, a, r) -> {
          assertThat(r.statusCode()).isEqualTo(204);
          String reader = a == Actor.FACILITATOR ? f.bob().token() : f.alice().token();
          assertThat(body(auth.send("GET", f.path("/participants"), reader, null), 200))
              .extracting(p -> p.path("user_id").asString())
              .hasSize(2)
              .doesNotContain(f.grant(a).userId());
        }));
    ACTIONS.put("close", new Action(true, (f, t) -> auth.send("POST", f.path("/close"), t, null),
        (f, a, r) -> {
          assertThat(body(r, 200).path("status").asString()).isEqualTo("closed");
          assertThat(state(f).status()).isEqualTo("closed");
        }));
    ACTIONS.put("start_generation", new Action(true, (f, t) -> auth.send("POST", f.path("/generations"), t, "{}"),
        (f, a, r) -> {
          assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
          assertThat(body(r, 202).path("generation_id").asString()).isNotBlank();
        }));
  }

  @TestFactory
  Stream<DynamicTest> rest_everyCallerAgainstEveryAction() throws Exception {
    Fixture shared = fixture("REST matrix");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, String> row : Table.parse(REST)) {
      Action action = ACTIONS.get(row.get("action"));
      for (Actor actor : Actor.values()) {
        Expect expect = Expect.of(row.get(actor.column()));
        tests.add(DynamicTest.dynamicTest(row.get("action") + " by " + actor.column() + " → " + expect, () -> {
          Fixture f = expect.allowed() && action.fresh() ? fixture(row.get("action") + " by " + actor.column()) : shared;
          State before = expect.allowed() ? null : state(f);
          HttpResponse<String> response = action.call().send(f, f.token(actor));
          if (expect.allowed()) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(expect.status());
            action.effect().check(f, actor, response);
          } else {
            assertRefused(response, expect);
            assertThat(state(f)).as("a refused %s changes nothing", row.get("action")).isEqualTo(before);
          }
        }));
      }
    }
    return tests.stream();
  }

  // ----------------------------------------------------------------------------------------
  // Credentials: a facilitator's action over REST, and the socket handshake

  private static final String CREDENTIALS = """
      credential           | create_invite         | socket
      session_token        | 201                   | 101
      other_session_token  | 403 forbidden         | 403 not_a_participant
      user_token           | 403 forbidden         | 403 not_a_participant
      invite_as_token      | 401 unauthorized      | 403 not_a_participant
      none                 | 401 unauthorized      | 401 unauthorized
      garbage              | 401 unauthorized      | 401 unauthorized
      expired              | 401 token_expired     | 401 token_expired
      other_key            | 401 unauthorized      | 401 unauthorized
      alg_none             | 401 unauthorized      | 401 unauthorized
      viewer_made_facilitator | 401 unauthorized   | 401 unauthorized
      other_sid_in_payload | 401 unauthorized      | 401 unauthorized
      removed_participant  | 403 not_a_participant | 403 not_a_participant
      left_participant     | 403 not_a_participant | 403 not_a_participant
      """;

  @TestFactory
  Stream<DynamicTest> credentials_restAndHandshake() throws Exception {
    Fixture f = fixture("Credentials");
    Grant rita = auth.join(f.id(), "rita", "editor");
    Grant lena = auth.join(f.id(), "lena", "editor");
    assertThat(auth.send("DELETE", f.path("/participants/dev:rita"), f.alice().token(), null).statusCode()).isEqualTo(204);
    assertThat(auth.send("POST", f.path("/leave"), lena.token(), null).statusCode()).isEqualTo(204);
    Map<String, @Nullable String> credentials = new LinkedHashMap<>();
    credentials.put("session_token", f.alice().token());
    credentials.put("other_session_token", carolElsewhere.token());
    credentials.put("user_token", auth.login("alice"));
    credentials.put("invite_as_token", f.invite());
    credentials.put("none", null);
    credentials.put("garbage", "not.a.jwt");
    credentials.put("expired", realKey.withExpiry(f.alice().token(), Instant.now().minus(Duration.ofHours(1))));
    credentials.put("other_key", Tokens.foreign(realKey.kid()).resign(f.alice().token(), Map.of()));
    credentials.put("alg_none", Tokens.unsigned(f.alice().token(), Map.of()));
    credentials.put("viewer_made_facilitator", Tokens.tampered(f.victor().token(), Map.of("role", "facilitator")));
    credentials.put("other_sid_in_payload", Tokens.tampered(carolElsewhere.token(), Map.of("sid", f.id())));
    credentials.put("removed_participant", rita.token());
    credentials.put("left_participant", lena.token());

    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, String> row : Table.parse(CREDENTIALS)) {
      String token = credentials.get(row.get("credential"));
      Expect rest = Expect.of(row.get("create_invite"));
      Expect socket = Expect.of(row.get("socket"));
      tests.add(DynamicTest.dynamicTest(row.get("credential") + ": create an invite → " + rest, () -> {
        State before = state(f);
        HttpResponse<String> response = auth.send("POST", f.path("/invites"), token, "{\"role\":\"editor\"}");
        if (rest.allowed()) {
          assertThat(response.statusCode()).as(response.body()).isEqualTo(rest.status());
        } else {
          assertRefused(response, rest);
          assertThat(state(f)).isEqualTo(before);
        }
      }));
      tests.add(DynamicTest.dynamicTest(row.get("credential") + ": open a socket → " + socket, () -> {
        Handshake.Answer answer = Handshake.attempt(system.gatewayPort, "/ws/sessions/" + f.id(),
            token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
        assertHandshake(answer, socket);
      }));
    }
    // The same through the browser's channel: the token as a bearer.<token> subprotocol.
    tests.add(DynamicTest.dynamicTest("session_token as a subprotocol → 101 persona.v1", () -> {
      Handshake.Answer answer = Handshake.attempt(system.gatewayPort, "/ws/sessions/" + f.id(),
          Map.of("Sec-WebSocket-Protocol", "persona.v1, bearer." + f.alice().token()));
      assertHandshake(answer, Expect.of("101"));
      assertThat(answer.headers().get("sec-websocket-protocol")).isEqualTo("persona.v1");
    }));
    tests.add(DynamicTest.dynamicTest("expired token as a subprotocol → 401 token_expired", () -> assertHandshake(
        Handshake.attempt(system.gatewayPort, "/ws/sessions/" + f.id(),
            Map.of("Sec-WebSocket-Protocol", "persona.v1, bearer." + credentials.get("expired"))),
        Expect.of("401 token_expired"))));
    return tests.stream();
  }

  // ----------------------------------------------------------------------------------------
  // Origin

  private static final String ORIGINS = """
      origin                        | answer
      -                             | 101
      http://localhost:5173         | 101
      http://127.0.0.1:3000         | 101
      https://evil.example          | 403 origin_not_allowed
      http://localhost.evil.example | 403 origin_not_allowed
      null                          | 403 origin_not_allowed
      """;

  @TestFactory
  Stream<DynamicTest> origin_onlyAllowedPagesMayOpenASocket() throws Exception {
    Fixture f = fixture("Origins");
    return Table.parse(ORIGINS).stream().map(row -> DynamicTest.dynamicTest(row.get("origin") + " → " + row.get("answer"), () -> {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Authorization", "Bearer " + f.bob().token());
      if (!row.get("origin").equals("-")) headers.put("Origin", row.get("origin"));
      assertHandshake(Handshake.attempt(system.gatewayPort, "/ws/sessions/" + f.id(), headers), Expect.of(row.get("answer")));
    }));
  }

  // ----------------------------------------------------------------------------------------
  // Joining: every kind of invite

  private static final String INVITES = """
      invite         | answer
      viewer_invite  | 200 viewer
      editor_invite  | 200 editor
      none           | 403 not_a_participant
      expired        | 403 invite_expired
      revoked        | 403 invite_revoked
      other_session  | 403 invite_invalid
      other_key      | 403 invite_invalid
      alg_none       | 403 invite_invalid
      role_raised    | 403 invite_invalid
      garbage        | 403 invite_invalid
      session_token  | 403 invite_invalid
      """;

  @TestFactory
  Stream<DynamicTest> join_everyKindOfInvite() throws Exception {
    Fixture f = fixture("Invites");
    Fixture other = fixture("Invites elsewhere");
    JsonNode shortLived = body(auth.send("POST", f.path("/invites"), f.alice().token(), "{\"role\":\"editor\",\"expires_in\":\"PT1S\"}"), 201);
    JsonNode revoked = body(auth.send("POST", f.path("/invites"), f.alice().token(), "{\"role\":\"editor\"}"), 201);
    assertThat(auth.send("DELETE", f.path("/invites/" + revoked.path("jti").asString()), f.alice().token(), null).statusCode()).isEqualTo(204);
    String editorInvite = body(auth.send("POST", f.path("/invites"), f.alice().token(), "{\"role\":\"editor\"}"), 201).path("token").asString();
    Map<String, @Nullable String> invites = new LinkedHashMap<>();
    invites.put("viewer_invite", f.invite());
    invites.put("editor_invite", editorInvite);
    invites.put("none", null);
    invites.put("expired", shortLived.path("token").asString());
    invites.put("revoked", revoked.path("token").asString());
    invites.put("other_session", other.invite());
    invites.put("other_key", Tokens.foreign(realKey.kid()).resign(f.invite(), Map.of()));
    invites.put("alg_none", Tokens.unsigned(f.invite(), Map.of()));
    invites.put("role_raised", Tokens.tampered(f.invite(), Map.of("role", "editor")));
    invites.put("garbage", "not.an.invite");
    invites.put("session_token", f.bob().token());
    // Wait until the short-lived invite is past its expiry (it is whole seconds).
    Instant expiry = Instant.parse(shortLived.path("expires_at").asString());
    while (!Instant.now().isAfter(expiry.plusMillis(50))) Thread.sleep(50);

    return Table.parse(INVITES).stream().map(row -> DynamicTest.dynamicTest(row.get("invite") + " → " + row.get("answer"), () -> {
      Expect expect = Expect.of(row.get("answer"));
      String name = "joiner" + SEQ.incrementAndGet();
      String userToken = auth.login(name);
      String invite = invites.get(row.get("invite"));
      State before = state(f);
      HttpResponse<String> response =
          auth.send("POST", f.path("/join"), userToken, invite == null ? "{}" : "{\"invite\":\"" + invite + "\"}");
      if (expect.allowed()) {
        JsonNode grant = body(response, 200);
        assertThat(grant.path("role").asString()).isEqualTo(expect.code());
        assertThat(Tokens.claims(grant.path("token").asString()).path("sid").asString()).isEqualTo(f.id());
        assertThat(state(f).participants()).contains("dev:" + name + ":" + expect.code());
      } else {
        assertRefused(response, expect);
        assertThat(state(f)).isEqualTo(before);
      }
    }));
  }

  // ----------------------------------------------------------------------------------------
  // Socket frames: every role against every frame

  private static final String FRAMES = """
      frame    | facilitator | editor    | viewer
      op       | applied     | applied   | nack forbidden
      edit     | applied     | applied   | error forbidden
      generate | started     | started   | error forbidden
      presence | forwarded   | forwarded | forwarded
      ping     | pong        | pong      | pong
      """;

  @TestFactory
  Stream<DynamicTest> socket_everyRoleAgainstEveryFrame() throws Exception {
    Fixture shared = fixture("Socket matrix");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, String> row : Table.parse(FRAMES)) {
      for (Actor actor : List.of(Actor.FACILITATOR, Actor.EDITOR, Actor.VIEWER)) {
        String frame = row.get("frame");
        Expect expect = Expect.of(row.get(actor.column()));
        tests.add(DynamicTest.dynamicTest(frame + " from " + actor.column() + " → " + expect, () -> {
          Fixture f = frame.equals("generate") && expect.allowed() ? fixture("generate by " + actor.column()) : shared;
          Grant sender = f.grant(actor);
          Grant watcher = actor == Actor.FACILITATOR ? f.bob() : f.alice();
          try (TestSocket observer = socket(watcher);
              TestSocket socket = socket(sender)) {
            observer.awaitType("welcome", WAIT);
            JsonNode welcome = socket.awaitType("welcome", WAIT);
            assertThat(welcome.path("role").asString()).isEqualTo(actor.column());
            long v = welcome.path("version").asLong();
            String clientId = welcome.path("clientId").asString();
            socket.send(switch (frame) {
              case "op" -> "{\"type\":\"op\",\"seq\":1,\"v\":" + v + ",\"op\":[{\"p\":[\"by_" + actor.column() + v + "\"],\"oi\":true}]}";
              case "edit" -> "{\"type\":\"edit\",\"path\":\"edited_by_" + actor.column() + "\",\"value\":" + v + "}";
              case "generate" -> "{\"type\":\"generate\"}";
              case "presence" -> "{\"type\":\"presence\",\"focus\":[\"name\"],\"caret\":2,\"v\":" + v + "}";
              default -> "{\"type\":\"ping\"}";
            });
            switch (expect.toString()) {
              case "applied" -> {
                // The previous case's op may still come after this welcome (the read model the
                // welcome is taken from trails the op stream by a moment): ours is the one from
                // this socket's client id, at the welcome's version or later.
                JsonNode op = ownOp(socket, clientId);
                assertThat(op.path("v").asLong()).isGreaterThanOrEqualTo(v);
                assertThat(op.path("user_id").asString()).isEqualTo(sender.userId());
                assertThat(ownOp(observer, clientId)).isEqualTo(op);
              }
              case "started" -> {
                assertThat(socket.awaitType("generation_started", WAIT).path("user_id").asString()).isEqualTo(sender.userId());
                assertThat(observer.awaitType("generation_started", WAIT).path("user_id").asString()).isEqualTo(sender.userId());
              }
              case "forwarded" -> {
                JsonNode presence = observer.awaitType("presence", WAIT);
                assertThat(presence.path("user_id").asString()).isEqualTo(sender.userId());
                assertThat(presence.path("client_id").asString()).isEqualTo(clientId);
                assertThat(presence.path("focus").toString()).isEqualTo("[\"name\"]");
                assertThat(presence.path("caret").asInt()).isEqualTo(2);
                assertThat(presence.path("v").asLong()).isEqualTo(v);
              }
              case "pong" -> socket.awaitType("pong", WAIT);
              case "nack forbidden" -> {
                JsonNode nack = socket.awaitType("nack", WAIT);
                assertThat(nack.path("seq").asLong()).isEqualTo(1);
                assertThat(nack.path("code").asString()).isEqualTo("forbidden");
                assertThat(nack.has("retryAfter")).as("forbidden is not retryable").isFalse();
                assertNothingSequencedSince(f, observer, v);
              }
              case "error forbidden" -> {
                assertThat(socket.awaitType("error", WAIT).path("code").asString()).isEqualTo("forbidden");
                assertThat(generating(f.id())).as("no generation runs").isFalse();
                assertNothingSequencedSince(f, observer, v);
                assertThat(observer.received()).noneMatch(m -> m.path("type").asString().startsWith("generation_"));
              }
              default -> throw new IllegalStateException("no check for " + expect);
            }
            assertThat(socket.isOpen()).as("a refused frame does not close the socket").isTrue();
          }
        }));
      }
    }
    return tests.stream();
  }

  /**
   * Proves that nothing was sequenced after version {@code v}: someone else's change, sent now, is
   * sequenced at exactly {@code v} (the sequencer has one order, so a refused change that had
   * slipped through would have taken it).
   */
  private static void assertNothingSequencedSince(Fixture f, TestSocket observer, long v) {
    observer.send("{\"type\":\"edit\",\"path\":\"barrier\",\"value\":" + v + "}");
    JsonNode op = observer.awaitType("op", WAIT);
    assertThat(op.path("v").asLong()).as("the next change after a refused one takes its version").isEqualTo(v);
    assertThat(op.path("op").toString()).contains("barrier");
  }

  // ----------------------------------------------------------------------------------------
  // Changes of role, removal, leaving and closing reach the sockets that are open

  @Test
  void roleChange_appliesToOpenSockets_andToGenerationsOverRest() throws Exception {
    Fixture f = fixture("Role changes");
    try (TestSocket alice = socket(f.alice());
        TestSocket bob = socket(f.bob());
        TestSocket victor = socket(f.victor())) {
      alice.awaitType("welcome", WAIT);
      long v = bob.awaitType("welcome", WAIT).path("version").asLong();
      victor.awaitType("welcome", WAIT);

      // bob becomes a viewer, victor an editor: each socket hears of both changes.
      body(auth.send("PUT", f.path("/participants/dev:bob/role"), f.alice().token(), "{\"role\":\"viewer\"}"), 200);
      body(auth.send("PUT", f.path("/participants/dev:victor/role"), f.alice().token(), "{\"role\":\"editor\"}"), 200);
      for (TestSocket s : List.of(alice, bob, victor)) {
        assertThat(s.awaitTypes("role_changed", 2, WAIT))
            .extracting(m -> m.path("user_id").asString() + "=" + m.path("role").asString())
            .containsExactly("dev:bob=viewer", "dev:victor=editor");
      }
      // bob's token still says editor; the session says viewer.
      bob.send("{\"type\":\"op\",\"seq\":1,\"v\":" + v + ",\"op\":[{\"p\":[\"bob\"],\"oi\":1}]}");
      assertThat(bob.awaitType("nack", WAIT).path("code").asString()).isEqualTo("forbidden");
      bob.send("{\"type\":\"generate\"}");
      assertThat(bob.awaitType("error", WAIT).path("code").asString()).isEqualTo("forbidden");
      assertRefused(auth.send("POST", f.path("/generations"), f.bob().token(), "{}"), Expect.of("403 forbidden"));
      assertThat(generating(f.id())).isFalse();
      assertNothingSequencedSince(f, alice, v);

      // victor's token still says viewer; the session says editor.
      victor.send("{\"type\":\"op\",\"seq\":1,\"v\":" + (v + 1) + ",\"op\":[{\"p\":[\"victor\"],\"oi\":1}]}");
      JsonNode op = victor.awaitTypes("op", 2, WAIT).get(1); // after alice's at v
      assertThat(op.path("user_id").asString()).isEqualTo("dev:victor");
      assertThat(op.path("v").asLong()).isEqualTo(v + 1);
      HttpResponse<String> generation = auth.send("POST", f.path("/generations"), f.victor().token(), "{}");
      assertThat(generation.statusCode()).as(generation.body()).isEqualTo(202);
      assertThat(victor.awaitType("generation_started", WAIT).path("user_id").asString()).isEqualTo("dev:victor");
    }
  }

  @Test
  void removal_closesTheSockets4403_othersAreTold_andEveryDoorIsShut() throws Exception {
    Fixture f = fixture("Removal");
    try (TestSocket alice = socket(f.alice());
        TestSocket bob = socket(f.bob())) {
      alice.awaitType("welcome", WAIT);
      long v = bob.awaitType("welcome", WAIT).path("version").asLong();

      assertThat(auth.send("DELETE", f.path("/participants/dev:bob"), f.alice().token(), null).statusCode()).isEqualTo(204);

      JsonNode left = alice.awaitType("user_left", WAIT);
      assertThat(left.path("user_id").asString()).isEqualTo("dev:bob");
      assertThat(left.path("reason").asString()).isEqualTo("removed");
      TestSocket.CloseStatus closed = bob.awaitClose(WAIT);
      assertThat(closed.code()).isEqualTo(4403);
      assertThat(closed.reason()).contains("removed");

      // bob's token is still signed and unexpired, but opens nothing.
      String token = f.bob().token();
      assertRefused(auth.send("GET", f.path(""), token, null), Expect.of("403 not_a_participant"));
      assertRefused(auth.send("GET", f.path("/ops"), token, null), Expect.of("403 not_a_participant"));
      assertRefused(auth.send("POST", f.path("/generations"), token, "{}"), Expect.of("403 not_a_participant"));
      assertHandshake(Handshake.attempt(system.gatewayPort, "/ws/sessions/" + f.id(), Map.of("Authorization", "Bearer " + token)),
          Expect.of("403 not_a_participant"));
      assertRefused(auth.send("POST", f.path("/join"), auth.login("bob"), "{}"), Expect.of("403 not_a_participant"));
      assertThat(generating(f.id())).isFalse();
      assertNothingSequencedSince(f, alice, v);
      // With a new invite he is back.
      assertThat(auth.join(f.id(), "bob", "viewer").role()).isEqualTo("viewer");
    }
  }

  @Test
  void close_tellsEverySocket4410_thenRefusesEveryChange410_butParticipantsStillRead() throws Exception {
    Fixture f = fixture("Closing");
    try (TestSocket alice = socket(f.alice());
        TestSocket victor = socket(f.victor())) {
      alice.awaitType("welcome", WAIT);
      victor.awaitType("welcome", WAIT);

      assertThat(body(auth.send("POST", f.path("/close"), f.alice().token(), null), 200).path("close_reason").asString()).isEqualTo("closed");

      for (TestSocket s : List.of(alice, victor)) {
        JsonNode frame = s.awaitType("session_closed", WAIT);
        assertThat(frame.path("reason").asString()).isEqualTo("closed");
        assertThat(frame.path("message").asString()).isEqualTo("The facilitator closed the session.");
        assertThat(s.awaitClose(WAIT).code()).isEqualTo(4410);
      }
    }
    long version = version(f.id());
    Expect gone = Expect.of("410 session_closed");
    assertRefused(auth.send("POST", f.path("/close"), f.alice().token(), null), gone);
    assertRefused(auth.send("POST", f.path("/invites"), f.alice().token(), "{}"), gone);
    assertRefused(auth.send("DELETE", f.path("/invites/" + f.inviteJti()), f.alice().token(), null), gone);
    assertRefused(auth.send("PUT", f.path("/participants/dev:bob/role"), f.alice().token(), "{\"role\":\"viewer\"}"), gone);
    assertRefused(auth.send("DELETE", f.path("/participants/dev:bob"), f.alice().token(), null), gone);
    assertRefused(auth.send("POST", f.path("/leave"), f.bob().token(), null), gone);
    assertRefused(auth.send("POST", f.path("/join"), auth.login("carol"), "{\"invite\":\"" + f.invite() + "\"}"), gone);
    assertRefused(auth.send("POST", f.path("/generations"), f.bob().token(), "{}"), gone);
    // A new socket is refused before the upgrade (docs/protocol.md: HTTP 410).
    assertHandshake(Handshake.attempt(system.gatewayPort, "/ws/sessions/" + f.id(), Map.of("Authorization", "Bearer " + f.bob().token())), gone);
    JsonNode session = body(auth.send("GET", f.path(""), f.bob().token(), null), 200);
    assertThat(session.path("status").asString()).isEqualTo("closed");
    assertThat(session.path("participants")).hasSize(3);
    assertThat(body(auth.send("GET", "/api/sessions?limit=100", auth.login("carol"), null), 200).path("sessions"))
        .extracting(s -> s.path("id").asString())
        .doesNotContain(f.id());
    assertThat(generating(f.id())).isFalse();
    assertThat(version(f.id())).isEqualTo(version);
  }

  @Test
  void leave_closesTheirSockets_thenTheTokenOpensNothing_untilJoiningAgainWithoutAnInvite() throws Exception {
    Fixture f = fixture("Leaving");
    try (TestSocket victor = socket(f.victor());
        TestSocket alice = socket(f.alice())) {
      victor.awaitType("welcome", WAIT);
      alice.awaitType("welcome", WAIT);
      assertThat(auth.send("POST", f.path("/leave"), f.victor().token(), null).statusCode()).isEqualTo(204);
      TestSocket.CloseStatus closed = victor.awaitClose(WAIT);
      assertThat(closed.code()).isEqualTo(4403);
      assertThat(closed.reason()).startsWith("not_a_participant").contains("left");
      JsonNode left = alice.awaitType("user_left", WAIT);
      assertThat(left.path("user_id").asString()).isEqualTo(f.victor().userId());
      assertThat(left.path("reason").asString()).isEqualTo("left");
    }
    assertRefused(auth.send("GET", f.path(""), f.victor().token(), null), Expect.of("403 not_a_participant"));
    assertHandshake(Handshake.attempt(system.gatewayPort, "/ws/sessions/" + f.id(), Map.of("Authorization", "Bearer " + f.victor().token())),
        Expect.of("403 not_a_participant"));
    JsonNode back = body(auth.send("POST", f.path("/join"), auth.login("victor"), null), 200);
    assertThat(back.path("role").asString()).as("back with the role they had").isEqualTo("viewer");
    try (TestSocket victor = TestSocket.connect(URI.create(system.ws(f.id())), WAIT,
        Map.of("Authorization", "Bearer " + back.path("token").asString()))) {
      assertThat(victor.awaitType("welcome", WAIT).path("role").asString()).isEqualTo("viewer");
    }
  }

  // ----------------------------------------------------------------------------------------
  // Tokens that expire

  @Test
  void openSocket_closed4401_whenItsTokenExpires() throws Exception {
    Fixture f = fixture("Expiry");
    Instant expiry = Instant.now().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // exp is whole seconds
    String shortLived = realKey.withExpiry(f.bob().token(), expiry);
    try (TestSocket bob = TestSocket.connect(URI.create(system.ws(f.id())), WAIT, Map.of("Authorization", "Bearer " + shortLived))) {
      long v = bob.awaitType("welcome", WAIT).path("version").asLong();
      bob.send("{\"type\":\"edit\",\"path\":\"before_expiry\",\"value\":true}");
      assertThat(bob.awaitType("op", WAIT).path("v").asLong()).isEqualTo(v);
      TestSocket.CloseStatus closed = bob.awaitClose(Duration.ofSeconds(15));
      assertThat(closed.code()).isEqualTo(4401);
      assertThat(closed.reason()).startsWith("token_expired");
      assertThat(Instant.now()).as("not before the token expired").isAfter(expiry.minusMillis(100));
    }
  }

  @Test
  void tokenExpiredJustNow_withinTheClockSkewTolerance_socketDoesNotOutliveIt() throws Exception {
    Fixture f = fixture("Just expired");
    String expired = realKey.withExpiry(f.bob().token(), Instant.now().minusSeconds(5));
    Handshake.Answer answer = Handshake.attempt(system.gatewayPort, "/ws/sessions/" + f.id(), Map.of("Authorization", "Bearer " + expired));
    if (!answer.upgraded()) {
      assertHandshake(answer, Expect.of("401 token_expired"));
      return;
    }
    // Accepted within the tolerance for clocks that differ: then closed as expired at once.
    try (TestSocket bob = TestSocket.connect(URI.create(system.ws(f.id())), WAIT, Map.of("Authorization", "Bearer " + expired))) {
      TestSocket.CloseStatus closed = bob.awaitClose(Duration.ofSeconds(10));
      assertThat(closed.code()).isEqualTo(4401);
      assertThat(closed.reason()).startsWith("token_expired");
    }
  }

  // ----------------------------------------------------------------------------------------
  // helpers

  private static TestSocket socket(Grant grant) {
    return TestSocket.connect(URI.create(system.ws(grant.sessionId())), WAIT, grant.header());
  }

  /** The body as JSON, after checking the status. */
  private static JsonNode body(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as("%s %s", response.request().uri(), response.body()).isEqualTo(status);
    return response.body().isBlank() ? tools.jackson.databind.node.NullNode.getInstance() : JSON.readTree(response.body());
  }

  /** A problem+json refusal with the expected status and code. */
  static void assertRefused(HttpResponse<String> response, Expect expect) {
    assertThat(response.statusCode()).as("%s %s", response.request().uri(), response.body()).isEqualTo(expect.status());
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("code").asString()).as(response.body()).isEqualTo(expect.code());
    assertThat(problem.path("status").asInt()).isEqualTo(expect.status());
    if (expect.status() == 401) assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
  }

  /** A handshake upgraded (101), or refused before the upgrade with a problem of the expected code. */
  static void assertHandshake(Handshake.Answer answer, Expect expect) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(expect.status());
    if (expect.status() == 101) return;
    assertThat(answer.upgraded()).as("no upgrade: %s", answer).isFalse();
    assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(answer.code()).as(answer.toString()).isEqualTo(expect.code());
  }

  /** The next op from {@code clientId} on {@code socket} (ops of other clients are passed over). */
  private static JsonNode ownOp(TestSocket socket, String clientId) {
    for (;;) {
      JsonNode op = socket.awaitType("op", WAIT);
      if (clientId.equals(op.path("src").asString())) return op;
    }
  }
}
