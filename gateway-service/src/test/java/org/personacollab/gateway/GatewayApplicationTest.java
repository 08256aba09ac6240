package org.personacollab.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import reactor.netty.ReactorNetty;

class GatewayApplicationTest {
  @Test
  void eventLoops_onePerCore_byDefault() {
    Properties system = new Properties();
    GatewayApplication.defaultEventLoops(system, 2);
    assertThat(system.getProperty(ReactorNetty.IO_WORKER_COUNT)).isEqualTo("2");
  }

  @Test
  void eventLoops_theOperatorsChoiceStands() {
    Properties system = new Properties();
    system.setProperty(ReactorNetty.IO_WORKER_COUNT, "6");
    GatewayApplication.defaultEventLoops(system, 2);
    assertThat(system.getProperty(ReactorNetty.IO_WORKER_COUNT)).isEqualTo("6");
  }

  @Test
  void eventLoops_atLeastOne() {
    Properties system = new Properties();
    GatewayApplication.defaultEventLoops(system, 0);
    assertThat(system.getProperty(ReactorNetty.IO_WORKER_COUNT)).isEqualTo("1");
  }
}
