package org.personacollab.session.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.personacollab.platform.redis.RedisKeys;
import org.personacollab.session.domain.Participant;
import org.personacollab.session.domain.Role;
import org.personacollab.session.domain.Session;
import org.personacollab.session.domain.SessionStore;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions in Redis. Keys (under the deployment's prefix, {@code persona:} by default):
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@code session:<id>}</td><td>string</td><td>the session as JSON</td></tr>
 *   <tr><td>{@code sessions:active}</td><td>sorted set</td><td>active session ids, score = creation
 *       (epoch ms); listing is newest first</td></tr>
 *   <tr><td>{@code session:<id>:participants}</td><td>hash</td><td>user id → participant JSON
 *       ({@code user_id, name, role, joined_at, status})</td></tr>
 *   <tr><td>{@code user:<user id>:sessions}</td><td>sorted set</td><td>the sessions a user is an
 *       active participant of, score = the session's creation; closed ones are dropped lazily</td></tr>
 *   <tr><td>{@code sessions:activity}</td><td>sorted set</td><td>last activity per active session
 *       (epoch ms), written here and by gateways: see {@code IdleSessionSweeper} for the contract</td></tr>
 * </table>
 *
 * Every change runs as one Lua script, so that its checks ({@code max_sessions},
 * {@code max_participants_per_session}, session still active, participant still active, last
 * facilitator) and its writes cannot interleave with another instance's. Scripts read participant
 * JSON with Redis's built-in {@code cjson}. Activity is only ever moved forward.
 */
public final class RedisSessionStore implements SessionStore {
  /** Moves a member's score forward, never back (ZADD GT needs Redis 6.2; this runs on older ones too). */
  private static final String TOUCH =
      """
      local function touch(key, member, score)
        local s = redis.call('ZSCORE', key, member)
        if (not s) or tonumber(s) < tonumber(score) then redis.call('ZADD', key, score, member) end
      end
      """;

  private static final RedisScript<Long> CREATE =
      RedisScript.of(
          """
          if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return -1 end
          if not redis.call('SET', KEYS[2], ARGV[4], 'NX') then return 0 end
          redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
          redis.call('HSET', KEYS[3], ARGV[5], ARGV[6])
          redis.call('ZADD', KEYS[4], ARGV[2], ARGV[3])
          redis.call('ZADD', KEYS[5], ARGV[2], ARGV[3])
          return 1
          """,
          Long.class);

  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> JOIN =
      RedisScript.of(
          TOUCH
              + """
              if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {'closed'} end
              local existing = redis.call('HGET', KEYS[2], ARGV[2])
              local current = nil
              if existing then current = cjson.decode(existing) end
              if current and current.status == 'active' then return {'already_active', existing} end
              local record
              if ARGV[3] == 'rejoin' then
                if not current then return {'not_a_participant'} end
                if current.status == 'removed' then return {'removed'} end
                current.status = 'active'
                current.name = ARGV[7]
                record = cjson.encode(current)
              else
                record = ARGV[4]
                if current then
                  local c = cjson.decode(record)
                  c.joined_at = current.joined_at
                  record = cjson.encode(c)
                end
              end
              local count = 0
              for _, v in ipairs(redis.call('HVALS', KEYS[2])) do
                if cjson.decode(v).status == 'active' then count = count + 1 end
              end
              if count >= tonumber(ARGV[5]) then return {'full'} end
              redis.call('HSET', KEYS[2], ARGV[2], record)
              redis.call('ZADD', KEYS[3], ARGV[8], ARGV[1])
              touch(KEYS[4], ARGV[1], ARGV[6])
              if ARGV[3] == 'rejoin' then return {'rejoined', record} end
              return {'joined', record}
              """,
          List.class);

  /** Counts the active facilitators of a participants hash. */
  private static final String FACILITATORS =
      """
      local function facilitators(key)
        local n = 0
        for _, v in ipairs(redis.call('HVALS', key)) do
          local q = cjson.decode(v)
          if q.status == 'active' and q.role == 'facilitator' then n = n + 1 end
        end
        return n
      end
      """;

  /** Sets an active participant's status (ARGV[3]) or role (ARGV[6]); returns the record before. */
  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> CHANGE =
      RedisScript.of(
          TOUCH
              + FACILITATORS
              + """
              if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {'closed'} end
              local existing = redis.call('HGET', KEYS[2], ARGV[2])
              if not existing then return {'not_a_participant'} end
              local p = cjson.decode(existing)
              if p.status ~= 'active' then return {'not_a_participant'} end
              if ARGV[6] ~= '' and p.role == ARGV[6] then return {'unchanged', existing} end
              local demotes = ARGV[3] == 'removed' or (ARGV[6] ~= '' and ARGV[6] ~= 'facilitator')
              if ARGV[5] == '1' and demotes and p.role == 'facilitator' and facilitators(KEYS[2]) <= 1 then
                return {'last_facilitator'}
              end
              if ARGV[3] ~= '' then
                p.status = ARGV[3]
                redis.call('ZREM', KEYS[3], ARGV[1])
              end
              if ARGV[6] ~= '' then p.role = ARGV[6] end
              redis.call('HSET', KEYS[2], ARGV[2], cjson.encode(p))
              touch(KEYS[4], ARGV[1], ARGV[4])
              return {'changed', existing}
              """,
          List.class);

  private static final RedisScript<Long> CLOSE =
      RedisScript.of(
          """
          local created = redis.call('ZSCORE', KEYS[1], ARGV[1])
          if not created then return 0 end
          if ARGV[3] ~= '' then
            local last = tonumber(redis.call('ZSCORE', KEYS[3], ARGV[1]) or created)
            if last < tonumber(created) then last = tonumber(created) end
            if last > tonumber(ARGV[3]) then return -1 end
          end
          redis.call('ZREM', KEYS[1], ARGV[1])
          redis.call('ZREM', KEYS[3], ARGV[1])
          redis.call('SET', KEYS[2], ARGV[2])
          return 1
          """,
          Long.class);

  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> IDLE =
      RedisScript.of(
          """
          local out = {}
          for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])) do
            local last = redis.call('ZSCORE', KEYS[2], id)
            if (not last) or tonumber(last) <= tonumber(ARGV[1]) then
              out[#out + 1] = id
              if #out >= tonumber(ARGV[2]) then break end
            end
          end
          -- marks a gateway wrote for a session that is closed by now
          for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 1000)) do
            if not redis.call('ZSCORE', KEYS[1], id) then redis.call('ZREM', KEYS[2], id) end
          end
          return out
          """,
          List.class);

  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> LIST_FOR_USER =
      RedisScript.of(
          """
          local live = {}
          for _, id in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, -1)) do
            if redis.call('ZSCORE', KEYS[2], id) then live[#live + 1] = id else redis.call('ZREM', KEYS[1], id) end
          end
          local out = {tostring(#live)}
          local last = math.min(tonumber(ARGV[1]) + tonumber(ARGV[2]), #live)
          for i = tonumber(ARGV[1]) + 1, last do out[#out + 1] = live[i] end
          return out
          """,
          List.class);

  private static final RedisScript<Long> MARK =
      RedisScript.of(TOUCH + "touch(KEYS[1], ARGV[1], ARGV[2])\nreturn 1\n", Long.class);

  private final ReactiveStringRedisTemplate redis;
  private final RedisKeys keys;
  private final JsonMapper json;

  public RedisSessionStore(ReactiveStringRedisTemplate redis, RedisKeys keys, JsonMapper json) {
    this.redis = redis;
    this.keys = keys;
    this.json = json;
  }

  private String sessionKey(String id) {
    return keys.key("session", id);
  }

  private String participantsKey(String id) {
    return keys.key("session", id, "participants");
  }

  private String userSessionsKey(String userId) {
    return keys.key("user", userId, "sessions");
  }

  private String activeIndex() {
    return keys.key("sessions", "active");
  }

  /** The sorted set of activity marks; gateways write it too (see {@code IdleSessionSweeper}). */
  public String activityIndex() {
    return keys.key("sessions", "activity");
  }

  @Override
  public Mono<CreateOutcome> create(Session session, Participant facilitator, int maxActive) {
    String created = Long.toString(session.createdAt().toEpochMilli());
    List<String> args =
        List.of(
            Integer.toString(maxActive),
            created,
            session.id(),
            json.writeValueAsString(session),
            facilitator.userId(),
            json.writeValueAsString(facilitator));
    List<String> scriptKeys =
        List.of(activeIndex(), sessionKey(session.id()), participantsKey(session.id()), userSessionsKey(facilitator.userId()), activityIndex());
    return redis
        .execute(CREATE, scriptKeys, args)
        .next()
        .map(
            result ->
                switch (result.intValue()) {
                  case 1 -> CreateOutcome.CREATED;
                  case 0 -> CreateOutcome.ID_TAKEN;
                  default -> CreateOutcome.LIMIT_REACHED;
                });
  }

  @Override
  public Mono<Session> find(String id) {
    return redis.opsForValue().get(sessionKey(id)).map(this::decodeSession);
  }

  @Override
  public Flux<Session> listActive(int offset, int limit) {
    if (limit <= 0) return Flux.empty();
    Range<Long> range = Range.closed((long) offset, (long) offset + limit - 1);
    return redis.opsForZSet().reverseRange(activeIndex(), range).collectList().flatMapMany(this::sessionsInOrder);
  }

  @Override
  public Mono<Long> countActive() {
    return redis.opsForZSet().size(activeIndex());
  }

  @Override
  public Mono<Page> listActiveFor(String userId, int offset, int limit) {
    return multi(LIST_FOR_USER, List.of(userSessionsKey(userId), activeIndex()), List.of(Integer.toString(offset), Integer.toString(limit)))
        .flatMap(reply -> {
          long total = Long.parseLong(reply.get(0));
          return sessionsInOrder(reply.subList(1, reply.size())).collectList().map(sessions -> new Page(sessions, total));
        });
  }

  private Flux<Session> sessionsInOrder(List<String> ids) {
    if (ids.isEmpty()) return Flux.empty();
    return redis.opsForValue()
        .multiGet(ids.stream().map(this::sessionKey).toList())
        .flatMapIterable(values -> values.stream().filter(Objects::nonNull).map(this::decodeSession).toList());
  }

  @Override
  public Flux<Participant> participants(String sessionId) {
    return redis.<String, String>opsForHash().values(participantsKey(sessionId)).map(this::decodeParticipant);
  }

  @Override
  public Mono<Participant> participant(String sessionId, String userId) {
    return redis.<String, String>opsForHash().get(participantsKey(sessionId), userId).map(this::decodeParticipant);
  }

  @Override
  public Mono<JoinResult> join(String sessionId, Participant candidate, JoinMode mode, int maxParticipants, Instant now) {
    return find(sessionId)
        .flatMap(session -> multi(
            JOIN,
            List.of(activeIndex(), participantsKey(sessionId), userSessionsKey(candidate.userId()), activityIndex()),
            List.of(
                sessionId,
                candidate.userId(),
                mode == JoinMode.INVITE ? "invite" : "rejoin",
                json.writeValueAsString(candidate),
                Integer.toString(maxParticipants),
                Long.toString(now.toEpochMilli()),
                candidate.name(),
                Long.toString(session.createdAt().toEpochMilli()))))
        .map(reply -> new JoinResult(JoinOutcome.valueOf(reply.get(0).toUpperCase(java.util.Locale.ROOT)),
            reply.size() > 1 ? decodeParticipant(reply.get(1)) : null))
        .defaultIfEmpty(new JoinResult(JoinOutcome.CLOSED, null));
  }

  @Override
  public Mono<ChangeResult> leave(String sessionId, String userId, Instant now) {
    return change(sessionId, userId, "left", null, false, now);
  }

  @Override
  public Mono<ChangeResult> remove(String sessionId, String userId, Instant now) {
    return change(sessionId, userId, "removed", null, true, now);
  }

  @Override
  public Mono<ChangeResult> changeRole(String sessionId, String userId, Role role, Instant now) {
    return change(sessionId, userId, null, role, true, now);
  }

  private Mono<ChangeResult> change(
      String sessionId, String userId, @Nullable String status, @Nullable Role role, boolean guardLastFacilitator, Instant now) {
    return multi(
            CHANGE,
            List.of(activeIndex(), participantsKey(sessionId), userSessionsKey(userId), activityIndex()),
            List.of(
                sessionId,
                userId,
                status == null ? "" : status,
                Long.toString(now.toEpochMilli()),
                guardLastFacilitator ? "1" : "0",
                role == null ? "" : role.wire()))
        .map(reply -> new ChangeResult(ChangeOutcome.valueOf(reply.get(0).toUpperCase(java.util.Locale.ROOT)),
            reply.size() > 1 ? decodeParticipant(reply.get(1)) : null));
  }

  @Override
  public Mono<CloseOutcome> close(Session closed, @Nullable Instant idleCutoff) {
    return redis
        .execute(
            CLOSE,
            List.of(activeIndex(), sessionKey(closed.id()), activityIndex()),
            List.of(closed.id(), json.writeValueAsString(closed), idleCutoff == null ? "" : Long.toString(idleCutoff.toEpochMilli())))
        .next()
        .map(result -> switch (result.intValue()) {
          case 1 -> CloseOutcome.CLOSED;
          case 0 -> CloseOutcome.ALREADY_CLOSED;
          default -> CloseOutcome.ACTIVE_AGAIN;
        });
  }

  @Override
  public Flux<String> idleSessions(Instant cutoff, int max) {
    return multi(IDLE, List.of(activeIndex(), activityIndex()), List.of(Long.toString(cutoff.toEpochMilli()), Integer.toString(max)))
        .flatMapIterable(ids -> ids);
  }

  @Override
  public Mono<Void> markActivity(String sessionId, Instant at) {
    return redis.execute(MARK, List.of(activityIndex()), List.of(sessionId, Long.toString(at.toEpochMilli()))).then();
  }

  /** Runs a script that answers a list of strings (an empty list if it answers nothing). */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private Mono<List<String>> multi(RedisScript<List> script, List<String> scriptKeys, List<String> args) {
    return redis.execute(script, scriptKeys, args)
        .collectList()
        .map(replies -> {
          // One reply holding the list, whatever the driver does with nested replies.
          List<String> out = new ArrayList<>();
          for (Object reply : replies) {
            if (reply instanceof List<?> list) list.forEach(e -> out.add(String.valueOf(e)));
            else out.add(String.valueOf(reply));
          }
          return out;
        });
  }

  private Session decodeSession(String text) {
    return json.readValue(text, Session.class);
  }

  private Participant decodeParticipant(String text) {
    return json.readValue(text, Participant.class);
  }
}
