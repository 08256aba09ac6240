package org.personacollab.generation.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.personacollab.generation.research.ResearchProblem;

/**
 * Response of a started generation (202): the id its events carry and, for an upload, the files
 * that could not be used ({@code problems}: {@code source}, {@code code}, {@code message}; left
 * out when there are none).
 */
public record GenerationStarted(
    @JsonProperty("generation_id") String generationId,
    @JsonProperty("session_id") String sessionId,
    String status,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ResearchProblem> problems) {

  public GenerationStarted {
    problems = List.copyOf(problems);
  }

  public GenerationStarted(String generationId, String sessionId, String status) {
    this(generationId, sessionId, status, List.of());
  }
}
