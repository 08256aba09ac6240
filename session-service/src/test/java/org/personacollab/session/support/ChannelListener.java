package org.personacollab.session.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.ServerFrame;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import reactor.core.Disposable;

/** Subscribes to one Redis channel (ready when constructed) and keeps every frame published on it. */
public final class ChannelListener implements AutoCloseable {
  private static final WireCodec CODEC = new WireCodec();

  private final ReactiveRedisMessageListenerContainer container;
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final Disposable subscription;

  public ChannelListener(ReactiveRedisConnectionFactory factory, String channel) {
    this.container = new ReactiveRedisMessageListenerContainer(factory);
    var flux = container.receiveLater(ChannelTopic.of(channel)).block(Duration.ofSeconds(10));
    this.subscription = flux.subscribe(m -> messages.add(m.getMessage()));
  }

  /** The raw JSON texts received so far. */
  public List<String> messages() {
    return List.copyOf(messages);
  }

  /** Waits until {@code count} messages arrived and returns them decoded. */
  public List<ServerFrame> awaitFrames(int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (messages.size() < count) {
      if (System.nanoTime() > deadline) throw new AssertionError("Expected " + count + " frames, got " + messages);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return messages.stream().map(m -> CODEC.read(m, ServerFrame.class)).toList();
  }

  @Override
  public void close() {
    subscription.dispose();
    container.destroy();
  }
}
