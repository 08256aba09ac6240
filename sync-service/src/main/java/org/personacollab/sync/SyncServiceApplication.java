package org.personacollab.sync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** sync-service entry point. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SyncServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(SyncServiceApplication.class, args);
  }
}
