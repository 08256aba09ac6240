package org.personacollab.gateway.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.personacollab.protocol.frame.PresenceFrame;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The presence budget of one participant on this gateway, shared by all their connections: at
 * most {@code perSecond} updates go out in each one-second window; an update over the budget is
 * not refused but replaces the one its connection has waiting, and when the window ends the
 * latest waiting update of every connection goes out. So a moving caret costs at most
 * {@code perSecond} frames a second per watcher, and the last position of each connection always
 * arrives.
 */
public final class PresenceThrottle {
  private static final long WINDOW_NANOS = 1_000_000_000L;
  private final int perSecond;
  private final LongSupplier nanoTime;
  private final Scheduler timer;
  private final Map<String, PresenceFrame> waiting = new LinkedHashMap<>(); // by client id
  private long windowStart = Long.MIN_VALUE / 2;
  private int sentInWindow;
  private boolean flushScheduled;
  private Consumer<PresenceFrame> sink = f -> {};

  public PresenceThrottle(int perSecond) {
    this(perSecond, System::nanoTime, Schedulers.parallel());
  }

  PresenceThrottle(int perSecond, LongSupplier nanoTime, Scheduler timer) {
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
    this.timer = timer;
  }

  /** Offers an update of one of the participant's connections; {@code sink} sends it on. */
  public void offer(PresenceFrame frame, Consumer<PresenceFrame> sink) {
    boolean sendNow;
    long wait = 0;
    synchronized (this) {
      this.sink = sink;
      long now = nanoTime.getAsLong();
      if (now - windowStart >= WINDOW_NANOS) {
        windowStart = now;
        sentInWindow = 0;
      }
      sendNow = sentInWindow < perSecond;
      if (sendNow) {
        sentInWindow++;
        waiting.remove(frame.clientId());
      } else {
        waiting.put(frame.clientId(), frame);
        if (!flushScheduled) {
          flushScheduled = true;
          wait = Math.max(1, WINDOW_NANOS - (now - windowStart));
        }
      }
    }
    if (sendNow) sink.accept(frame);
    else if (wait > 0) Mono.delay(Duration.ofNanos(wait), timer).subscribe(t -> flush());
  }

  /** Forgets what a closed connection had waiting. */
  public synchronized void forget(String clientId) {
    waiting.remove(clientId);
  }

  /** Sends what waited; they count against the new window. */
  void flush() {
    List<PresenceFrame> due;
    Consumer<PresenceFrame> to;
    synchronized (this) {
      flushScheduled = false;
      due = new ArrayList<>(waiting.values());
      waiting.clear();
      windowStart = nanoTime.getAsLong();
      sentInWindow = due.size();
      to = sink;
    }
    due.forEach(to);
  }
}
