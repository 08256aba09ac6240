package org.personacollab.sync.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.JsonCodec;
import org.personacollab.platform.config.CollaborationProperties.TieRule;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.WireCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session's workshop state, votes and turns, as a state machine the sequencer runs (ADR 11).
 *
 * <h2>Where the state lives</h2>
 *
 * Under one reserved key of the document's root, {@value #KEY}. Every change to it is an ordinary
 * json0 op that the sequencer makes, so it has a version, is in the op log, the snapshots and the
 * read model, reaches every client as an {@code op} frame in the session's one order, and is
 * audited as {@code op.sequenced}; a rebuild restores it like any field. Clients may not write the
 * key themselves (their ops and edits on it are refused {@code forbidden}); exports drop it.
 *
 * <h2>Commands</h2>
 *
 * A command is an event record of type {@code workshop.<action>} with a real {@code src}/{@code seq}
 * (so it is acknowledged, refused with a typed nack, and deduplicated like a change), and in its
 * {@code data} the sender's {@code role} as the gateway knows it. Actions: {@code propose},
 * {@code vote}, {@code close_vote}, {@code turns}, {@code floor}, {@code lock}, {@code unlock}
 * (docs/workshop.md has the fields of each). Every check happens before anything changes: a
 * refused command is a {@link Refusal} and the state is untouched.
 *
 * <h2>Time</h2>
 *
 * Turn timers use the sequencer's timestamps only. A turn of {@code turn_ms} that began at
 * {@code since} has passed {@code k = (now - since) / turn_ms} times by the sequencer's time
 * {@code now}; the floor is then with the participant {@code k} places further along the order
 * ({@link #holderAt}). That is a pure function of the state and the time at which the sequencer
 * sequences a change, so no timer runs anywhere, and every instance (and every replay, which
 * replays the ops the decisions made) agrees. The next command rewrites the state to the holder
 * of that moment, keeping the schedule.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Workshop {
  /** The reserved key of the document's root that holds the workshop state. */
  public static final String KEY = "_workshop";
  /** Event types of workshop commands start with this. */
  public static final String COMMAND_PREFIX = "workshop.";

  private final WorkshopRules rules;
  private final WireCodec codec;

  public Workshop(WorkshopRules rules, WireCodec codec) {
    this.rules = rules;
    this.codec = codec;
  }

  public WorkshopRules rules() {
    return rules;
  }

  /**
   * What a command did: the workshop state after it, and, when a vote was closed with a winner, the
   * value to set at {@code path} (the empty path: the whole persona).
   */
  public record Step(ObjectNode state, @Nullable Decision decision) {}

  /** The winning proposal of a closed vote, to apply as a change. */
  public record Decision(List<Object> path, JsonNode value) {}

  /** The workshop state of a document (an empty state if it has none). */
  public ObjectNode stateOf(@Nullable Object snapshot) {
    if (snapshot instanceof Map<?, ?> map && map.get(KEY) instanceof Map<?, ?> state) {
      JsonNode node = codec.readTree(JsonCodec.write(state));
      if (node instanceof ObjectNode object) return object;
    }
    return codec.mapper().createObjectNode();
  }

  /**
   * Runs command {@code type} ({@code workshop.<action>}) from {@code userId} at sequencer time
   * {@code now} against {@code snapshot}.
   *
   * @throws Refusal if the command is malformed, not allowed, or does not fit the state
   */
  Step apply(@Nullable Object snapshot, String type, JsonNode data, String userId, long now) {
    ObjectNode state = stateOf(snapshot).deepCopy();
    String role = data.path("role").isString() ? data.path("role").asString() : "";
    if (!List.of("facilitator", "editor", "viewer").contains(role)) {
      throw new Refusal(ErrorCode.VALIDATION_FAILED, "A workshop command needs the sender's role (facilitator, editor or viewer).");
    }
    materializeFloor(state, now);
    String action = type.startsWith(COMMAND_PREFIX) ? type.substring(COMMAND_PREFIX.length()) : type;
    return switch (action) {
      case "propose" -> propose(state, snapshot, data, userId, role, now);
      case "vote" -> vote(state, data, userId, role);
      case "close_vote" -> closeVote(state, data, userId, role, now);
      case "turns" -> turns(state, data, role, now);
      case "floor" -> floor(state, data, userId, role, now);
      case "lock" -> lock(state, data, userId, role, now);
      case "unlock" -> unlock(state, data, userId, role);
      default -> throw new Refusal(ErrorCode.VALIDATION_FAILED, "Unknown workshop action \"" + action + "\".");
    };
  }

  // ---- votes ----------------------------------------------------------------------------------

  private Step propose(ObjectNode state, @Nullable Object snapshot, JsonNode data, String userId, String role, long now) {
    if (role.equals("viewer")) throw new Refusal(ErrorCode.FORBIDDEN, "Viewers cannot make proposals.");
    ObjectNode votes = object(state, "votes");
    ObjectNode joined = null;
    if (data.hasNonNull("vote")) {
      joined = requireVote(votes, data.path("vote").asString());
      if (!"open".equals(joined.path("status").asString())) throw new Refusal(ErrorCode.VOTE_CLOSED, "Vote " + joined.path("id").asString() + " is closed.");
    }
    List<Object> path = joined != null && !data.has("path") ? path(joined.get("path"), true) : path(data.get("path"), true);
    if (joined != null && !samePath(joined.path("path"), path)) {
      throw new Refusal(ErrorCode.VALIDATION_FAILED, "Vote " + joined.path("id").asString() + " is about another field.");
    }
    List<JsonNode> values = new ArrayList<>();
    if (data.path("candidates").asBoolean(false)) {
      if (!path.isEmpty()) throw new Refusal(ErrorCode.VALIDATION_FAILED, "Candidates are whole personas: give no path.");
      JsonNode candidates = stateless(snapshot).path("metadata").path("candidates");
      if (!candidates.isArray() || candidates.isEmpty()) {
        throw new Refusal(ErrorCode.VALIDATION_FAILED, "The document has no candidates (metadata.candidates) to propose.");
      }
      for (JsonNode c : candidates) values.add(c);
    } else {
      JsonNode value = data.get("value");
      if (value == null || value.isMissingNode()) throw new Refusal(ErrorCode.VALIDATION_FAILED, "A proposal needs a value.");
      values.add(value);
    }
    for (int i = 0; i < values.size(); i++) {
      JsonNode value = values.get(i);
      if (path.isEmpty()) {
        if (!value.isObject()) throw new Refusal(ErrorCode.VALIDATION_FAILED, "A whole persona must be a JSON object.");
        ObjectNode clean = ((ObjectNode) value).deepCopy();
        clean.remove(KEY);
        values.set(i, clean);
      }
    }
    int open = 0;
    for (JsonNode vote : votes) if ("open".equals(vote.path("status").asString())) open += vote.path("proposals").size();
    if (open + values.size() > rules.maxOpenProposals()) {
      throw new Refusal(ErrorCode.PROPOSAL_LIMIT_REACHED,
          "The session already has " + open + " open proposals; collaboration.workshop.voting.max_open_proposals is "
              + rules.maxOpenProposals() + ". Close a vote first.");
    }
    ObjectNode vote = joined;
    if (vote == null) {
      for (JsonNode v : votes) {
        if ("open".equals(v.path("status").asString()) && samePath(v.path("path"), path)) vote = (ObjectNode) v;
      }
      if (vote == null) {
        String id = "v" + nextId(state);
        vote = votes.putObject(id);
        vote.put("id", id);
        ArrayNode p = vote.putArray("path");
        for (Object seg : path) {
          if (seg instanceof Integer n) p.add(n);
          else p.add(seg.toString());
        }
        vote.put("status", "open");
        vote.put("opened_by", userId);
        vote.put("opened_at", now);
        vote.putArray("proposals");
        vote.putObject("ballots");
        vote.putObject("tally");
      }
    }
    for (JsonNode value : values) {
      String id = "p" + nextId(state);
      ObjectNode proposal = ((ArrayNode) vote.get("proposals")).addObject();
      proposal.put("id", id);
      proposal.set("value", value);
      proposal.put("by", userId);
      proposal.put("at", now);
      ((ObjectNode) vote.get("tally")).put(id, 0);
    }
    return new Step(state, null);
  }

  private Step vote(ObjectNode state, JsonNode data, String userId, String role) {
    if (role.equals("viewer")) throw new Refusal(ErrorCode.FORBIDDEN, "Viewers cannot vote.");
    String proposal = text(data, "proposal");
    ObjectNode vote = voteOfProposal(object(state, "votes"), proposal);
    if (!"open".equals(vote.path("status").asString())) {
      throw new Refusal(ErrorCode.VOTE_CLOSED, "Vote " + vote.path("id").asString() + " is closed; its result stands.");
    }
    ((ObjectNode) vote.get("ballots")).put(userId, proposal);
    vote.set("tally", tally(vote));
    return new Step(state, null);
  }

  private Step closeVote(ObjectNode state, JsonNode data, String userId, String role, long now) {
    if (!role.equals("facilitator")) throw new Refusal(ErrorCode.FORBIDDEN, "Only the facilitator can close a vote.");
    ObjectNode vote = requireVote(object(state, "votes"), text(data, "vote"));
    if (!"open".equals(vote.path("status").asString())) throw new Refusal(ErrorCode.VOTE_CLOSED, "Vote " + vote.path("id").asString() + " is already closed.");
    ObjectNode tally = tally(vote);
    int cast = vote.path("ballots").size();
    ObjectNode result = codec.mapper().createObjectNode();
    String winner = null;
    String reason;
    if (cast < rules.quorum()) {
      reason = "no_quorum";
    } else {
      long most = 0;
      for (var e : tally.properties()) most = Math.max(most, e.getValue().asLong());
      List<String> tied = new ArrayList<>();
      for (JsonNode p : vote.path("proposals")) if (tally.path(p.path("id").asString()).asLong() == most) tied.add(p.path("id").asString());
      if (tied.size() == 1) {
        winner = tied.get(0);
        reason = "most_votes";
      } else {
        TieRule rule = rules.tie();
        switch (rule) {
          case NO_WINNER -> reason = "tie";
          case EARLIEST -> {
            winner = tied.get(0);
            reason = "tie_earliest";
          }
          default -> {
            String pick = data.hasNonNull("winner") ? data.path("winner").asString() : null;
            if (pick == null || !tied.contains(pick)) {
              throw new Refusal(ErrorCode.VOTE_TIED,
                  "Vote " + vote.path("id").asString() + " is tied between " + String.join(", ", tied)
                      + "; close it again naming one of them as the winner.");
            }
            winner = pick;
            reason = "tie_facilitator";
          }
        }
        ArrayNode t = result.putArray("tied");
        tied.forEach(t::add);
      }
    }
    vote.put("status", "closed");
    vote.set("tally", tally);
    if (winner == null) result.putNull("winner");
    else result.put("winner", winner);
    result.put("reason", reason);
    result.put("votes", cast);
    result.put("quorum", rules.quorum());
    result.put("tie_rule", rules.tie().name().toLowerCase(java.util.Locale.ROOT));
    result.put("closed_by", userId);
    result.put("closed_at", now);
    vote.set("result", result);
    if (winner == null) return new Step(state, null);
    JsonNode value = null;
    for (JsonNode p : vote.path("proposals")) if (p.path("id").asString().equals(winner)) value = p.get("value");
    return new Step(state, new Decision(path(vote.get("path"), true), value));
  }

  private ObjectNode tally(ObjectNode vote) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (JsonNode p : vote.path("proposals")) counts.put(p.path("id").asString(), 0L);
    for (var e : vote.path("ballots").properties()) counts.computeIfPresent(e.getValue().asString(), (k, n) -> n + 1);
    ObjectNode out = codec.mapper().createObjectNode();
    counts.forEach(out::put);
    return out;
  }

  private static ObjectNode requireVote(ObjectNode votes, String id) {
    if (!(votes.get(id) instanceof ObjectNode vote)) throw new Refusal(ErrorCode.PROPOSAL_NOT_FOUND, "There is no vote " + id + " in this session.");
    return vote;
  }

  private static ObjectNode voteOfProposal(ObjectNode votes, String proposal) {
    for (JsonNode vote : votes) {
      for (JsonNode p : vote.path("proposals")) if (p.path("id").asString().equals(proposal)) return (ObjectNode) vote;
    }
    throw new Refusal(ErrorCode.PROPOSAL_NOT_FOUND, "There is no proposal " + proposal + " in this session.");
  }

  // ---- turns ----------------------------------------------------------------------------------

  private Step turns(ObjectNode state, JsonNode data, String role, long now) {
    if (!role.equals("facilitator")) throw new Refusal(ErrorCode.FORBIDDEN, "Only the facilitator can switch turn-based editing on or off.");
    if (!data.path("on").asBoolean(false)) {
      state.remove("turns");
      return new Step(state, null);
    }
    JsonNode order = data.get("order");
    if (order == null || !order.isArray() || order.isEmpty()) {
      throw new Refusal(ErrorCode.VALIDATION_FAILED, "Turn-based editing needs an order: a list of participants' user ids.");
    }
    List<String> users = new ArrayList<>();
    for (JsonNode u : order) {
      if (!u.isString() || u.asString().isBlank() || users.contains(u.asString())) {
        throw new Refusal(ErrorCode.VALIDATION_FAILED, "The order must list distinct user ids: " + order);
      }
      users.add(u.asString());
    }
    String holder = data.hasNonNull("holder") ? data.path("holder").asString() : users.get(0);
    if (!users.contains(holder)) throw new Refusal(ErrorCode.VALIDATION_FAILED, "The first holder " + holder + " is not in the order.");
    ObjectNode turns = codec.mapper().createObjectNode();
    turns.put("holder", holder);
    ArrayNode o = turns.putArray("order");
    users.forEach(o::add);
    JsonNode fields = data.get("fields");
    if (fields != null && !fields.isNull()) {
      if (!fields.isArray() || fields.isEmpty()) throw new Refusal(ErrorCode.VALIDATION_FAILED, "fields must be a non-empty list of paths.");
      ArrayNode f = turns.putArray("fields");
      for (JsonNode field : fields) {
        List<Object> p = path(field, false);
        f.add(codec.readTree(JsonCodec.write(p)));
      }
    }
    if (data.hasNonNull("turn_seconds")) {
      JsonNode s = data.get("turn_seconds");
      if (!s.canConvertToInt() || s.asInt() < 1 || s.asInt() > rules.maxTurnSeconds() || !s.isIntegralNumber()) {
        throw new Refusal(ErrorCode.VALIDATION_FAILED,
            "turn_seconds must be a whole number from 1 to " + rules.maxTurnSeconds() + " (collaboration.workshop.turns.max_turn_seconds): " + s);
      }
      turns.put("turn_ms", s.asLong() * 1000);
    }
    turns.put("since", now);
    state.set("turns", turns);
    return new Step(state, null);
  }

  private Step floor(ObjectNode state, JsonNode data, String userId, String role, long now) {
    if (!(state.get("turns") instanceof ObjectNode turns)) {
      throw new Refusal(ErrorCode.VALIDATION_FAILED, "The session is not in turn-based editing; the facilitator switches it on first.");
    }
    String action = text(data, "action");
    ArrayNode order = (ArrayNode) turns.get("order");
    String holder = turns.path("holder").asString();
    String to;
    switch (action) {
      case "give" -> {
        if (!role.equals("facilitator")) throw new Refusal(ErrorCode.FORBIDDEN, "Only the facilitator can give the floor; the holder passes it.");
        to = text(data, "to");
      }
      case "pass" -> {
        if (!userId.equals(holder)) throw new Refusal(ErrorCode.NOT_YOUR_TURN, "Only " + holder + ", who holds the floor, can pass it.");
        to = data.hasNonNull("to") ? text(data, "to") : next(order, holder, 1);
      }
      default -> throw new Refusal(ErrorCode.VALIDATION_FAILED, "A floor action is give or pass, not \"" + action + "\".");
    }
    if (!contains(order, to)) order.add(to); // a participant given the floor joins the round
    turns.put("holder", to);
    turns.put("since", now);
    return new Step(state, null);
  }

  /** Brings a timed floor to the holder at {@code now}, keeping the schedule of turns. */
  private static void materializeFloor(ObjectNode state, long now) {
    if (!(state.get("turns") instanceof ObjectNode turns) || !turns.has("turn_ms")) return;
    long turn = turns.path("turn_ms").asLong();
    long since = turns.path("since").asLong();
    long k = now > since ? (now - since) / turn : 0;
    if (k == 0) return;
    turns.put("holder", next((ArrayNode) turns.get("order"), turns.path("holder").asString(), k));
    turns.put("since", since + k * turn);
  }

  /**
   * Who holds the floor of {@code state} at sequencer time {@code now}: the recorded holder, moved
   * along the order once per full turn since {@code since} when the turns are timed; null when the
   * session is not in turn-based editing.
   */
  public static @Nullable String holderAt(JsonNode state, long now) {
    JsonNode turns = state.get("turns");
    if (turns == null || !turns.isObject()) return null;
    String holder = turns.path("holder").asString();
    if (!turns.has("turn_ms")) return holder;
    long since = turns.path("since").asLong();
    long k = now > since ? (now - since) / turns.path("turn_ms").asLong() : 0;
    return k == 0 ? holder : next((ArrayNode) turns.get("order"), holder, k);
  }

  private static String next(ArrayNode order, String holder, long steps) {
    int n = order.size();
    int at = -1;
    for (int i = 0; i < n; i++) if (order.get(i).asString().equals(holder)) at = i;
    long index = at < 0 ? steps - 1 : at + steps;
    return order.get((int) (index % n)).asString();
  }

  // ---- locks ----------------------------------------------------------------------------------

  private Step lock(ObjectNode state, JsonNode data, String userId, String role, long now) {
    if (role.equals("viewer")) throw new Refusal(ErrorCode.FORBIDDEN, "Viewers cannot lock fields.");
    List<Object> path = path(data.get("path"), false);
    String owner = data.hasNonNull("for") ? text(data, "for") : userId;
    if (!owner.equals(userId) && !role.equals("facilitator")) {
      throw new Refusal(ErrorCode.FORBIDDEN, "Only the facilitator can lock a field for someone else.");
    }
    ArrayNode locks = array(state, "locks");
    for (JsonNode lock : locks) {
      List<Object> other = path(lock.get("path"), false);
      if (overlaps(path, other) && !lock.path("by").asString().equals(owner)) {
        throw new Refusal(ErrorCode.FIELD_LOCKED, lock.path("by").asString() + " has locked " + JsonCodec.write(other) + ".");
      }
    }
    for (int i = locks.size() - 1; i >= 0; i--) if (samePath(locks.get(i).get("path"), path)) locks.remove(i);
    ObjectNode lock = locks.addObject();
    lock.set("path", codec.readTree(JsonCodec.write(path)));
    lock.put("by", owner);
    lock.put("at", now);
    return new Step(state, null);
  }

  private Step unlock(ObjectNode state, JsonNode data, String userId, String role) {
    if (role.equals("viewer")) throw new Refusal(ErrorCode.FORBIDDEN, "Viewers cannot unlock fields.");
    List<Object> path = path(data.get("path"), false);
    ArrayNode locks = array(state, "locks");
    for (int i = 0; i < locks.size(); i++) {
      if (samePath(locks.get(i).get("path"), path)) {
        if (!locks.get(i).path("by").asString().equals(userId) && !role.equals("facilitator")) {
          throw new Refusal(ErrorCode.FORBIDDEN, "Only " + locks.get(i).path("by").asString() + ", who locked it, or the facilitator can unlock it.");
        }
        locks.remove(i);
        return new Step(state, null);
      }
    }
    throw new Refusal(ErrorCode.NOT_FOUND, "No lock on " + JsonCodec.write(path) + ".");
  }

  // ---- checks on changes ----------------------------------------------------------------------

  /**
   * Checks that {@code userId} may change the fields at {@code paths} at sequencer time {@code now}:
   * not the reserved key, not a field the floor covers unless they hold it, not a field someone
   * else has locked. The root path (a whole-document replace) touches every field.
   *
   * @throws Refusal {@code forbidden}, {@code not_your_turn} or {@code field_locked}
   */
  void checkChange(@Nullable Object snapshot, List<List<Object>> paths, String userId, long now) {
    for (List<Object> p : paths) {
      if (!p.isEmpty() && KEY.equals(p.get(0).toString())) {
        throw new Refusal(ErrorCode.FORBIDDEN, "\"" + KEY + "\" is the workshop's state; change it with workshop commands (docs/workshop.md).");
      }
      if (!p.isEmpty() && org.personacollab.ot.crdt.CrdtDocument.KEY.equals(p.get(0).toString())) {
        throw new Refusal(ErrorCode.FORBIDDEN, "\"" + org.personacollab.ot.crdt.CrdtDocument.KEY
            + "\" is the offline mode's state; change fields with merge frames (docs/offline.md).");
      }
    }
    if (!(snapshot instanceof Map<?, ?> map) || !map.containsKey(KEY)) return;
    ObjectNode state = stateOf(snapshot);
    String holder = holderAt(state, now);
    if (holder != null && !holder.equals(userId)) {
      JsonNode fields = state.path("turns").get("fields");
      for (List<Object> p : paths) {
        boolean covered = fields == null || fields.isNull();
        if (!covered) for (JsonNode f : fields) covered |= overlaps(p, path(f, false));
        if (covered) {
          throw new Refusal(ErrorCode.NOT_YOUR_TURN,
              holder + " holds the floor" + (fields == null ? "" : " for " + fields) + "; wait for your turn.");
        }
      }
    }
    for (JsonNode lock : state.path("locks")) {
      if (lock.path("by").asString().equals(userId)) continue;
      List<Object> locked = path(lock.get("path"), false);
      for (List<Object> p : paths) {
        if (overlaps(p, locked)) {
          throw new Refusal(ErrorCode.FIELD_LOCKED, lock.path("by").asString() + " has locked " + JsonCodec.write(locked) + ".");
        }
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** The document without the workshop key, as a tree. */
  private JsonNode stateless(@Nullable Object snapshot) {
    JsonNode doc = codec.readTree(JsonCodec.write(snapshot));
    if (doc instanceof ObjectNode o) o.remove(KEY);
    return doc;
  }

  /** A path from a JSON list of keys and indexes (or a dotted string); empty allowed only if {@code rootAllowed}. */
  static List<Object> path(@Nullable JsonNode node, boolean rootAllowed) {
    List<Object> out = new ArrayList<>();
    if (node == null || node.isNull() || node.isMissingNode()) {
      if (rootAllowed) return out;
      throw new Refusal(ErrorCode.VALIDATION_FAILED, "A path is required.");
    }
    if (node.isString()) {
      String text = node.asString();
      if (!text.isEmpty()) for (String seg : text.split("\\.", -1)) out.add(seg);
    } else if (node.isArray()) {
      for (JsonNode seg : node) {
        if (seg.isString()) out.add(seg.asString());
        else if (seg.isIntegralNumber() && seg.canConvertToInt() && seg.asInt() >= 0) out.add(seg.asInt());
        else throw new Refusal(ErrorCode.VALIDATION_FAILED, "Path segments are keys or list indexes: " + node);
      }
    } else {
      throw new Refusal(ErrorCode.VALIDATION_FAILED, "A path is a list of keys and indexes, or a dotted string: " + node);
    }
    for (Object seg : out) {
      if (seg instanceof String s && s.isEmpty()) throw new Refusal(ErrorCode.VALIDATION_FAILED, "A path has no empty keys: " + node);
    }
    if (out.isEmpty() && !rootAllowed) throw new Refusal(ErrorCode.VALIDATION_FAILED, "This needs a field, not the whole persona.");
    if (!out.isEmpty() && KEY.equals(out.get(0).toString())) {
      throw new Refusal(ErrorCode.FORBIDDEN, "\"" + KEY + "\" is the workshop's own state.");
    }
    return out;
  }

  /** True if one path is a prefix of the other (changing either changes what is at the other). */
  static boolean overlaps(List<Object> a, List<Object> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) if (!a.get(i).toString().equals(b.get(i).toString())) return false;
    return true;
  }

  private static boolean samePath(@Nullable JsonNode node, List<Object> path) {
    List<Object> other = node == null ? List.of() : path(node, true);
    return other.size() == path.size() && overlaps(other, path);
  }

  private static boolean contains(ArrayNode list, String value) {
    for (JsonNode n : list) if (n.asString().equals(value)) return true;
    return false;
  }

  private static String text(JsonNode data, String field) {
    JsonNode v = data.get(field);
    if (v == null || !v.isString() || v.asString().isBlank()) {
      throw new Refusal(ErrorCode.VALIDATION_FAILED, "\"" + field + "\" is required (a string).");
    }
    return v.asString();
  }

  private static long nextId(ObjectNode state) {
    long id = state.path("next").asLong(1);
    state.put("next", id + 1);
    return id;
  }

  private static ObjectNode object(ObjectNode state, String field) {
    return state.get(field) instanceof ObjectNode o ? o : state.putObject(field);
  }

  private static ArrayNode array(ObjectNode state, String field) {
    return state.get(field) instanceof ArrayNode a ? a : state.putArray(field);
  }
}
