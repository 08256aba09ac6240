package org.personacollab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions written into {@code version.properties} at build time. */
public final class Version {

  private static final Properties PROPERTIES = load();

  private Version() {}

  /** This project's version, e.g. {@code 0.1.0-SNAPSHOT}: part of every jar's file name. */
  public static String project() {
    return PROPERTIES.getProperty("version", "0.1.0-SNAPSHOT");
  }

  /** The Kafka release that {@code persona up} runs, e.g. {@code 4.1.2}. */
  public static String kafka() {
    return PROPERTIES.getProperty("kafka.version", "unknown");
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // fall back to the defaults above: a version string is not worth failing for
    }
    return properties;
  }
}
