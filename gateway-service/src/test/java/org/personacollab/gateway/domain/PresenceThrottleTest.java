package org.personacollab.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.personacollab.protocol.frame.PresenceFrame;
import reactor.test.scheduler.VirtualTimeScheduler;

class PresenceThrottleTest {
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final VirtualTimeScheduler timer = VirtualTimeScheduler.create();
  private final PresenceThrottle throttle = new PresenceThrottle(3, nanos::get, timer);
  private final List<PresenceFrame> sent = new CopyOnWriteArrayList<>();

  private static PresenceFrame at(String client, int caret) {
    return new PresenceFrame("dev:bob", client, "Bob", "#2f7ed8", null, caret, null, 0, 0);
  }

  private void advance(long millis) {
    nanos.addAndGet(millis * 1_000_000L);
    timer.advanceTimeBy(java.time.Duration.ofMillis(millis));
  }

  @Test
  void oneBudgetForAllOfAUsersConnections_andEachConnectionsLatestArrives() {
    throttle.offer(at("tab1", 1), sent::add);
    throttle.offer(at("tab2", 1), sent::add);
    throttle.offer(at("tab1", 2), sent::add);
    // The budget (3 a second) is spent across both tabs: these wait, the latest per tab kept.
    throttle.offer(at("tab2", 2), sent::add);
    throttle.offer(at("tab1", 3), sent::add);
    throttle.offer(at("tab2", 3), sent::add);
    throttle.offer(at("tab1", 4), sent::add);
    assertThat(sent).extracting(f -> f.clientId() + ":" + f.caret()).containsExactly("tab1:1", "tab2:1", "tab1:2");

    advance(1000); // the window ends
    assertThat(sent).extracting(f -> f.clientId() + ":" + f.caret())
        .containsExactly("tab1:1", "tab2:1", "tab1:2", "tab2:3", "tab1:4");
  }

  @Test
  void aNewWindow_sendsAtOnceAgain() {
    for (int i = 1; i <= 3; i++) throttle.offer(at("tab1", i), sent::add);
    advance(1500);
    throttle.offer(at("tab1", 9), sent::add);
    assertThat(sent).extracting(PresenceFrame::caret).containsExactly(1, 2, 3, 9);
  }

  @Test
  void aClosedConnectionsWaitingUpdate_isForgotten() {
    for (int i = 1; i <= 3; i++) throttle.offer(at("tab1", i), sent::add);
    throttle.offer(at("tab2", 7), sent::add);
    throttle.forget("tab2");
    advance(1000);
    assertThat(sent).extracting(PresenceFrame::clientId).containsExactly("tab1", "tab1", "tab1");
  }
}
