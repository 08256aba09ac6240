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
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      long length = b1 & 0x7F;
      if (length == 126) length = in.readUnsignedShort();
      else if (length == 127) length = in.readLong();
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      if ((b0 & 0x0F) == 0x8) return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
