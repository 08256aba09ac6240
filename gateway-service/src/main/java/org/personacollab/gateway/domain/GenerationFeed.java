package org.personacollab.gateway.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.personacollab.platform.generation.GenerationSnapshot;
import org.personacollab.platform.generation.GenerationStatus;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.GenerationCancelled;
import org.personacollab.protocol.frame.GenerationChunk;
import org.personacollab.protocol.frame.GenerationComplete;
import org.personacollab.protocol.frame.GenerationFailed;
import org.personacollab.protocol.frame.GenerationStarted;
import org.personacollab.protocol.frame.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generation frames of one session on this gateway, put in order once for all of the
 * session's sockets here, so that every socket gets every chunk index exactly once, in order.
 *
 * <h2>Why</h2>
 *
 * Chunks arrive through Redis pub/sub, which is at most once: a message can be lost (a
 * reconnect, a full output buffer). generation-service stores each chunk before it publishes it,
 * so whatever pub/sub lost can be read back ({@link Reads}). A socket that connects in the middle
 * of a generation needs the chunks sent before it came, and then the live ones with nothing twice.
 *
 * <h2>How</h2>
 *
 * <ol>
 *   <li><b>Known or not.</b> A new feed (the session's first socket here) does not know what is
 *       running: it reads the session's generation state (a <em>catch-up</em>) and holds joining
 *       sockets and arriving frames until the answer, then replays the held frames through the
 *       rules below. So a live chunk that races the read is either in the answer (then dropped as
 *       a duplicate) or after it (then sent).
 *   <li><b>In index order.</b> The feed remembers the current generation's chunks so far; a chunk
 *       whose index is the next one is sent to every socket; an older index is a duplicate and
 *       dropped; a newer one is parked and the missing ones are read (a <em>fill</em>) and sent
 *       first. A {@code generation_complete} whose {@code chunks} is more than the feed has waits
 *       for the same fill (the last chunk was lost).
 *   <li><b>Late joiners from memory.</b> A socket that joins a known feed gets
 *       {@code generation_started} and the chunks so far at once, under the same lock as the live
 *       fan-out: nothing between them can be missed or doubled.
 *   <li><b>Ended is ended.</b> After a generation's last frame ({@code complete}, {@code failed},
 *       {@code cancelled}) the feed forgets its text and drops any frame of it that still comes
 *       (a chunk published by a run that lost the race with a cancel). A chunk of a generation
 *       whose {@code generation_started} was lost triggers a catch-up.
 * </ol>
 *
 * State changes are synchronized: frames arrive on Redis threads, joins on socket threads, read
 * answers on whatever thread the read completes. Frames are written to the sockets after the lock
 * is released, in the order decided under it (a socket's lock is never taken while the feed's is
 * held: see {@code GenerationFeedDeadlockTest}). The reads are asked for through {@link Reads} and their
 * answers come back through {@link #onRead}/{@link #onReadFailed}; at most one is in flight.
 */
public final class GenerationFeed {
  private static final Logger log = LoggerFactory.getLogger(GenerationFeed.class);
  private static final int ENDED_REMEMBERED = 16;

  /** A socket as the feed sees it: somewhere to send encoded frames. */
  public interface Member {
    void sendRaw(String json);
  }

  /** Asks for the session's generation state with its chunks from an index; answered through the feed. */
  public interface Reads {
    void read(GenerationFeed feed, long from);
  }

  private final String sessionId;
  private final WireCodec codec;
  private final Reads reads;

  // Guarded by this.
  private final Set<Member> members = new LinkedHashSet<>();
  private final List<Member> waiting = new ArrayList<>();
  private final List<ServerFrame> early = new ArrayList<>();
  private boolean known;
  private boolean reading;
  private boolean replaying;
  private @Nullable GenerationStarted started;
  private final List<String> chunks = new ArrayList<>();
  private final TreeMap<Long, GenerationChunk> parked = new TreeMap<>();
  private @Nullable GenerationComplete parkedEnd;
  private final LinkedHashSet<String> ended = new LinkedHashSet<>();
  // Frames decided under the lock, written to the sockets outside it (see post/drain).
  private final java.util.concurrent.ConcurrentLinkedQueue<Out> outbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger draining = new java.util.concurrent.atomic.AtomicInteger();

  public GenerationFeed(String sessionId, WireCodec codec, Reads reads) {
    this.sessionId = sessionId;
    this.codec = codec;
    this.reads = reads;
  }

  public String sessionId() {
    return sessionId;
  }

  /**
   * Adds a socket (after its {@code welcome}): it gets the running generation's start and chunks
   * so far, then every later frame.
   */
  public void join(Member member) {
    synchronized (this) {
      joinLocked(member);
    }
    drain();
  }

  private void joinLocked(Member member) {
    if (!known) {
      waiting.add(member);
      requestRead(0);
      return;
    }
    replayTo(member);
    members.add(member);
  }

  /** Removes a socket; true if the feed has none left (and may be dropped). */
  public synchronized boolean leave(Member member) {
    members.remove(member);
    waiting.remove(member);
    return members.isEmpty() && waiting.isEmpty();
  }

  /** A generation frame from the session's channel. */
  public void onFrame(ServerFrame frame) {
    synchronized (this) {
      onFrameLocked(frame);
    }
    drain();
  }

  private void onFrameLocked(ServerFrame frame) {
    String id = generationId(frame);
    if (id == null || ended.contains(id)) return;
    if (!known) {
      early.add(frame);
      return;
    }
    String current = started == null ? null : started.generationId();
    if (frame instanceof GenerationStarted s) {
      if (s.generationId().equals(current)) return; // a duplicate start
      if (current != null) endCurrent(); // its last frame was lost
      started = s;
      broadcast(s);
    } else if (frame instanceof GenerationChunk chunk) {
      if (!chunk.generationId().equals(current)) {
        if (replaying) {
          // Held during a catch-up whose answer does not know it: a generation that has ended since.
          remember(chunk.generationId());
          return;
        }
        // Its start was lost (or came before this feed knew the session): learn it from the store.
        known = false;
        early.add(chunk);
        requestRead(0);
        return;
      }
      offer(chunk);
    } else if (frame instanceof GenerationComplete complete && complete.generationId().equals(current)
        && complete.chunks() > chunks.size()) {
      parkedEnd = complete; // the last chunks were lost
      requestRead(chunks.size());
    } else {
      broadcast(frame);
      if (id.equals(current)) endCurrent();
      else remember(id);
    }
  }

  /**
   * The answer to a read from {@code from}: the session's generation then, or null if it has none.
   * A catch-up sets what the feed knows and replays what it held; a fill sends the missing chunks.
   */
  public void onRead(long from, @Nullable GenerationSnapshot snapshot) {
    synchronized (this) {
      onReadLocked(from, snapshot);
    }
    drain();
  }

  private void onReadLocked(long from, @Nullable GenerationSnapshot snapshot) {
    reading = false;
    if (!known) {
      if (from != 0) requestRead(0); // a fill's answer; the catch-up needs every chunk
      else catchUp(snapshot);
      return;
    }
    String current = started == null ? null : started.generationId();
    if (snapshot == null || !snapshot.generationId().equals(current)) {
      log.warn("Session {}: generation {} is gone from the store; {} parked chunks sent with a gap", sessionId, current,
          parked.size());
      giveUpGap();
      return;
    }
    for (int i = 0; i < snapshot.chunks().size(); i++) {
      offer(new GenerationChunk(current, snapshot.from() + i, snapshot.chunks().get(i)));
    }
    if (started != null && (parkedGap() || parkedEnd != null)) requestRead(chunks.size());
  }

  /** A read failed (after the retries of {@link Reads}): send what is held, in order, with the gap. */
  public void onReadFailed(long from, Throwable error) {
    synchronized (this) {
      onReadFailedLocked(from, error);
    }
    drain();
  }

  private void onReadFailedLocked(long from, Throwable error) {
    reading = false;
    log.warn("Session {}: could not read the generation state from {}: {}", sessionId, from, error.toString());
    if (!known) {
      catchUp(null);
    } else {
      giveUpGap();
    }
  }

  /** The running generation's id as this feed knows it; null if none (or not known yet). */
  public synchronized @Nullable String currentGenerationId() {
    return started == null ? null : started.generationId();
  }

  private void catchUp(@Nullable GenerationSnapshot snapshot) {
    known = true;
    chunks.clear();
    parked.clear();
    parkedEnd = null;
    started = null;
    if (snapshot != null && snapshot.status() == GenerationStatus.RUNNING) {
      started = new GenerationStarted(snapshot.generationId(), snapshot.startedBy(), snapshot.provider(), snapshot.startedAt());
      chunks.addAll(snapshot.chunks());
    } else if (snapshot != null) {
      remember(snapshot.generationId()); // it ended: its last frames may still be on their way
    }
    // Sockets already here saw nothing of this generation (it is one whose start was lost).
    for (Member m : members) replayTo(m);
    for (Member m : waiting) {
      replayTo(m);
      members.add(m);
    }
    waiting.clear();
    List<ServerFrame> held = List.copyOf(early);
    early.clear();
    replaying = true;
    try {
      for (ServerFrame frame : held) onFrameLocked(frame);
    } finally {
      replaying = false;
    }
  }

  private void replayTo(Member member) {
    if (started == null) return;
    post(member, codec.write(started));
    for (int i = 0; i < chunks.size(); i++) post(member, codec.write(new GenerationChunk(started.generationId(), i, chunks.get(i))));
  }

  private void offer(GenerationChunk chunk) {
    long next = chunks.size();
    if (chunk.index() < next) return; // a duplicate
    if (chunk.index() > next) {
      parked.put(chunk.index(), chunk);
      requestRead(next);
      return;
    }
    send(chunk);
    while (!parked.isEmpty() && parked.firstKey() <= chunks.size()) {
      GenerationChunk p = parked.pollFirstEntry().getValue();
      if (p.index() == chunks.size()) send(p);
    }
    if (parkedEnd != null && chunks.size() >= parkedEnd.chunks()) {
      GenerationComplete end = parkedEnd;
      parkedEnd = null;
      broadcast(end);
      endCurrent();
    }
  }

  private void send(GenerationChunk chunk) {
    chunks.add(chunk.content());
    broadcast(chunk);
  }

  private boolean parkedGap() {
    return !parked.isEmpty() && parked.firstKey() > chunks.size();
  }

  private void giveUpGap() {
    List<GenerationChunk> held = List.copyOf(parked.values());
    parked.clear();
    for (GenerationChunk c : held) {
      chunks.add(c.content());
      broadcast(c);
    }
    if (parkedEnd != null) {
      GenerationComplete end = parkedEnd;
      parkedEnd = null;
      broadcast(end);
      endCurrent();
    }
  }

  private void endCurrent() {
    if (started != null) remember(started.generationId());
    started = null;
    chunks.clear();
    parked.clear();
    parkedEnd = null;
  }

  private void remember(String generationId) {
    ended.add(generationId);
    if (ended.size() > ENDED_REMEMBERED) ended.remove(ended.iterator().next());
  }

  private void requestRead(long from) {
    if (reading) return;
    reading = true;
    reads.read(this, from);
  }

  private void broadcast(ServerFrame frame) {
    String json = codec.write(frame);
    for (Member m : members) post(m, json);
  }

  /**
   * Queues a frame for a socket, in the order decided under the lock. The sockets are written
   * outside the lock ({@link #drain}): a socket's own lock must never be taken while the feed's is
   * held, or a socket closing (which leaves the feed) and a frame fanned out (which writes to the
   * socket) could wait on each other forever.
   */
  private void post(Member member, String json) {
    outbox.add(new Out(member, json));
  }

  /** Writes the queued frames, in order, on one thread at a time; called after every locked step. */
  private void drain() {
    if (draining.getAndIncrement() != 0) return;
    int missed = 1;
    do {
      Out o;
      while ((o = outbox.poll()) != null) o.member().sendRaw(o.json());
      missed = draining.addAndGet(-missed);
    } while (missed != 0);
  }

  private record Out(Member member, String json) {}

  private static @Nullable String generationId(ServerFrame frame) {
    if (frame instanceof GenerationStarted s) return s.generationId();
    if (frame instanceof GenerationChunk c) return c.generationId();
    if (frame instanceof GenerationComplete c) return c.generationId();
    if (frame instanceof GenerationFailed f) return f.generationId();
    if (frame instanceof GenerationCancelled c) return c.generationId();
    return null;
  }
}
