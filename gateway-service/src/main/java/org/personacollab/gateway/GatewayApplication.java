package org.personacollab.gateway;

import java.util.Properties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import reactor.netty.ReactorNetty;

/** gateway-service entry point. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {
  public static void main(String[] args) {
    defaultEventLoops(System.getProperties(), Runtime.getRuntime().availableProcessors());
    SpringApplication.run(GatewayApplication.class, args);
  }

  /**
   * One event loop per core, unless the operator chose a number ({@code -Dreactor.netty.ioWorkerCount},
   * e.g. in {@code JAVA_TOOL_OPTIONS}). Reactor Netty's own default is {@code max(4, cores)}: on a
   * 2-core gateway that is four loops taking turns on two cores. The gateway's Redis client runs on
   * the same loops ({@code SharedEventLoops}), so with fewer loops more of a session's sockets are
   * written by the thread that read the message, without waking another: generation chunk fan-out
   * p99 0.4–0.75 ms lower with 2 loops than with 4 in three alternating pairs (docs/benchmarks.md).
   * Must run before anything loads Reactor Netty's {@code LoopResources}, which reads the setting once.
   */
  static void defaultEventLoops(Properties system, int cores) {
    if (system.getProperty(ReactorNetty.IO_WORKER_COUNT) == null) {
      system.setProperty(ReactorNetty.IO_WORKER_COUNT, Integer.toString(Math.max(1, cores)));
    }
  }
}
