package org.personacollab.system;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A deliberately minimal WebSocket client over a plain socket that never answers pings, to prove
 * the server's idle timeout (the JDK's and Netty's clients answer pings by themselves).
 */
final class RawSocket implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;

  RawSocket(String host, int port, String path, String token) throws IOException {
    socket = new Socket(host, port);
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Authorization: Bearer " + token + "\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    in = new DataInputStream(socket.getInputStream());
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) head.write(in.readUnsignedByte());
    if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + head);
    }
  }

  /** Reads frames, ignoring data and pings, until a close frame; returns its code. */
  int awaitCloseCode(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    while (true) {
      Frame frame = readFrame();
      if (frame.opcode() == 0x8) return frame.closeCode();
    }
  }

  /** One server frame (servers do not mask). */
  private record Frame(int opcode, byte[] payload) {
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
  }

  private Frame readFrame() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long length = b1 & 0x7F;
    if (length == 126) length = in.readUnsignedShort();
    else if (length == 127) length = in.readLong();
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame(b0 & 0x0F, payload);
  }

  /** Sends one client frame (masked, as RFC 6455 requires of clients) with any opcode and payload. */
  void sendFrame(int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length <= 0xFFFF) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xFF);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) frame.write((int) (((long) payload.length >>> shift) & 0xFF));
    }
    byte[] mask = {0x1f, 0x2e, 0x3d, 0x4c};
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i % 4]);
    OutputStream out = socket.getOutputStream();
    out.write(frame.toByteArray());
    out.flush();
  }

  /** The first {@code error}, {@code nack} or {@code pong} frame's text, or the close code if the server closes first. */
  Object awaitTextOrClose(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    while (true) {
      Frame frame = readFrame();
      if (frame.opcode() == 0x8) return frame.closeCode();
      if (frame.opcode() == 0x1) {
        String text = new String(frame.payload(), StandardCharsets.UTF_8);
        // Only answers: the welcome, others' ops, presence and the like are not.
        if (text.contains("\"type\":\"error\"") || text.contains("\"type\":\"nack\"") || text.contains("\"type\":\"pong\"")) {
          return text;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
