package org.personacollab.session.support;

import org.personacollab.session.domain.MutableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Gives the service under test {@link ApiIntegrationBase#CLOCK}, which tests move. */
@TestConfiguration(proxyBeanMethods = false)
class TestClockConfig {
  @Bean
  @Primary
  MutableClock testClock() {
    return ApiIntegrationBase.CLOCK;
  }
}
