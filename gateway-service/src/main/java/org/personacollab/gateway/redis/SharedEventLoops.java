package org.personacollab.gateway.redis;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;
import reactor.netty.resources.LoopResources;

/**
 * Gives Lettuce the event loops of the gateway's own HTTP server (Reactor Netty's
 * {@link LoopResources}) instead of threads of its own.
 *
 * <h2>Why</h2>
 *
 * A message from a session's Redis channel (a generation chunk, a presence update) is read on the
 * event loop of the gateway's pub/sub connection and written to that session's sockets, each of
 * which belongs to one of the server's event loops. Writing to a socket from any other thread
 * queues the write for the socket's loop and wakes that thread. With separate Lettuce threads every
 * message paid at least one such hand-off; on shared loops the sockets on the pub/sub connection's
 * loop are written at once, and there are fewer threads in all competing for the cores. On a
 * virtual machine, where waking a thread on an idle core costs up to milliseconds, each hand-off
 * saved is visible in the chunk fan-out's tail (docs/benchmarks.md, "Generation chunk fan-out").
 *
 * <h2>Ownership</h2>
 *
 * The loops belong to Reactor Netty, which disposes them when the application context closes; this
 * provider never shuts them down ({@link #release}/{@link #shutdown} only report success).
 * Nothing that runs on them may block, which the gateway already requires of its socket code: it
 * uses Lettuce only through the reactive API.
 */
public final class SharedEventLoops implements EventLoopGroupProvider {
  private final LoopResources loops;
  private final int threads;

  public SharedEventLoops(LoopResources loops, int threads) {
    this.loops = loops;
    this.threads = threads;
  }

  /**
   * Lettuce asks for the group type of the transport it chose: {@code NioEventLoopGroup} for plain
   * Java NIO, a native one (epoll, io_uring) otherwise. Reactor Netty's server loops are native
   * whenever a native transport is available, as Lettuce's choice is; NIO loops are handed out for
   * a NIO request.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T extends EventLoopGroup> T allocate(Class<T> type) {
    boolean nio = NioEventLoopGroup.class.isAssignableFrom(type);
    return (T) loops.onServer(!nio);
  }

  @Override
  public int threadPoolSize() {
    return threads;
  }

  @Override
  public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
    return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
  }

  @Override
  public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
    return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
  }
}
