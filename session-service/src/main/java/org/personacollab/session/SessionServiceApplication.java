package org.personacollab.session;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** session-service entry point. */
@SpringBootApplication
public class SessionServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(SessionServiceApplication.class, args);
  }
}
