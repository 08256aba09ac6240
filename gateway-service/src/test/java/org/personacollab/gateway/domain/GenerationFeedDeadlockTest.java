package org.personacollab.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.GenerationChunk;
import org.personacollab.protocol.frame.GenerationStarted;

/**
 * Regression: a gateway froze in the system tests (23:20 UTC, 2026-11-26) when a socket closed
 * while a chunk was fanned out to it. The closing socket held its own lock and left the feed
 * (waiting for the feed's lock); the fan-out held the feed's lock and wrote to that socket
 * (waiting for the socket's lock). The feed now writes to sockets only after releasing its lock.
 */
class GenerationFeedDeadlockTest {
  private static final WireCodec CODEC = new WireCodec();
  private static final String G = "gen-deadbeefdeadbeef";

  /** A socket like Connection: writes and closing are synchronized on the socket. */
  private static final class LockingSocket implements GenerationFeed.Member {
    volatile CountDownLatch writing = new CountDownLatch(0);
    volatile CountDownLatch mayWrite = new CountDownLatch(0);
    int frames;

    @Override
    public void sendRaw(String json) {
      writing.countDown(); // the fan-out reached the socket
      await(mayWrite);
      synchronized (this) {
        frames++;
      }
    }
  }

  @Test
  void socketClosingWhileAChunkIsFannedOutToIt_neitherWaitsForever() throws Exception {
    GenerationFeed feed = new GenerationFeed("s1", CODEC, (f, from) -> {});
    LockingSocket socket = new LockingSocket();
    feed.join(socket);
    feed.onRead(0, null); // the session had no generation running
    feed.onFrame(new GenerationStarted(G, "alice", "offline", 1L));

    socket.writing = new CountDownLatch(1);
    socket.mayWrite = new CountDownLatch(1);
    Thread fanOut = new Thread(() -> feed.onFrame(new GenerationChunk(G, 0, "{\"name\"")), "fan-out");
    fanOut.start();
    assertThat(socket.writing.await(5, TimeUnit.SECONDS)).as("the fan-out reached the socket").isTrue();

    // The socket closes: under its own lock it leaves the feed, while the fan-out is writing to it.
    CountDownLatch left = new CountDownLatch(1);
    Thread closing = new Thread(() -> {
      synchronized (socket) {
        socket.mayWrite.countDown(); // from here the fan-out needs the socket's lock
        feed.leave(socket);          // and the socket needs the feed's
        left.countDown();
      }
    }, "closing");
    closing.start();

    assertThat(left.await(5, TimeUnit.SECONDS)).as("the closing socket left the feed").isTrue();
    fanOut.join(5_000);
    assertThat(fanOut.isAlive()).as("the fan-out finished").isFalse();
    assertThat(socket.frames).as("generation_started and the chunk").isEqualTo(2);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
