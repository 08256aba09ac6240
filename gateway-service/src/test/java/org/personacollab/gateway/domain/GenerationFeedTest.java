package org.personacollab.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.personacollab.platform.generation.GenerationSnapshot;
import org.personacollab.platform.generation.GenerationStatus;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.GenerationCancelled;
import org.personacollab.protocol.frame.GenerationChunk;
import org.personacollab.protocol.frame.GenerationComplete;
import org.personacollab.protocol.frame.GenerationStarted;
import org.personacollab.protocol.frame.ServerFrame;
import tools.jackson.databind.json.JsonMapper;

/**
 * The per-session sequencing of generation frames: whatever order, loss or duplication pub/sub
 * and reads produce, each socket sees {@code generation_started}, then chunk indexes 0, 1, 2, …
 * once each, then the end.
 */
class GenerationFeedTest {
  private static final WireCodec CODEC = new WireCodec();
  private static final String G = "gen-4f1c2a9b7d3e8f60";
  private static final List<String> TEXT = List.of("{\"na", "me\":", " \"Zo", "ë 🙂", "\"}");

  /** The reads the feed asked for, answered when a test says so. */
  private final List<Long> reads = new ArrayList<>();
  private final GenerationFeed feed = new GenerationFeed("s1", CODEC, (f, from) -> reads.add(from));

  private static final class Socket implements GenerationFeed.Member {
    final List<ServerFrame> frames = new ArrayList<>();

    @Override
    public void sendRaw(String json) {
      frames.add(CODEC.read(json, ServerFrame.class));
    }

    List<Long> indexes() {
      return frames.stream().filter(GenerationChunk.class::isInstance).map(f -> ((GenerationChunk) f).index()).toList();
    }

    String text() {
      return String.join("", frames.stream().filter(GenerationChunk.class::isInstance).map(f -> ((GenerationChunk) f).content()).toList());
    }
  }

  private static GenerationStarted started() {
    return new GenerationStarted(G, "alice", "offline", 1_764_158_400_000L);
  }

  private static GenerationChunk chunk(int i) {
    return new GenerationChunk(G, i, TEXT.get(i));
  }

  private static GenerationComplete complete(int chunks) {
    return new GenerationComplete(G, JsonMapper.shared().createObjectNode().put("name", "Zoë 🙂"), chunks);
  }

  private static GenerationSnapshot state(GenerationStatus status, int count, long from) {
    return new GenerationSnapshot(G, status, "offline", "alice", 1_764_158_400_000L, count, from,
        TEXT.subList((int) Math.min(from, count), count));
  }

  /** A socket in a feed that knows the session had no generation running. */
  private Socket joinedIdle() {
    Socket socket = new Socket();
    feed.join(socket);
    assertThat(reads).containsExactly(0L);
    reads.clear();
    feed.onRead(0, null);
    return socket;
  }

  @Test
  void inOrder_everyFrameOnce() {
    Socket a = joinedIdle();
    Socket b = new Socket();
    feed.join(b);

    feed.onFrame(started());
    for (int i = 0; i < 5; i++) feed.onFrame(chunk(i));
    feed.onFrame(complete(5));

    for (Socket s : List.of(a, b)) {
      assertThat(s.frames.get(0)).isEqualTo(started());
      assertThat(s.indexes()).containsExactly(0L, 1L, 2L, 3L, 4L);
      assertThat(s.text()).isEqualTo(String.join("", TEXT));
      assertThat(s.frames.get(s.frames.size() - 1)).isInstanceOf(GenerationComplete.class);
    }
    assertThat(reads).as("nothing was missing").isEmpty();
    assertThat(feed.currentGenerationId()).isNull();
  }

  @Test
  void duplicate_isDropped() {
    Socket a = joinedIdle();
    feed.onFrame(started());
    feed.onFrame(chunk(0));
    feed.onFrame(chunk(1));
    feed.onFrame(chunk(1));
    feed.onFrame(chunk(0));
    feed.onFrame(started());

    assertThat(a.indexes()).containsExactly(0L, 1L);
    assertThat(a.frames.stream().filter(GenerationStarted.class::isInstance)).hasSize(1);
  }

  @Test
  void gap_isRefilledFromTheStore_beforeLaterChunks() {
    Socket a = joinedIdle();
    feed.onFrame(started());
    feed.onFrame(chunk(0));
    // chunk 1 is lost
    feed.onFrame(chunk(2));
    feed.onFrame(chunk(3));

    assertThat(a.indexes()).as("2 and 3 wait for 1").containsExactly(0L);
    assertThat(reads).as("one read from the first missing index").containsExactly(1L);

    feed.onRead(1, state(GenerationStatus.RUNNING, 4, 1));

    assertThat(a.indexes()).containsExactly(0L, 1L, 2L, 3L);
    feed.onFrame(chunk(4));
    assertThat(a.indexes()).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(a.text()).isEqualTo(String.join("", TEXT));
  }

  @Test
  void outOfOrder_theLateChunkArrivesLiveBeforeTheFillAnswers() {
    Socket a = joinedIdle();
    feed.onFrame(started());
    feed.onFrame(chunk(0));
    feed.onFrame(chunk(2));
    feed.onFrame(chunk(1)); // late, not lost

    assertThat(a.indexes()).containsExactly(0L, 1L, 2L);

    feed.onRead(1, state(GenerationStatus.RUNNING, 3, 1)); // the fill's answer is all duplicates now
    feed.onFrame(chunk(3));

    assertThat(a.indexes()).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void lostLastChunk_completeWaitsForTheFill() {
    Socket a = joinedIdle();
    feed.onFrame(started());
    for (int i = 0; i < 4; i++) feed.onFrame(chunk(i));
    // chunk 4 is lost
    feed.onFrame(complete(5));

    assertThat(a.frames.get(a.frames.size() - 1)).isEqualTo(chunk(3));
    assertThat(reads).containsExactly(4L);

    feed.onRead(4, state(GenerationStatus.COMPLETED, 5, 4));

    assertThat(a.indexes()).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(a.frames.get(a.frames.size() - 1)).isInstanceOf(GenerationComplete.class);
  }

  @Test
  void lostStart_theFirstChunkTriggersACatchUp() {
    Socket a = joinedIdle();
    // generation_started and chunk 0 are lost
    feed.onFrame(chunk(1));

    assertThat(reads).containsExactly(0L);
    feed.onFrame(chunk(2)); // arrives during the read, which ran before it was published

    feed.onRead(0, state(GenerationStatus.RUNNING, 2, 0));

    assertThat(a.frames.get(0)).isEqualTo(started());
    assertThat(a.indexes()).containsExactly(0L, 1L, 2L);
  }

  @Test
  void lateJoin_toAKnownFeed_getsStartAndChunksSoFarFromMemory_thenLive() {
    Socket a = joinedIdle();
    feed.onFrame(started());
    feed.onFrame(chunk(0));
    feed.onFrame(chunk(1));

    Socket late = new Socket();
    feed.join(late);
    feed.onFrame(chunk(2));

    assertThat(reads).as("no read needed").isEmpty();
    assertThat(late.frames.get(0)).isEqualTo(started());
    assertThat(late.indexes()).containsExactly(0L, 1L, 2L);
    assertThat(late.frames).isEqualTo(a.frames);
  }

  @Test
  void lateJoin_racingLiveChunks_chunkPublishedBeforeTheReadRan() {
    // The session's first socket here joins mid-generation: chunk 2 arrives while the catch-up
    // read is in flight, and the read (which ran after chunk 2 was stored) already has it.
    Socket late = new Socket();
    feed.join(late);
    feed.onFrame(chunk(2));
    feed.onFrame(chunk(3));

    assertThat(late.frames).as("held until the catch-up answers").isEmpty();
    feed.onRead(0, state(GenerationStatus.RUNNING, 3, 0));

    assertThat(late.frames.get(0)).isEqualTo(started());
    assertThat(late.indexes()).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void lateJoin_racingLiveChunks_chunkPublishedAfterTheReadRan() {
    Socket late = new Socket();
    feed.join(late);
    feed.onFrame(chunk(2)); // stored after the read ran: not in its answer

    feed.onRead(0, state(GenerationStatus.RUNNING, 2, 0));
    feed.onFrame(chunk(3));

    assertThat(late.indexes()).containsExactly(0L, 1L, 2L, 3L);
    assertThat(reads).containsExactly(0L);
  }

  @Test
  void lateJoin_afterTheEnd_getsNothingOfIt_andItsStragglersAreDropped() {
    Socket late = new Socket();
    feed.join(late);
    feed.onRead(0, state(GenerationStatus.COMPLETED, 5, 0));
    feed.onFrame(chunk(4));
    feed.onFrame(complete(5));

    assertThat(late.frames).isEmpty();
    assertThat(reads).as("a straggler of an ended generation starts no catch-up").containsExactly(0L);
  }

  @Test
  void cancelled_isForwarded_andAChunkThatLostTheRaceIsDropped() {
    Socket a = joinedIdle();
    feed.onFrame(started());
    feed.onFrame(chunk(0));

    feed.onFrame(new GenerationCancelled(G, "alice"));
    feed.onFrame(chunk(1)); // stored and published just before the cancel took effect

    assertThat(a.indexes()).containsExactly(0L);
    assertThat(a.frames.get(a.frames.size() - 1)).isEqualTo(new GenerationCancelled(G, "alice"));
    assertThat(reads).isEmpty();
    assertThat(feed.currentGenerationId()).isNull();
  }

  @Test
  void failedRead_sendsWhatIsHeldInOrder() {
    Socket a = joinedIdle();
    feed.onFrame(started());
    feed.onFrame(chunk(0));
    feed.onFrame(chunk(3));
    feed.onFrame(chunk(2));

    feed.onReadFailed(1, new RuntimeException("redis down"));

    assertThat(a.indexes()).containsExactly(0L, 2L, 3L);
  }

  @Test
  void leave_lastSocket_saysTheFeedMayGo() {
    Socket a = joinedIdle();
    Socket b = new Socket();
    feed.join(b);

    assertThat(feed.leave(a)).isFalse();
    assertThat(feed.leave(b)).isTrue();
  }
}
