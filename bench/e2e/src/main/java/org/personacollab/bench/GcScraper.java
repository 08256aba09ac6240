package org.personacollab.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GC pauses of the services, from their {@code /actuator/prometheus} ({@code
 * jvm_gc_pause_seconds_count} and {@code _sum}, summed over causes and collectors), read at the
 * start and end of the measured window.
 */
final class GcScraper {
  /** Pause count and total pause seconds of one service at one moment. */
  record Pauses(double count, double seconds) {
    Pauses minus(Pauses before) {
      return new Pauses(count - before.count, seconds - before.seconds);
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private GcScraper() {}

  static Map<String, Pauses> scrape(Map<String, URI> endpoints) {
    Map<String, Pauses> out = new LinkedHashMap<>();
    endpoints.forEach((name, uri) -> {
      try {
        HttpResponse<String> r =
            HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) out.put(name, parse(r.body()));
      } catch (java.io.IOException e) {
        // not reachable: no GC numbers for it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return out;
  }

  /** Sums the pause series of a Prometheus text exposition. */
  static Pauses parse(String text) {
    double count = 0;
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("jvm_gc_pause_seconds_count")) count += value(line);
      else if (line.startsWith("jvm_gc_pause_seconds_sum")) sum += value(line);
    }
    return new Pauses(count, sum);
  }

  private static double value(String line) {
    String[] parts = line.trim().split("\\s+");
    try {
      return Double.parseDouble(parts[parts.length - 1]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static Map<String, Pauses> delta(Map<String, Pauses> before, Map<String, Pauses> after) {
    Map<String, Pauses> d = new LinkedHashMap<>();
    after.forEach((name, p) -> {
      Pauses b = before.get(name);
      if (b != null) d.put(name, p.minus(b));
    });
    return d;
  }
}
