package org.personacollab.gateway.domain;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A participant's colour: one of twelve, chosen by user id, so the same person has the same
 * colour on every screen and in every session. All have at least 4.5:1 contrast on white, so
 * names and carets drawn in them stay readable.
 */
public final class Colors {
  static final List<String> PALETTE =
      List.of(
          "#c92a2a", "#a61e4d", "#862e9c", "#5f3dc4", "#364fc7", "#1864ab",
          "#0b7285", "#087f5b", "#2b8a3e", "#5c7c0a", "#a64b00", "#b03a00");

  private Colors() {}

  public static String of(String userId) {
    CRC32 crc = new CRC32();
    crc.update(userId.getBytes(StandardCharsets.UTF_8));
    return PALETTE.get((int) (crc.getValue() % PALETTE.size()));
  }
}
