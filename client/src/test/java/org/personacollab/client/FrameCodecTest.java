package org.personacollab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.protocol.ProtocolException;
import org.personacollab.protocol.frame.Hello;
import org.personacollab.protocol.frame.Nack;
import org.personacollab.protocol.frame.OpSubmit;
import org.personacollab.protocol.frame.Ping;
import org.personacollab.protocol.frame.Welcome;

class FrameCodecTest {
  private final FrameCodec codec = new FrameCodec();

  @Test
  void serverTypes_comeFromTheProtocolsTypeTable() {
    assertThat(FrameCodec.SERVER_TYPES).contains("welcome", "op", "ack", "nack", "error", "pong", "generation_chunk");
  }

  @Test
  void decode_knownFrames_andSkipsUnknownTypes() {
    assertThat(codec.decode("{\"type\":\"nack\",\"seq\":3,\"code\":\"rate_limited\",\"message\":\"m\",\"retryAfter\":50}"))
        .isEqualTo(new Nack(3, "rate_limited", "m", 50L));
    assertThat(codec.decode("{\"type\":\"from_a_newer_server\",\"user\":\"bob\"}")).isNull();
    assertThat(codec.decode("[1,2]")).isNull();
    assertThat(codec.decode("{\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"s\",\"clientId\":\"c\",\"version\":0,"
        + "\"participants\":[],\"resumed\":true}")).isInstanceOf(Welcome.class);
  }

  @Test
  void decode_malformedKnownFrame_isAProtocolException() {
    assertThatThrownBy(() -> codec.decode("{\"type\":\"nack\",\"seq\":\"x\"}")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> codec.decode("{not json")).isInstanceOf(ProtocolException.class);
  }

  @Test
  void encode_clientFrames_asTheServerExpectsThem() {
    Op op = Op.parse("[{\"p\":[\"name\",0],\"si\":\"é\"},{\"p\":[\"demographics\",\"age\"],\"na\":1}]");
    assertThat(codec.encode(new OpSubmit("c1", 2, 7, codec.node(op))))
        .isEqualTo("{\"type\":\"op\",\"src\":\"c1\",\"seq\":2,\"v\":7,\"op\":[{\"p\":[\"name\",0],\"si\":\"é\"},{\"p\":[\"demographics\",\"age\"],\"na\":1}]}");
    assertThat(codec.encode(new Hello(1, "c1", 7L, 2L))).isEqualTo("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"c1\",\"version\":7,\"seq\":2}");
    assertThat(codec.encode(new Ping())).isEqualTo("{\"type\":\"ping\"}");
  }

  @Test
  void values_crossAsJsonText_soNumbersStayJavaScriptNumbers() {
    var node = new org.personacollab.protocol.WireCodec().readTree("{\"a\":1.0,\"b\":9007199254740993,\"c\":[1e21]}");
    assertThat(JsonCodec.write(FrameCodec.value(node))).isEqualTo("{\"a\":1,\"b\":9007199254740992,\"c\":[1e+21]}");
  }
}
