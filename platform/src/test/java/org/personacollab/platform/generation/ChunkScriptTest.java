package org.personacollab.platform.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.GenerationChunk;

class ChunkScriptTest {
  private final WireCodec codec = new WireCodec();

  @Test
  void cut_thenIndexBetween_isTheFrameOfThatIndex_evenWhenTheTextLooksLikeTheMark() {
    for (String content : List.of("plain", "", "\"index\":" + Long.MIN_VALUE, "{\"index\":-9223372036854775808}", "Zoë 🙂 \\ \"q\"\n")) {
      ChunkScript.Cut cut = ChunkScript.cut(codec.write(new GenerationChunk("gen-1", ChunkScript.INDEX_MARK, content)));
      for (long index : List.of(0L, 7L, 123_456_789L)) {
        assertThat(cut.before() + index + cut.after()).isEqualTo(codec.write(new GenerationChunk("gen-1", index, content)));
      }
    }
  }

  @Test
  void cut_ofAFrameWithoutTheMark_isRefused() {
    String frame = codec.write(new GenerationChunk("gen-1", 3, "text"));
    assertThatThrownBy(() -> ChunkScript.cut(frame)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("generation_chunk");
  }
}
