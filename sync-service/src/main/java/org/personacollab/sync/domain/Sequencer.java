package org.personacollab.sync.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.personacollab.ot.Component;
import org.personacollab.ot.Path;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.ot.OtException;
import org.personacollab.ot.Side;
import org.personacollab.ot.crdt.CrdtDocument;
import org.personacollab.ot.crdt.CrdtException;
import org.personacollab.ot.crdt.CrdtState;
import org.personacollab.ot.crdt.Hlc;
import org.personacollab.protocol.frame.Merge;
import org.personacollab.platform.config.CollaborationProperties.ConflictResolution;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.kafka.EditRecord;
import org.personacollab.protocol.kafka.AuditChain;
import org.personacollab.protocol.kafka.AuditEvent;
import org.personacollab.protocol.kafka.OpsRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import org.personacollab.protocol.kafka.SnapshotRecord.ClientMark;

/**
 * The sequencer's rules: turn one change into the next op of the session, or refuse it.
 *
 * <h2>Versions</h2>
 *
 * ShareDB's: a document at version {@code n} has had {@code n} ops applied; the op sequenced now
 * gets {@code v = n} and takes the document to {@code n + 1}. A client's op carries the version it
 * was made against.
 *
 * <h2>Merging</h2>
 *
 * <ul>
 *   <li><b>Field edits</b> ({@code path = value}) are last-write-wins in every mode: the
 *       {@link EditTranslator} makes the json0 op that sets the value in the document as it is
 *       when the edit arrives.
 *   <li><b>json0 ops</b> under {@code conflict_resolution: ot} are transformed past every op
 *       sequenced since their version, each with side {@code LEFT}
 *       ({@code transform(submitted, committed, left)}, DESIGN §4): a client transforms its own
 *       pending ops with {@code left} and incoming ones with {@code right}, so both sides break a
 *       tie (two inserts at one place) the same way and converge. Ops older than the retained
 *       window ({@code persona.sync.retained-ops}) are refused {@code op_too_old}; ops from a
 *       version the server has not reached, {@code invalid_version}.
 *   <li><b>json0 ops</b> under {@code last_write_wins} are applied as they are, in arrival order,
 *       with no transform; one that no longer applies is refused {@code invalid_op}.
 *   <li><b>CRDT updates</b> ({@code merge} frames) under {@code crdt} are merged into the state the
 *       document carries under {@value CrdtDocument#KEY} ({@link CrdtDocument#merge}, ADR 12)
 *       whatever version the client is at: no transform, no {@code op_too_old}. The sequenced op
 *       replaces each top-level field the merge changed (and {@value CrdtDocument#KEY}). A stamp
 *       more than the allowed clock drift ahead of the sequencer's clock is refused
 *       {@code clock_skew}; a malformed update, or one sent in another mode, {@code invalid_op}.
 *       json0 ops and field edits are sequenced as under {@code ot}.
 * </ul>
 *
 * <h2>The audit log</h2>
 *
 * Every sequenced op gets exactly one audit event ({@code org.personacollab.op.sequenced}), and
 * every event record (from the other services) its own, chained per session
 * ({@link AuditChain}); the chain head is part of the session's state.
 *
 * <p>Every change is checked before anything is kept: an op that does not apply, or a document that
 * would grow past {@code persona.sync.max-document-bytes}, is a typed rejection and the state is
 * returned unchanged. A {@code src}/{@code seq} already sequenced is a duplicate and dropped.
 *
 * <p>Instances are thread-safe; their only state is a cache of document sizes, which changes no
 * outcome (see {@link DocumentSize}).
 */
public final class Sequencer {
  private final ConflictResolution mode;
  private final long maxDocumentBytes;
  private final int retainedOps;
  private final WireCodec codec;
  private final AuditChain chain;
  /** Document sizes, measured incrementally (see {@link DocumentSize}). */
  private final DocumentSize sizes = new DocumentSize();
  private final Workshop workshop;
  private final long maxClockDriftMillis;

  /** The clock drift allowed to CRDT stamps when none is given: five minutes. */
  public static final long DEFAULT_MAX_CLOCK_DRIFT_MILLIS = 300_000;
  /** The node id of the stamps the sequencer gives list values it takes in (CrdtDocument step 1). */
  public static final String CRDT_NODE = "sequencer";

  public Sequencer(ConflictResolution mode, long maxDocumentBytes, int retainedOps, WireCodec codec) {
    this(mode, maxDocumentBytes, retainedOps, codec, WorkshopRules.DEFAULTS);
  }

  /** A sequencer whose sessions' votes and turns follow {@code rules} (ADR 11). */
  public Sequencer(ConflictResolution mode, long maxDocumentBytes, int retainedOps, WireCodec codec, WorkshopRules rules) {
    this(mode, maxDocumentBytes, retainedOps, codec, rules, DEFAULT_MAX_CLOCK_DRIFT_MILLIS);
  }

  /**
   * A sequencer that, in crdt mode, refuses {@code clock_skew} stamps more than
   * {@code maxClockDriftMillis} ahead of its own clock.
   */
  public Sequencer(
      ConflictResolution mode, long maxDocumentBytes, int retainedOps, WireCodec codec, WorkshopRules rules, long maxClockDriftMillis) {
    if (maxClockDriftMillis < 0) throw new IllegalArgumentException("maxClockDriftMillis must be >= 0: " + maxClockDriftMillis);
    this.maxClockDriftMillis = maxClockDriftMillis;
    if (maxDocumentBytes < 2) throw new IllegalArgumentException("maxDocumentBytes must be >= 2: " + maxDocumentBytes);
    if (retainedOps < 0) throw new IllegalArgumentException("retainedOps must be >= 0: " + retainedOps);
    this.mode = mode;
    this.maxDocumentBytes = maxDocumentBytes;
    this.retainedOps = retainedOps;
    this.codec = codec;
    this.chain = new AuditChain(codec);
    this.workshop = new Workshop(rules, codec);
  }

  /** The workshop state machine this sequencer runs commands with. */
  public Workshop workshop() {
    return workshop;
  }

  /** How many recent ops each document keeps for transforming late ops. */
  public int retainedOps() {
    return retainedOps;
  }

  /** Sequences one change against {@code state}; never throws for a bad change (it is rejected). */
  public EditOutcome sequence(SessionDocument state, EditRecord edit, long now) {
    boolean command = isWorkshopCommand(edit);
    if (edit.carriesEvent() && !command) return record(state, edit, now);
    ClientMark mark = state.mark(edit.src());
    if (mark != null && edit.seq() <= mark.seq()) return duplicate(state, edit, mark);
    try {
      if (mark != null && edit.seq() != mark.seq() + 1) {
        throw new Refusal(
            ErrorCode.SEQ_GAP,
            "Change " + edit.seq() + " skips a number: the next change expected from " + edit.src() + " is "
                + (mark.seq() + 1) + ".");
      }
      Op op;
      if (command) {
        op = workshopOp(state, edit, now);
      } else if (edit.carriesMerge()) {
        CrdtState update = crdtUpdate(edit, now);
        workshop.checkChange(state.snapshot(), touched(update), edit.userId(), now);
        op = crdtOp(state.snapshot(), update, now);
      } else {
        op = edit.carriesOp() ? merge(state, edit) : EditTranslator.translate(state.snapshot(), edit.path(), plain(edit));
        op = keepWorkshop(state.snapshot(), op);
        workshop.checkChange(state.snapshot(), touched(edit, op), edit.userId(), now);
      }
      Object next = apply(state.snapshot(), op);
      if (!op.isEmpty()) {
        long bytes = sizes.after(edit.sessionId(), state.snapshot(), next, op);
        if (bytes > maxDocumentBytes) {
          throw new Refusal(
              ErrorCode.DOCUMENT_TOO_LARGE,
              "The document would be larger than " + maxDocumentBytes + " bytes; nothing was changed.");
        }
        sizes.remember(edit.sessionId(), next, bytes);
      }
      var record =
          new OpsRecord.Sequenced(
              edit.sessionId(), state.version(), edit.src(), edit.seq(), codec.readTree(op.toString()), edit.userId(), now);
      ObjectNode data = opData(record);
      // A workshop decision is audited as the op it made, naming the command (ADR 11).
      if (command) data.put("workshop", edit.event().path("type").asString());
      AuditEvent audit = chain.next(state.audit(), edit.sessionId(), "op.sequenced", now, data);
      SessionDocument after = state.next(next, op, edit.src(), edit.seq(), retainedOps).withAudit(AuditChain.headOf(audit));
      return new EditOutcome.Applied(record, after, audit);
    } catch (Refusal r) {
      var record = new OpsRecord.Rejected(edit.sessionId(), edit.src(), edit.seq(), r.code.code(), r.getMessage());
      // A gap is not the change the client meant to send next: it does not move the mark.
      SessionDocument after = r.code == ErrorCode.SEQ_GAP ? state : state.refused(edit.src(), edit.seq(), r.code.code(), retainedOps);
      return new EditOutcome.Rejected(record, r.code, after);
    }
  }

  /** An event for the audit log: recorded in order, the document untouched. */
  private EditOutcome record(SessionDocument state, EditRecord edit, long now) {
    ObjectNode data = codec.mapper().createObjectNode();
    JsonNode given = edit.event().get("data");
    if (given != null && given.isObject()) data.setAll((ObjectNode) given);
    data.put("actor", edit.userId());
    data.put("src", edit.src());
    // The event happened when its sender says; ops are recorded at the time they are sequenced.
    AuditEvent audit = chain.next(state.audit(), edit.sessionId(), edit.event().path("type").asString(), edit.ts(), data);
    return new EditOutcome.Recorded(audit, state.withAudit(AuditChain.headOf(audit)));
  }

  private ObjectNode opData(OpsRecord.Sequenced record) {
    ObjectNode data = codec.mapper().createObjectNode();
    data.put("v", record.v());
    data.put("src", record.src());
    data.put("seq", record.seq());
    data.put("user_id", record.userId());
    data.put("actor", record.userId());
    data.set("op", record.op());
    return data;
  }

  /**
   * A change sent again. The last one is answered as it was (re-acknowledged with its version, or
   * refused again with its code) without being applied twice; older ones cannot be in flight any
   * more and are dropped.
   */
  private static EditOutcome duplicate(SessionDocument state, EditRecord edit, ClientMark mark) {
    if (edit.seq() < mark.seq()) {
      // A client resends only its latest change, so an older number is a bug or a replay: refuse
      // it by name (the state is unchanged, the mark stays at the latest change).
      var stale =
          new OpsRecord.Rejected(edit.sessionId(), edit.src(), edit.seq(), ErrorCode.STALE_SEQ.code(),
              "Change " + edit.seq() + " was already used by " + edit.src() + ", whose last change is " + mark.seq()
                  + "; changes are numbered 1, 2, 3, … and never reused.");
      return new EditOutcome.Rejected(stale, ErrorCode.STALE_SEQ, state);
    }
    if (mark.wasApplied()) {
      return new EditOutcome.Duplicate(new OpsRecord.Duplicate(edit.sessionId(), edit.src(), edit.seq(), mark.v()), state);
    }
    ErrorCode code = ErrorCode.fromCode(mark.code()).orElse(ErrorCode.INVALID_OP);
    var record =
        new OpsRecord.Rejected(edit.sessionId(), edit.src(), edit.seq(), code.code(), "This change was already refused: " + code.message());
    return new EditOutcome.Rejected(record, code, state);
  }

  /**
   * Folds an op from the log into {@code state} (rebuilding a session from its snapshot and the ops
   * after it). Ops the state already contains are skipped.
   *
   * @throws IllegalStateException if the op is ahead of the state (a gap in the log) or does not
   *     apply: the log and the snapshot disagree
   */
  public SessionDocument replay(SessionDocument state, OpsRecord record) {
    if (record instanceof OpsRecord.Sequenced s) {
      if (s.v() < state.version()) return state;
      if (s.v() > state.version()) {
        throw new IllegalStateException(
            "session " + state.sessionId() + ": op " + s.v() + " follows version " + state.version() + " (a gap in the log)");
      }
      Op op = opOf(s);
      try {
        return state.next(Json0.apply(state.snapshot(), op), op, s.src(), s.seq(), retainedOps);
      } catch (OtException e) {
        throw new IllegalStateException("session " + state.sessionId() + ": op " + s.v() + " does not apply: " + e.getMessage(), e);
      }
    }
    if (record instanceof OpsRecord.Rejected r && !ErrorCode.SEQ_GAP.code().equals(r.code())) {
      ClientMark mark = state.mark(r.src());
      if (mark == null || r.seq() > mark.seq()) return state.refused(r.src(), r.seq(), r.code(), retainedOps);
    }
    return state;
  }

  /** True for an event record of type {@code workshop.*}: a command, sequenced like a change. */
  public static boolean isWorkshopCommand(EditRecord edit) {
    return edit.carriesEvent() && edit.event().path("type").asString().startsWith(Workshop.COMMAND_PREFIX);
  }

  /**
   * The op of a workshop command: the reserved key set to the new state, and, when a vote closed
   * with a winner, the winning value set where the vote was about, in the same op (one version,
   * authored by the facilitator who closed it). A decision is applied whatever the floor and locks.
   */
  private Op workshopOp(SessionDocument state, EditRecord edit, long now) {
    if (!(state.snapshot() instanceof Map<?, ?> doc)) throw new Refusal(ErrorCode.INVALID_OP, "The document is not an object.");
    JsonNode data = edit.event().path("data");
    Workshop.Step step = workshop.apply(state.snapshot(), edit.event().path("type").asString(), data, edit.userId(), now);
    Object before = doc.get(Workshop.KEY);
    Object after = JsonCodec.parse(step.state().toString());
    Path key = Path.of(Workshop.KEY);
    List<Component> components = new ArrayList<>();
    components.add(doc.containsKey(Workshop.KEY) ? new Component.ObjectReplace(key, before, after) : new Component.ObjectInsert(key, after));
    if (step.decision() != null) {
      Object withState = apply(state.snapshot(), new Op(List.copyOf(components)));
      Object value = JsonCodec.parse(step.decision().value().toString());
      if (step.decision().path().isEmpty() && value instanceof Map<?, ?> persona) {
        Map<Object, Object> kept = new LinkedHashMap<>(persona);
        kept.put(Workshop.KEY, after);
        kept.remove(CrdtDocument.KEY);
        if (doc.containsKey(CrdtDocument.KEY)) kept.put(CrdtDocument.KEY, doc.get(CrdtDocument.KEY));
        value = kept;
      }
      components.addAll(EditTranslator.translate(withState, step.decision().path(), value).components());
    }
    return new Op(List.copyOf(components));
  }

  /** The update of a merge record, checked: well-formed, within the limits, stamps not too far ahead. */
  private CrdtState crdtUpdate(EditRecord edit, long now) {
    if (mode != ConflictResolution.CRDT) {
      throw new Refusal(ErrorCode.INVALID_OP,
          "This server merges changes with conflict_resolution " + mode.name().toLowerCase(java.util.Locale.ROOT)
              + "; merge frames need crdt (offline mode). Send json0 ops instead.");
    }
    CrdtState update;
    try {
      update = CrdtState.fromJson(JsonCodec.parse(edit.crdt().toString()));
    } catch (CrdtException | OtException e) {
      throw new Refusal(ErrorCode.INVALID_OP, "The merge is not a valid CRDT update: " + e.getMessage());
    }
    if (update.size() > Merge.MAX_CHANGES) {
      throw new Refusal(ErrorCode.INVALID_OP, "A merge may carry at most " + Merge.MAX_CHANGES + " entries; this one has " + update.size() + ".");
    }
    long limit = now + maxClockDriftMillis;
    Hlc ahead = update.stamps().filter(h -> h.millis() > limit).findFirst().orElse(null);
    if (ahead != null) {
      throw new Refusal(ErrorCode.CLOCK_SKEW,
          "The stamp " + ahead + " is " + (ahead.millis() - now) + " ms ahead of the server's clock (at most " + maxClockDriftMillis
              + " ms are allowed); nothing was changed. Check this device's clock.");
    }
    return update;
  }

  /** The fields a CRDT update names, as paths for the floor and lock checks. */
  private static List<List<Object>> touched(CrdtState update) {
    List<List<Object>> paths = new ArrayList<>();
    for (CrdtState.Register r : update.registers()) paths.add(List.copyOf(r.path()));
    for (List<String> p : update.setPaths()) paths.add(List.copyOf(p));
    return paths;
  }

  /**
   * The op that merges {@code update}: each top-level key whose value the merge changed is replaced
   * (inserted, deleted) whole, {@value CrdtDocument#KEY} among them.
   */
  private static Op crdtOp(@Nullable Object snapshot, CrdtState update, long now) {
    Object next;
    try {
      next = CrdtDocument.merge(snapshot, update, CRDT_NODE, now);
    } catch (CrdtException e) {
      throw new Refusal(ErrorCode.INVALID_OP, "The merge does not fit the document: " + e.getMessage());
    }
    if (!(snapshot instanceof Map<?, ?> before)) return Op.of(new Component.ObjectReplace(Path.of(), snapshot, next));
    Map<?, ?> after = (Map<?, ?>) next;
    List<Component> out = new ArrayList<>();
    for (Map.Entry<?, ?> e : after.entrySet()) {
      Path p = Path.of(e.getKey());
      if (!before.containsKey(e.getKey())) out.add(new Component.ObjectInsert(p, e.getValue()));
      else if (!JsonCodec.jsonEquals(before.get(e.getKey()), e.getValue())) out.add(new Component.ObjectReplace(p, before.get(e.getKey()), e.getValue()));
    }
    for (Map.Entry<?, ?> e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) out.add(new Component.ObjectDelete(Path.of(e.getKey()), e.getValue()));
    }
    return new Op(List.copyOf(out));
  }

  /**
   * A whole-document replace keeps the workshop state: the new document gets the current
   * {@value Workshop#KEY} (a generated persona, an imported one, a restored version), and always the
   * current {@value CrdtDocument#KEY}.
   */
  private static Op keepWorkshop(@Nullable Object snapshot, Op op) {
    if (!(snapshot instanceof Map<?, ?> doc)) return op;
    List<Component> out = new ArrayList<>(op.components().size());
    boolean changed = false;
    for (Component c : op.components()) {
      if (c.path().isRoot() && c instanceof Component.ObjectReplace r && r.newValue() instanceof Map<?, ?> m) {
        Map<Object, Object> kept = new LinkedHashMap<>(m);
        // The reserved keys are the server's: a new persona does not reset votes (ADR 11), and the
        // CRDT state only ever grows, so a restored or imported one never replaces it (ADR 12).
        if (doc.containsKey(Workshop.KEY) && !m.containsKey(Workshop.KEY)) kept.put(Workshop.KEY, doc.get(Workshop.KEY));
        if (doc.containsKey(CrdtDocument.KEY)) kept.put(CrdtDocument.KEY, doc.get(CrdtDocument.KEY));
        else kept.remove(CrdtDocument.KEY);
        if (!JsonCodec.jsonEquals(kept, m)) {
          out.add(new Component.ObjectReplace(r.path(), r.oldValue(), kept));
          changed = true;
          continue;
        }
      }
      out.add(c);
    }
    return changed ? new Op(List.copyOf(out)) : op;
  }

  /** The paths a change touches: the edit's path, or each component's. */
  private static List<List<Object>> touched(EditRecord edit, Op op) {
    if (!edit.carriesOp()) return List.of(edit.path());
    List<List<Object>> paths = new ArrayList<>();
    for (Component c : op.components()) paths.add(c.path().elements());
    return paths;
  }

  private Op merge(SessionDocument state, EditRecord edit) {
    Op op;
    try {
      op = Op.parse(edit.op().toString());
    } catch (OtException e) {
      throw new Refusal(ErrorCode.INVALID_OP, "The op is not valid json0: " + e.getMessage());
    }
    long v = edit.v();
    if (mode == ConflictResolution.LAST_WRITE_WINS) return op;
    if (v > state.version()) {
      throw new Refusal(
          ErrorCode.INVALID_VERSION,
          "The op is based on version " + v + " but the document is at version " + state.version() + ".");
    }
    if (state.version() - v > state.recent().size()) {
      throw new Refusal(
          ErrorCode.OP_TOO_OLD,
          "The op is based on version " + v + "; the server merges ops from version "
              + (state.version() - state.recent().size()) + " on. Reload the document and make the change again.");
    }
    try {
      for (Op committed : state.opsSince(v)) op = Json0.transform(op, committed, Side.LEFT);
      return op;
    } catch (OtException e) {
      throw new Refusal(ErrorCode.INVALID_OP, "The op cannot be merged with the changes since version " + v + ": " + e.getMessage());
    }
  }

  private static @Nullable Object apply(@Nullable Object doc, Op op) {
    try {
      return Json0.apply(doc, op);
    } catch (OtException e) {
      throw new Refusal(ErrorCode.INVALID_OP, "The change cannot be applied to the document: " + e.getMessage());
    }
  }

  private static @Nullable Object plain(EditRecord edit) {
    return edit.value() == null || edit.value().isNull() ? null : JsonCodec.parse(edit.value().toString());
  }

  /** The json0 op of a sequenced record, as ot-core reads it. */
  public static Op opOf(OpsRecord.Sequenced record) {
    return Op.parse(record.op().toString());
  }
}
