package org.personacollab.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.personacollab.client.EngineHarness.Outcome;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.ServerFrame;

/**
 * A deterministic world of {@link SyncEngine}s and one {@link ReferenceServer}, connected by
 * queues. One seed decides everything: which client acts, what it edits, which frame is delivered
 * next, which sockets drop, which changes the server refuses. After the busy phase the faults stop
 * and the world drains; then every client must hold the server's document and version, and the
 * log must hold every acknowledged change exactly once and no refused one.
 */
final class Simulation {
  static final String SESSION = "s1";

  private final long seed;
  private final Random random;
  private final ReferenceServer server;
  private final PersonaOps ops;
  private final List<SimClient> clients = new ArrayList<>();
  private final int opsPerClient;
  private final StringBuilder trace = new StringBuilder();

  Simulation(long seed, int clientCount, int opsPerClient, ReferenceServer.Faults faults, boolean moves) {
    this.seed = seed;
    this.random = new Random(seed);
    this.server = new ReferenceServer(seed ^ 0x5DEECE66DL, 40);
    this.server.createSession(SESSION, PersonaOps.initialDocument());
    this.server.faults(faults);
    this.ops = new PersonaOps(new Random(seed * 31 + 7), moves);
    this.opsPerClient = opsPerClient;
    for (int i = 0; i < clientCount; i++) {
      clients.add(new SimClient("u" + i));
    }
  }

  private final class SimPeer implements ReferenceServer.Peer {
    final ArrayDeque<ServerFrame> toClient = new ArrayDeque<>();
    final ArrayDeque<ClientFrame> toServer = new ArrayDeque<>();
    boolean closing;
    boolean dead;

    @Override
    public void send(ServerFrame frame) {
      if (!dead && !closing) {
        toClient.add(frame);
      }
    }

    @Override
    public void close(int code, String reason) {
      closing = true;
    }

    @Override
    public void abort() {
      dead = true;
      toClient.clear();
      toServer.clear();
    }
  }

  private final class SimClient implements SyncEngine.Effects {
    final String name;
    final SyncEngine engine;
    @Nullable SimPeer peer;
    final List<long[]> retries = new ArrayList<>();
    final Map<String, Outcome> markers = new LinkedHashMap<>();
    boolean reconnectRequested;
    @Nullable Object mirror;

    SimClient(String name) {
      this.name = name;
      this.engine = new SyncEngine(this, new FrameCodec(), name);
    }

    @Override
    public void send(ClientFrame frame) {
      if (peer != null && !peer.dead && !peer.closing) {
        peer.toServer.add(frame);
      }
    }

    @Override
    public void changed(DocumentEvent event) {
      // The DocumentEvent contract: applying the events' ops in order reproduces the document.
      mirror = Json0.apply(mirror, event.op());
      if (!JsonCodec.canonical(mirror).equals(JsonCodec.canonical(event.document()))
          || event.document() != engine.document()) {
        throw new AssertionError(name + ": event " + event.kind() + " does not lead to the document it reports");
      }
    }

    @Override
    public void retryLater(long seq, int sends, @Nullable Long retryAfterMillis) {
      retries.add(new long[] {seq, sends});
    }

    @Override
    public void reconnect(boolean resume, String reason) {
      trace.append(name).append(" reconnect(").append(resume).append("): ").append(reason).append('\n');
      reconnectRequested = true;
    }
  }

  /** Runs the world; throws {@link AssertionError} with a repro line when an invariant fails. */
  void run() {
    try {
      busy();
      drain();
      check();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("simulation failed (" + e + "); repro: mvn -f client/pom.xml test "
          + "-Dtest=SyncEngineSimulationTest -Dclient.simulation.seed=" + seed + "\n" + server.stats()
          + "\n" + tail(trace), e);
    }
  }

  private void busy() {
    int submitted = 0;
    int total = opsPerClient * clients.size();
    for (int step = 0; submitted < total && step < 200 * total; step++) {
      SimClient c = clients.get(random.nextInt(clients.size()));
      housekeeping(c);
      int action = random.nextInt(100);
      if (action < 22) {
        if (c.engine.loaded() && c.markers.size() < opsPerClient) {
          submit(c);
          submitted++;
        }
      } else if (action < 52) {
        deliverToClient(c);
      } else if (action < 80) {
        deliverToServer(c);
      } else if (action < 83) {
        if (c.peer != null) {
          trace.append(c.name).append(" drops its socket\n");
          disconnect(c);
        }
      } else if (action < 93) {
        if (c.peer == null) {
          connect(c);
        }
      } else if (!c.retries.isEmpty()) {
        long[] r = c.retries.remove(random.nextInt(c.retries.size()));
        c.engine.retry(r[0], (int) r[1]);
      }
    }
  }

  private void drain() {
    server.faults(ReferenceServer.Faults.none());
    for (int round = 0; round < 10_000; round++) {
      boolean moved = false;
      for (SimClient c : clients) {
        housekeeping(c);
        if (c.peer == null) {
          connect(c);
          moved = true;
        }
        while (!c.retries.isEmpty()) {
          long[] r = c.retries.remove(0);
          c.engine.retry(r[0], (int) r[1]);
          moved = true;
        }
        while (c.peer != null && !c.peer.toServer.isEmpty()) {
          deliverToServer(c);
          moved = true;
        }
        while (c.peer != null && !c.peer.toClient.isEmpty()) {
          deliverToClient(c);
          moved = true;
        }
        if (c.peer != null && c.peer.closing && c.peer.toClient.isEmpty()) {
          disconnect(c);
          moved = true;
        }
      }
      if (!moved && quiet()) {
        return;
      }
    }
    throw new AssertionError("the world did not settle");
  }

  private boolean quiet() {
    for (SimClient c : clients) {
      if (c.peer == null || c.reconnectRequested || c.engine.phase() != SyncEngine.Phase.LIVE || !c.engine.synced()) {
        return false;
      }
    }
    return true;
  }

  private void check() {
    String expected = JsonCodec.canonical(server.document(SESSION));
    long version = server.version(SESSION);
    for (SimClient c : clients) {
      if (!JsonCodec.canonical(c.engine.document()).equals(expected) || c.engine.version() != version) {
        throw new AssertionError(c.name + " diverged at version " + c.engine.version() + " (server " + version
            + "):\n  client " + JsonCodec.canonical(c.engine.document()) + "\n  server " + expected);
      }
    }
    server.checkLog(SESSION);
    Map<String, Integer> inLog = server.markerCounts(SESSION);
    List<?> trail = (List<?>) ((Map<?, ?>) server.document(SESSION)).get("trail");
    int acked = 0;
    for (SimClient c : clients) {
      for (var e : c.markers.entrySet()) {
        String marker = e.getKey();
        Outcome o = e.getValue();
        int count = inLog.getOrDefault(marker, 0);
        long inDoc = trail.stream().filter(marker::equals).count();
        if (o.pending()) {
          throw new AssertionError("change " + marker + " was never settled");
        } else if (o.acked) {
          acked++;
          if (count != 1 || inDoc != 1) {
            throw new AssertionError("acknowledged change " + marker + " is " + count + " times in the log, " + inDoc + " in the document");
          }
        } else if (o.error instanceof RejectedChangeException) {
          if (count != 0 || inDoc != 0) {
            throw new AssertionError("refused change " + marker + " is in the log " + count + " times");
          }
        } else if (o.error instanceof ChangeLostException) {
          if (count > 1) {
            throw new AssertionError("lost change " + marker + " is in the log " + count + " times");
          }
        } else {
          throw new AssertionError("change " + marker + " failed with " + o.error);
        }
      }
    }
    if (acked == 0) {
      throw new AssertionError("no change was acknowledged: the simulation proves nothing");
    }
  }

  private void housekeeping(SimClient c) {
    if (c.peer != null && (c.reconnectRequested || c.peer.dead)) {
      disconnect(c);
    }
  }

  private void submit(SimClient c) {
    String marker = c.name + ":" + c.markers.size();
    Outcome o = new Outcome();
    c.markers.put(marker, o);
    c.engine.submit(ops.next(c.engine.document(), marker), o);
  }

  private void deliverToClient(SimClient c) {
    SimPeer p = c.peer;
    if (p == null) {
      return;
    }
    ServerFrame f = p.toClient.poll();
    if (f != null) {
      c.engine.receive(f);
    } else if (p.closing) {
      disconnect(c);
    }
  }

  private void deliverToServer(SimClient c) {
    SimPeer p = c.peer;
    if (p != null && !p.toServer.isEmpty()) {
      server.receive(p, p.toServer.poll());
    }
  }

  private void connect(SimClient c) {
    SimPeer p = new SimPeer();
    c.peer = p;
    c.reconnectRequested = false;
    c.engine.connectionOpened();
    server.open(SESSION, p, c.name);
  }

  private void disconnect(SimClient c) {
    SimPeer p = c.peer;
    if (p != null) {
      server.closed(p);
      p.abort();
    }
    c.peer = null;
    c.reconnectRequested = false;
    c.engine.connectionLost();
  }

  private static String tail(StringBuilder sb) {
    int from = Math.max(0, sb.length() - 2000);
    return sb.substring(from);
  }

  /** Summary for logs. */
  String stats() {
    return server.stats() + " version=" + server.version(SESSION);
  }
}
