package io.indicate.ingest;

import io.indicate.build.DatesTouched;
import io.indicate.build.SourceBatches;
import io.indicate.privacy.ErasedPerson;
import io.indicate.privacy.ErasedRows;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;

/**
 * One kind of landed data (Asterisk queue_log, CDR, Zendesk pages, the roster, the goals): everything the shared steps
 * need to know about it. {@link Ingest}, the build planner and {@code forget} loop over {@link Sources#ALL} and ask each
 * source; none of them names a source. Adding a source is one class implementing this interface, listed in
 * {@link Sources#ALL}, plus its bronze table(s) and the models that read them.
 */
public interface Source {
    /**
     * The source's name: the {@code source} of its rows in {@code meta.ingest_log} and {@code bronze.quarantine}, and the
     * build input standing for its bronze tables ({@code io.indicate.build.ModelGraph}). Never changes once data was
     * ingested under it.
     */
    String name();

    /** The bronze tables only this source writes; a model that reads one of them is rebuilt when this source brings new data. */
    List<Table> bronzeTables();

    /**
     * Lands the new content of {@code location} (a file or a folder, as the source's CLI flag names it) for a batch:
     * returns one report per file read or skipped, and adds what cannot be stored to {@code run.quarantine()}. The rows
     * are committed to bronze here, in as few commits as the source can (never one per line); the batch writes the
     * quarantine and then the ingest-log rows after every source ran, so until then the files count as unread and a
     * re-run stores nothing twice ({@link Ingest}). An exception fails this source only: the batch goes on with the others.
     */
    List<FileReport> ingest(String location, IngestRun run) throws IOException;

    /**
     * For an incremental build: the local dates the batches not yet built ({@link SourceBatches#pending()}, never empty
     * here) touch, per build input (the source's {@link #name()}, and any input derived from it).
     */
    DatesTouched datesTouched(SourceBatches batches);

    /** For a full build: every local date the data of all its batches ({@link SourceBatches#all()}) is on. */
    SortedSet<LocalDate> datesCovered(SourceBatches batches);

    /**
     * Erases a person from the source's bronze tables: deletes a caller's or requester's rows, re-keys an agent's to
     * their anonymous id. Returns the rows changed per table and the built dates that changed with them beyond those
     * the silver facts show; {@link ErasedRows#NONE} when the source holds no one of that kind.
     */
    ErasedRows erase(Warehouse warehouse, ErasedPerson person);
}
