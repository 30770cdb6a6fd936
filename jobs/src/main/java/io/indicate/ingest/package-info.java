/**
 * Landing source files in bronze, one batch at a time, and the {@link io.indicate.ingest.Source} contract every kind of
 * source data meets.
 *
 * <h2>Sources</h2>
 * A {@link io.indicate.ingest.Source} is one kind of landed data (today: {@code roster}, {@code goals},
 * {@code queue_log}, {@code cdr}, {@code crm}). It says everything the shared steps need to know about it:
 * <ul>
 *   <li>its {@linkplain io.indicate.ingest.Source#name() name}: the {@code source} of its rows in
 *       {@code meta.ingest_log} and {@code bronze.quarantine}, and the build input that stands for it;</li>
 *   <li>the {@linkplain io.indicate.ingest.Source#bronzeTables() bronze tables} it owns: a model that reads one is
 *       rebuilt when the source brings new data ({@link io.indicate.build.ModelGraph});</li>
 *   <li>how it {@linkplain io.indicate.ingest.Source#ingest lands} the new content of a file or folder in a batch
 *       ({@link io.indicate.ingest.IngestRun}: the batch, the limits, the erasure registry, the quarantine);</li>
 *   <li>which local dates a run's new data {@linkplain io.indicate.ingest.Source#datesTouched touches}, for the
 *       incremental build, and which its data {@linkplain io.indicate.ingest.Source#datesCovered covers}, for a full one
 *       ({@link io.indicate.build.BuildPlanner});</li>
 *   <li>how a person is {@linkplain io.indicate.ingest.Source#erase erased} from its bronze tables (a caller or
 *       requester deleted, an agent re-keyed; {@link io.indicate.privacy.Erasure}).</li>
 * </ul>
 * {@link io.indicate.ingest.Sources#ALL} lists them, in the order a batch ingests them. {@link io.indicate.ingest.Ingest},
 * the build planner, the model graph and erasure loop over that list and never name a source.
 *
 * <h2>To add a source</h2>
 * One class implementing {@link io.indicate.ingest.Source} (in its feature's package, e.g. {@code genesys/}; a CSV
 * of versioned rows can extend {@link io.indicate.ingest.ValidFromCsvSource}), registered in
 * {@link io.indicate.ingest.Sources#ALL}, plus its models: its bronze table(s) (an entry in {@code Table} and its
 * schema) and the SQL that reads them. Its CLI flag of {@code ingest} and {@code refresh} is an option of {@code io.indicate.cli.SourceOptions},
 * put in its {@code locations()}.
 *
 * <h2>What a batch commits</h2>
 * Each source commits its own bronze rows, in as few commits as it can (queue_log and CDR lines in one commit per run,
 * staged in chunks: {@link io.indicate.ingest.StagedLines}; CRM records in one commit per table per chunk; roster and
 * goals rows in one insert per file). The batch then writes the quarantine and, last, the ingest-log rows in one
 * commit ({@link io.indicate.ingest.IngestLedger}): until they exist the files count as unread, and a re-run finds
 * their rows already in bronze and completes the batch ({@link io.indicate.ingest.UnrecordedBatches}).
 */
package io.indicate.ingest;
