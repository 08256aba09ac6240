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
 * @param snapshotEveryOps a session gets a snapshot in {@code persona.snapshots} after this many
 *     ops
 * @param checkpointInterval at least this often (when there are edits), every changed session of
 *     a partition gets a snapshot and the partition a checkpoint, which bounds how much of the ops
 *     log a rebuild replays
 * @param transactionTimeout how long a transaction left open by a crashed instance can hold back
 *     the next owner's rebuild
 * @param sessionTimeout how soon the consumer group notices a crashed instance and hands its
 *     partitions to another (the broker's minimum is 6 s)
 * @param maxClockDrift offline mode ({@code conflict_resolution: crdt}): how far ahead of the
 *     sequencer's clock a client's stamp may be; a later one is refused {@code clock_skew}
 */
@Validated
@ConfigurationProperties("persona.sync")
public record SyncProperties(
    @Min(1024) @Max(64L * 1024 * 1024) @DefaultValue("1048576") long maxDocumentBytes,
    @Min(0) @Max(100_000) @DefaultValue("1000") int retainedOps,
    @NotNull @DefaultValue("500ms") Duration restartBackoff,
    @Min(1) @Max(1_000_000) @DefaultValue("100") int snapshotEveryOps,
    @NotNull @DefaultValue("10s") Duration checkpointInterval,
    @NotNull @DefaultValue("5s") Duration transactionTimeout,
    @NotNull @DefaultValue("6s") Duration sessionTimeout,
    @NotNull @DefaultValue("5m") Duration maxClockDrift) {}
