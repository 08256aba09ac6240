package org.personacollab.sync.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * sync-service settings ({@code persona.sync.*}).
 *
 * @param maxDocumentBytes the largest a session document may grow (JSON bytes); an edit that
 *     would exceed it is rejected with {@code document_too_large}
 * @param retainedOps how many recent ops each session keeps in memory to transform ops made
 *     against an older version; an op older than that is refused {@code op_too_old}
 * @param restartBackoff first delay before the sequencer loop restarts after a failure
 */
@Validated
@ConfigurationProperties("persona.sync")
public record SyncProperties(
    @Min(1024) @Max(64L * 1024 * 1024) @DefaultValue("1048576") long maxDocumentBytes,
    @Min(0) @Max(100_000) @DefaultValue("1000") int retainedOps,
    @NotNull @DefaultValue("500ms") Duration restartBackoff) {}
