package org.personacollab.gateway.web;

import org.personacollab.gateway.domain.Connection;
import org.personacollab.gateway.domain.SessionHub;
import org.personacollab.protocol.CloseCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * On shutdown, before the web server stops, closes every socket with 1012 ("service restart"):
 * clients reconnect (to another instance, in a cluster) and resume from their version, resending
 * what was in flight. Nothing acknowledged is lost: an ack is an op the sequencer committed to
 * Kafka.
 */
public final class SocketDrainer implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SocketDrainer.class);
  private final SessionHub hub;
  private volatile boolean running;

  public SocketDrainer(SessionHub hub) {
    this.hub = hub;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    var sockets = hub.all();
    if (sockets.isEmpty()) return;
    log.info("Closing {} sockets for shutdown (1012)", sockets.size());
    for (Connection c : sockets) c.close(CloseCodes.SERVICE_RESTART, "service_restart: the server is restarting; reconnect to resume");
    try {
      Thread.sleep(300); // let the close frames leave before the server stops
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops before the web server (whose graceful shutdown would otherwise wait for the sockets). */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
