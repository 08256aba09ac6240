package org.personacollab.generation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** generation-service entry point. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GenerationServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(GenerationServiceApplication.class, args);
  }
}
