package org.personacollab.session.domain;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Session ids: 10 characters of a 32-letter alphabet without look-alikes (no {@code 0/o},
 * {@code 1/l/i}), so an id read aloud in a workshop or typed from a slide is hard to get wrong;
 * 50 bits of randomness, so ids cannot be guessed.
 */
public final class SessionIds {
  static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
  static final int LENGTH = 10;
  /** Accepts our ids and, for ids created elsewhere, any 3–64 character URL-safe token. */
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{3,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionIds() {}

  /** A new random id. */
  public static String next() {
    char[] out = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) out[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
    return new String(out);
  }

  /** True if {@code id} has the shape of a session id (checked before any lookup). */
  public static boolean isValid(String id) {
    return VALID.matcher(id).matches();
  }
}
