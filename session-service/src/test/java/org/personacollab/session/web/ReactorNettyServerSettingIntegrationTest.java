package org.personacollab.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;
import org.personacollab.session.support.ApiIntegrationBase;

/**
 * The platform switches on Reactor Netty's {@code lastFlushWhenNoRead} (see {@code
 * PlatformDefaults}); the setting only works if it is in place before the server's HTTP handler
 * class loads, so this checks the value the running server actually read.
 */
class ReactorNettyServerSettingIntegrationTest extends ApiIntegrationBase {
  @Test
  void theRunningServerReadLastFlushWhenNoRead_asTrue() throws Exception {
    api().login("netty-setting"); // the server has handled a request, so its handler class is loaded
    Class<?> handler = Class.forName("reactor.netty.http.server.HttpTrafficHandler");
    Field field = handler.getDeclaredField("LAST_FLUSH_WHEN_NO_READ");
    field.setAccessible(true);
    assertThat(field.getBoolean(null)).isTrue();
  }
}
