package io.indicate.ingest;

import io.indicate.privacy.AnonymousAgents;
import io.indicate.privacy.ErasedSubjects;
import io.indicate.warehouse.Warehouse;

import java.util.List;

/**
 * What every source's ingest in one batch works with ({@link Source#ingest}).
 *
 * @param chunkLines how many lines or records a source holds in memory at most before it writes them (settings
 *                   {@code ingest_chunk_lines}; see {@link StagedLines})
 * @param limits     the files and lines refused as hostile
 * @param erased     whose records are dropped before they are stored, counted as erased
 * @param agents     how a record naming an erased agent is re-keyed before it is stored (it is kept)
 * @param quarantine where the batch's quarantined records are gathered, written by the batch after every source ran
 */
public record IngestRun(Warehouse warehouse, Batch batch, int chunkLines, IngestLimits limits, ErasedSubjects erased,
                        AnonymousAgents agents, List<QuarantineRecord> quarantine) {}
