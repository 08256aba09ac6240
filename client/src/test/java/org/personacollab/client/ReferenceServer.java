package org.personacollab.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.Component;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.ot.OtException;
import org.personacollab.ot.Side;
import org.personacollab.protocol.ProtocolVersion;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.Ack;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.ErrorFrame;
import org.personacollab.protocol.frame.Hello;
import org.personacollab.protocol.frame.Nack;
import org.personacollab.protocol.frame.OpFrame;
import org.personacollab.protocol.frame.OpSubmit;
import org.personacollab.protocol.frame.Ping;
import org.personacollab.protocol.frame.Pong;
import org.personacollab.protocol.frame.ServerFrame;
import org.personacollab.protocol.frame.Welcome;
import tools.jackson.databind.JsonNode;

/**
 * The protocol as the server speaks it, in memory and without transport: a reference sequencer
 * (json0 transform of a submitted op past the ops since its {@code v} with side LEFT, versions,
 * per-client-id seq marks with duplicate detection and seq gaps), welcome, hello/resume with
 * catch-up, nacks, and seeded fault injection. The engine simulation drives it through queues;
 * {@link FakeCollabServer} puts it behind reactor-netty WebSockets. Thread-safe (one monitor), and
 * every frame to every peer is sent under it, so each peer sees the session's ops in order.
 */
final class ReferenceServer {
  /** One connected socket, as the server sees it. */
  interface Peer {
    void send(ServerFrame frame);

    /** Closes after the frames already sent, with a close code. */
    void close(int code, String reason);

    /** Drops the connection at once: frames not yet delivered may be lost. */
    void abort();
  }

  /** Probabilities of the injected faults; all zero by default. Mutable, read under the server's lock. */
  static final class Faults {
    double dropBeforeOp;
    double dropAfterOp;
    double rateLimit;
    double unavailable;
    double reject;
    double refuseResume;
    double sameIdOnRefusal = 0.5;

    static Faults none() {
      return new Faults();
    }

    static Faults chaos() {
      Faults f = new Faults();
      f.dropBeforeOp = 0.02;
      f.dropAfterOp = 0.03;
      f.rateLimit = 0.05;
      f.unavailable = 0.03;
      f.reject = 0.03;
      f.refuseResume = 0.15;
      return f;
    }
  }

  /** A sequenced op of the log. */
  record Logged(long v, String src, long seq, Op op, String userId) {}

  private record Mark(long seq, boolean applied, long v, @Nullable String code) {}

  private static final class Attached {
    String clientId;
    final String user;

    Attached(String clientId, String user) {
      this.clientId = clientId;
      this.user = user;
    }
  }

  private final class Session {
    final String id;
    final Object initial;
    Object doc;
    final List<Logged> log = new ArrayList<>();
    final Map<String, Mark> marks = new HashMap<>();
    final Map<Peer, Attached> peers = new LinkedHashMap<>();
    final Set<String> issued = new HashSet<>();

    Session(String id, Object doc) {
      this.id = id;
      this.initial = doc;
      this.doc = doc;
    }

    long version() {
      return log.size();
    }

    List<String> participants() {
      return peers.values().stream().map(a -> a.user).distinct().toList();
    }
  }

  private final WireCodec codec = new WireCodec();
  private final Random random;
  private final int retained;
  private final Map<String, Session> sessions = new HashMap<>();
  private Faults faults = Faults.none();
  private long ids;
  private long nacks;
  private long drops;
  private long refusedResumes;
  private long resumes;

  ReferenceServer(long seed, int retained) {
    this.random = new Random(seed);
    this.retained = retained;
  }

  synchronized void faults(Faults faults) {
    this.faults = faults;
  }

  synchronized void createSession(String id, Object doc) {
    sessions.put(id, new Session(id, JsonCodec.freeze(doc)));
  }

  synchronized Object document(String id) {
    return session(id).doc;
  }

  synchronized long version(String id) {
    return session(id).version();
  }

  synchronized List<Logged> log(String id) {
    return List.copyOf(session(id).log);
  }

  synchronized Object initial(String id) {
    return session(id).initial;
  }

  /** A one-line summary of what happened, for test output. */
  synchronized String stats() {
    return "nacks=" + nacks + " drops=" + drops + " resumes=" + resumes + " refusedResumes=" + refusedResumes;
  }

  private Session session(String id) {
    Session s = sessions.get(id);
    if (s == null) {
      throw new IllegalArgumentException("no session " + id);
    }
    return s;
  }

  /** A socket opened for session {@code sessionId}: welcome, or close 4404. */
  synchronized void open(String sessionId, Peer peer, String user) {
    Session s = sessions.get(sessionId);
    if (s == null) {
      peer.close(4404, "session_not_found: There is no session with id " + sessionId + ".");
      return;
    }
    String clientId = "c" + (++ids);
    s.issued.add(clientId);
    s.peers.put(peer, new Attached(clientId, user));
    peer.send(new Welcome(ProtocolVersion.CURRENT, s.id, clientId, s.version(), node(s.doc), s.participants(), false));
  }

  /** A socket is gone. */
  synchronized void closed(Peer peer) {
    for (Session s : sessions.values()) {
      s.peers.remove(peer);
    }
  }

  /** Drops every socket (a server restart); {@code code} 0 aborts without a close frame. */
  synchronized void dropAll(int code) {
    for (Session s : sessions.values()) {
      for (Peer p : List.copyOf(s.peers.keySet())) {
        s.peers.remove(p);
        if (code == 0) {
          p.abort();
        } else {
          p.close(code, "restart");
        }
      }
    }
  }

  synchronized void receive(Peer peer, ClientFrame frame) {
    Session s = null;
    Attached a = null;
    for (Session candidate : sessions.values()) {
      a = candidate.peers.get(peer);
      if (a != null) {
        s = candidate;
        break;
      }
    }
    if (s == null || a == null) {
      return; // a frame from a socket the server has already let go
    }
    if (frame instanceof Hello h) {
      hello(s, peer, a, h);
    } else if (frame instanceof OpSubmit op) {
      submit(s, peer, a, op);
    } else if (frame instanceof Ping) {
      peer.send(new Pong());
    } else {
      peer.send(new ErrorFrame("unknown_type", "this reference server only speaks hello, op and ping"));
    }
  }

  private void hello(Session s, Peer peer, Attached a, Hello h) {
    if (!h.resumes()) {
      return;
    }
    String old = h.clientId();
    long v = h.version();
    boolean known = s.issued.contains(old);
    boolean versionOk = v <= s.version() && s.version() - v <= retained;
    if (known && versionOk && random.nextDouble() >= faults.refuseResume) {
      resumes++;
      detach(s, old, peer);
      a.clientId = old;
      peer.send(new Welcome(ProtocolVersion.CURRENT, s.id, old, v, null, s.participants(), true));
      for (Logged l : s.log.subList((int) v, s.log.size())) {
        peer.send(frame(l));
      }
      return;
    }
    refusedResumes++;
    String id = a.clientId;
    if (known && random.nextDouble() < faults.sameIdOnRefusal) {
      // Keep the client's id: its next change is hello.seq + 1, whatever became of the last one.
      id = old;
      detach(s, old, peer);
      Mark m = s.marks.get(old);
      long seq = h.seq() == null ? 0 : h.seq();
      if (m == null || m.seq < seq) {
        s.marks.put(old, new Mark(seq, false, -1, "op_too_old"));
      }
    }
    a.clientId = id;
    peer.send(new Welcome(ProtocolVersion.CURRENT, s.id, id, s.version(), node(s.doc), s.participants(), false));
  }

  /** Another socket still attached under client id {@code id} is let go (the client moved). */
  private void detach(Session s, String id, Peer keep) {
    for (var e : List.copyOf(s.peers.entrySet())) {
      if (e.getKey() != keep && e.getValue().clientId.equals(id)) {
        s.peers.remove(e.getKey());
        e.getKey().abort();
      }
    }
  }

  private void submit(Session s, Peer peer, Attached a, OpSubmit submit) {
    long seq = submit.seq();
    if (submit.src() != null && !submit.src().equals(a.clientId)) {
      nack(peer, seq, "forbidden", "An op's src must be this connection's clientId (" + a.clientId + ").", null);
      return;
    }
    // Gateway-level faults: the sequencer never sees the change, so its mark does not move.
    if (chance(faults.dropBeforeOp)) {
      drops++;
      s.peers.remove(peer);
      peer.abort();
      return;
    }
    if (chance(faults.rateLimit)) {
      nack(peer, seq, "rate_limited", "slow down", 1L + random.nextInt(20));
      return;
    }
    if (chance(faults.unavailable)) {
      nack(peer, seq, "unavailable", "the broker is away", null);
      return;
    }
    String src = a.clientId;
    Mark mark = s.marks.get(src);
    if (mark != null && seq <= mark.seq) {
      if (seq == mark.seq) {
        if (mark.applied) {
          peer.send(new Ack(seq, mark.v));
        } else {
          nack(peer, seq, mark.code, "This change was already refused.", null);
        }
      }
      return;
    }
    long expected = mark == null ? 1 : mark.seq + 1;
    if (seq != expected) {
      nack(peer, seq, "seq_gap", "Change " + seq + " skips a number: the next change expected is " + expected + ".", null);
      return;
    }
    if (chance(faults.reject)) {
      refuse(s, peer, src, seq, "validation_failed", "injected refusal");
      return;
    }
    long v = submit.v();
    if (v > s.version()) {
      refuse(s, peer, src, seq, "invalid_version", "based on version " + v + ", the document is at " + s.version());
      return;
    }
    if (s.version() - v > retained) {
      refuse(s, peer, src, seq, "op_too_old", "based on version " + v + ", too old");
      return;
    }
    Op op;
    Object next;
    try {
      op = Op.parse(submit.op().toString());
      for (Logged l : s.log.subList((int) v, s.log.size())) {
        op = Json0.transform(op, l.op(), Side.LEFT);
      }
      next = Json0.apply(s.doc, op);
    } catch (OtException e) {
      refuse(s, peer, src, seq, "invalid_op", e.getMessage());
      return;
    }
    Logged logged = new Logged(s.version(), src, seq, op, a.user);
    s.log.add(logged);
    s.doc = next;
    s.marks.put(src, new Mark(seq, true, logged.v(), null));
    OpFrame frame = frame(logged);
    for (Peer p : List.copyOf(s.peers.keySet())) {
      p.send(frame);
    }
    if (chance(faults.dropAfterOp)) {
      drops++;
      s.peers.remove(peer);
      int[] codes = {1012, 4408, 4409, 4000, 0};
      int code = codes[random.nextInt(codes.length)];
      if (code == 0) {
        peer.abort();
      } else {
        peer.close(code, "injected");
      }
    }
  }

  private void refuse(Session s, Peer peer, String src, long seq, String code, String message) {
    s.marks.put(src, new Mark(seq, false, -1, code));
    nack(peer, seq, code, message, null);
  }

  private void nack(Peer peer, long seq, String code, String message, @Nullable Long retryAfter) {
    nacks++;
    peer.send(new Nack(seq, code, message, retryAfter));
  }

  private boolean chance(double p) {
    return p > 0 && random.nextDouble() < p;
  }

  private OpFrame frame(Logged l) {
    return new OpFrame(l.v(), l.src(), l.seq(), codec.readTree(l.op().toString()), l.userId(), 1_700_000_000_000L + l.v());
  }

  private JsonNode node(Object doc) {
    return codec.readTree(JsonCodec.write(doc));
  }

  /** The invariant checker: folding the log over the initial document gives the current one. */
  synchronized void checkLog(String id) {
    Session s = session(id);
    Object doc = s.initial;
    for (int i = 0; i < s.log.size(); i++) {
      Logged l = s.log.get(i);
      if (l.v() != i) {
        throw new AssertionError("log entry " + i + " has v " + l.v());
      }
      doc = Json0.apply(doc, l.op());
    }
    if (!JsonCodec.canonical(doc).equals(JsonCodec.canonical(s.doc))) {
      throw new AssertionError("the log does not fold to the snapshot");
    }
    Set<String> seen = new HashSet<>();
    for (Logged l : s.log) {
      if (!seen.add(l.src() + "#" + l.seq())) {
        throw new AssertionError("change " + l.src() + "#" + l.seq() + " is in the log twice");
      }
    }
  }

  /** How many times list inserts of exactly {@code marker} occur in the log's ops. */
  synchronized Map<String, Integer> markerCounts(String id) {
    Map<String, Integer> counts = new HashMap<>();
    for (Logged l : session(id).log) {
      for (Component c : l.op().components()) {
        if (c instanceof Component.ListInsert li && li.path().size() == 2 && "trail".equals(li.path().get(0))
            && li.value() instanceof String m) {
          counts.merge(m, 1, Integer::sum);
        }
      }
    }
    return counts;
  }
}
