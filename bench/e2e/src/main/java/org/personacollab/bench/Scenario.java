package org.personacollab.bench;

import java.time.Duration;

/**
 * One load level: {@code clients} participants spread over {@code sessions} sessions (the first
 * {@code clients mod sessions} sessions get one more), submitting {@code rate} changes per second
 * in aggregate, measured for {@code duration} after {@code warmup}.
 */
record Scenario(
    int clients, int sessions, double rate, Duration warmup, Duration duration, Duration drain,
    Arrivals arrivals, OpMix mix, long seed) {

  Scenario {
    if (sessions < 1) throw new IllegalArgumentException("sessions must be >= 1, was " + sessions);
    if (clients < 2 * sessions) {
      throw new IllegalArgumentException(
          "every session needs at least 2 clients (a sender and a receiver): clients " + clients + ", sessions " + sessions);
    }
    if (!(rate > 0)) throw new IllegalArgumentException("rate must be > 0, was " + rate);
    if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be > 0, was " + duration);
    if (warmup.isNegative()) throw new IllegalArgumentException("warmup must be >= 0, was " + warmup);
    // Markers are per session: every change may add one. Poisson bursts stay far below +20 %.
    double perSession = rate / sessions * (warmup.toMillis() + duration.toMillis()) / 1000.0 * 1.2;
    if (perSession > Markers.CAPACITY) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "%.0f ops/s over %d sessions for %d s needs up to %.0f markers per session, more than the %d there are:"
              + " use more sessions or a shorter run",
          rate, sessions, warmup.plus(duration).toSeconds(), perSession, Markers.CAPACITY));
    }
  }

  int clientsIn(int session) {
    return clients / sessions + (session < clients % sessions ? 1 : 0);
  }

  String label() {
    return String.format(java.util.Locale.ROOT, "r%.0f-c%d-s%d", rate, clients, sessions);
  }
}
