package org.personacollab.generation.provider;

import java.util.ArrayList;
import java.util.List;
import org.personacollab.generation.provider.StubLlmServer.Script;
import org.personacollab.generation.provider.StubLlmServer.Send;
import org.personacollab.generation.provider.StubLlmServer.Step;
import tools.jackson.databind.json.JsonMapper;

/**
 * The providers' streaming wire formats, as their APIs send them (checked against their API
 * references): OpenAI chat completion chunks as server-sent events ending with {@code data:
 * [DONE]}; Anthropic's message events; Ollama's NDJSON; Gemini's {@code streamGenerateContent?alt=sse}.
 */
public final class WireFormats {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private WireFormats() {}

  static String q(String s) {
    return JSON.writeValueAsString(s);
  }

  // ---- OpenAI: POST /v1/chat/completions, text/event-stream

  static Send openAiRole() {
    return new Send(
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1732000000,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
  }

  static Send openAiDelta(String text) {
    return new Send(
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1732000000,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + q(text) + "},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
  }

  static Send openAiEnd() {
    return new Send(
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1732000000,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
  }

  /** A whole normal answer: role, the text in pieces of {@code size}, finish, [DONE]. */
  public static Script openAi(String text, int size) {
    List<Step> steps = new ArrayList<>();
    steps.add(openAiRole());
    StubLlmServer.pieces(text, size).forEach(p -> steps.add(openAiDelta(p)));
    steps.add(openAiEnd());
    return new Script(200, "text/event-stream", steps);
  }

  // ---- Anthropic: POST /v1/messages, text/event-stream

  static Send anthropicStart() {
    return new Send(
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"content\":[],\"model\":\"claude-3-5-haiku-latest\",\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: ping\ndata: {\"type\": \"ping\"}\n\n");
  }

  static Send anthropicDelta(String text) {
    return new Send(
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
            + q(text) + "}}\n\n");
  }

  static Send anthropicEnd() {
    return new Send(
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
            + "\"usage\":{\"output_tokens\":15}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
  }

  static Send anthropicError() {
    return new Send(
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
  }

  static Script anthropic(String text, int size) {
    List<Step> steps = new ArrayList<>();
    steps.add(anthropicStart());
    StubLlmServer.pieces(text, size).forEach(p -> steps.add(anthropicDelta(p)));
    steps.add(anthropicEnd());
    return new Script(200, "text/event-stream", steps);
  }

  // ---- Ollama: POST /api/chat, application/x-ndjson

  static Send ollamaDelta(String text) {
    return new Send(
        "{\"model\":\"llama3.2\",\"created_at\":\"2024-11-20T10:00:00.000000Z\",\"message\":{\"role\":\"assistant\",\"content\":"
            + q(text) + "},\"done\":false}\n");
  }

  static Send ollamaEnd() {
    return new Send(
        "{\"model\":\"llama3.2\",\"created_at\":\"2024-11-20T10:00:01.000000Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"done_reason\":\"stop\",\"done\":true,\"total_duration\":1000000,\"load_duration\":1000,\"prompt_eval_count\":26,"
            + "\"prompt_eval_duration\":1000,\"eval_count\":20,\"eval_duration\":1000}\n");
  }

  static Script ollama(String text, int size) {
    List<Step> steps = new ArrayList<>();
    StubLlmServer.pieces(text, size).forEach(p -> steps.add(ollamaDelta(p)));
    steps.add(ollamaEnd());
    return new Script(200, "application/x-ndjson", steps);
  }

  // ---- Gemini: POST /v1beta/models/{model}:streamGenerateContent?alt=sse, text/event-stream

  static Send geminiDelta(String text, boolean last) {
    return new Send(
        "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":" + q(text) + "}],\"role\":\"model\"},"
            + (last ? "\"finishReason\":\"STOP\"," : "") + "\"index\":0}],"
            + "\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":5,\"totalTokenCount\":15},"
            + "\"modelVersion\":\"gemini-2.0-flash\"}\r\n\r\n");
  }

  static Script gemini(String text, int size) {
    List<Step> steps = new ArrayList<>();
    List<String> pieces = StubLlmServer.pieces(text, size);
    for (int i = 0; i < pieces.size(); i++) steps.add(geminiDelta(pieces.get(i), i == pieces.size() - 1));
    return new Script(200, "text/event-stream", steps);
  }

  /** A valid answer in the shape the prompt asks for. */
  public static final String PERSONA_JSON =
      """
      {"personas": [{
        "name": "Maya Chen",
        "title": "The Time-Pressed Planner",
        "demographics": {"age_range": "30-39", "occupation": "Nurse", "location": "Leeds"},
        "goals": ["Plan the week's meals in ten minutes"],
        "pain_points": ["Recipes assume ingredients she does not have"],
        "behaviours": ["Shops once a week on Sunday"],
        "quotes": ["I just want dinner sorted before my shift."],
        "motivations": ["Time with her kids"],
        "favourite_app": "Notes"
      }]}""";
}
