package org.personacollab.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis that {@code persona up} starts on a machine without one keeps its data. */
class RedisServerProcessIntegrationTest {

  @TempDir Path dataDir;

  @Test
  void valueWritten_survivesStopAndRestartOnSameDataDir() throws IOException {
    int port = Ports.freePort();
    Path log = dataDir.resolve("logs/redis.log");

    try (RedisServerProcess redis = RedisServerProcess.start(dataDir.resolve("redis"), port, log)) {
      redis.awaitReady(Duration.ofSeconds(20));
      assertThat(RedisProbe.probe(port)).isEqualTo(RedisProbe.Status.REDIS);
      assertThat(command(port, "SET", "persona:it", "kept")).isEqualTo("+OK");
      redis.stop(Duration.ofSeconds(10));
      assertThat(redis.isAlive()).isFalse();
      assertThat(redis.logTail(50)).contains("Redis is now ready to exit");
    }
    assertThat(Ports.isFree(port)).isTrue();

    try (RedisServerProcess again = RedisServerProcess.start(dataDir.resolve("redis"), port, log)) {
      again.awaitReady(Duration.ofSeconds(20));
      assertThat(command(port, "GET", "persona:it")).as("read back after a restart").isEqualTo("$4 kept");
    }
  }

  @Test
  void awaitReady_portAlreadyTaken_reportsExitAndLogTail() throws IOException {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      RedisServerProcess redis =
          RedisServerProcess.start(dataDir.resolve("redis"), taken.getLocalPort(), dataDir.resolve("redis.log"));
      try {
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
            .isThrownBy(() -> redis.awaitReady(Duration.ofSeconds(20)))
            .withMessageStartingWith("redis exited with code 1 before it was ready; last lines of ")
            .withMessageContaining("Address already in use");
      } finally {
        redis.kill();
      }
    }
  }

  /** One RESP command; the reply's first line, and for a bulk string its value after a space. */
  private static String command(int port, String... parts) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(5_000);
      StringBuilder request = new StringBuilder("*" + parts.length + "\r\n");
      for (String part : parts) {
        request.append('$').append(part.length()).append("\r\n").append(part).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String first = in.readLine();
      return first.startsWith("$") && !first.equals("$-1") ? first + " " + in.readLine() : first;
    }
  }
}
