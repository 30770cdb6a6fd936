package io.indicate.ingest;

import io.indicate.config.Settings;
import io.indicate.privacy.AnonymousAgents;
import io.indicate.privacy.ErasedSubjects;
import io.indicate.privacy.Pseudonymiser;
import io.indicate.progress.Progress;
import io.indicate.spark.SparkSizing;
import io.indicate.warehouse.Warehouse;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One ingest batch over the sources given, in the order of {@link Sources#ALL}: roster first (so a build sees the
 * people), then the goals, then telephony (queue_log, CDR), then the CRM. Each source commits its own bronze rows
 * ({@link Source#ingest}); the batch's ingest-log rows are written last, in one commit, after its
 * quarantine: until the log row exists a file counts as unread, and reading it again finds its lines already
 * in bronze, so a crash half-way loses nothing and stores nothing twice; the next batch takes those rows over
 * and counts them as loaded ({@link UnrecordedBatches}), so the counts equal those of a run that was not killed.
 *
 * <p>One source never blocks another: a hostile file is quarantined or skipped with its reason (see
 * {@link LandedFile}, {@link IngestLimits}), and a source that fails as a whole (its folder missing, its storage
 * failing) is reported in one line while the others are still ingested and logged; the batch then ends with
 * {@link SourcesFailed}, naming each.
 */
public final class Ingest {
    private final Warehouse warehouse;
    private final ZoneId zone;
    private final int chunkLines;
    private final IngestLimits limits;
    private final Progress progress;
    private final Supplier<Pseudonymiser> pseudonymiser;

    /** The pseudonymisation key, needed only once someone was erased, is the settings' (as every command's). */
    public Ingest(Warehouse warehouse, Settings settings, Progress progress) {
        this(warehouse, settings, progress, () -> Pseudonymiser.of(settings));
    }

    /** {@code pseudonymiser}: asked only when the erasure registry is not empty, for the hashes it holds. */
    public Ingest(Warehouse warehouse, Settings settings, Progress progress, Supplier<Pseudonymiser> pseudonymiser) {
        this.warehouse = warehouse;
        this.zone = settings.zone();
        this.chunkLines = settings.ingestChunkLines();
        this.limits = IngestLimits.of(settings);
        this.progress = progress;
        this.pseudonymiser = pseudonymiser;
    }

    /** The sources of a batch that failed as a whole, one reason each; the batch's other sources were ingested. */
    public static final class SourcesFailed extends RuntimeException {
        SourcesFailed(List<String> reasons) {
            super(String.join("; ", reasons));
        }
    }

    /** Ingests one source's files into the reports. */
    @FunctionalInterface
    private interface SourceRun {
        List<FileReport> ingest() throws IOException;
    }

    /** Sums of a batch's file reports. */
    public record Totals(long files, long skipped, long rowsIn, long loaded, long duplicate, long quarantined, long erased, long pending) {
        static Totals of(List<FileReport> reports) {
            return new Totals(reports.size(), reports.stream().filter(FileReport::isSkipped).count(),
                    reports.stream().mapToLong(FileReport::rowsIn).sum(), reports.stream().mapToLong(FileReport::rowsLoaded).sum(),
                    reports.stream().mapToLong(FileReport::rowsDuplicate).sum(), reports.stream().mapToLong(FileReport::rowsQuarantined).sum(),
                    reports.stream().mapToLong(FileReport::rowsErased).sum(), reports.stream().mapToLong(FileReport::rowsPending).sum());
        }
    }

    public Batch run(String rosterFile, String queueLogDir) throws IOException {
        return run(rosterFile, queueLogDir, null, null);
    }

    public Batch run(String rosterFile, String queueLogDir, String cdrDir, String crmDir) throws IOException {
        return run(rosterFile, queueLogDir, cdrDir, crmDir, null);
    }

    /** Any source may be null (not part of this batch). */
    public Batch run(String rosterFile, String queueLogDir, String cdrDir, String crmDir, String goalsFile) throws IOException {
        return run(Sources.locations(rosterFile, queueLogDir, cdrDir, crmDir, goalsFile));
    }

    /** The sources of {@code locations} (a file or folder each), in the order of {@link Sources#ALL}. */
    public Batch run(Map<Source, String> locations) throws IOException {
        for (Source source : locations.keySet()) {
            if (!Sources.ALL.contains(source)) {
                throw new IllegalArgumentException("source " + source.name() + " is not registered in " + Sources.class.getName() + ".ALL");
            }
        }
        // an ingest's queries are reads of small meta tables and one insert per source of the run's staged lines (a
        // scan, an anti-join on the days they touch, a write), where compiled code saves nothing measurable even for
        // 1.6 million lines: small-data settings, whose fixed cost is lower (README, Benchmark: "small-data settings
        // before the build")
        SparkSizing.apply(warehouse.spark(), SparkSizing.Size.SMALL);
        Batch batch = Batch.start(zone, UnrecordedBatches.find(warehouse));
        UnrecordedBatches.begin(warehouse, batch);
        progress.line("ingest batch " + batch.id()
                + (batch.unrecorded().isEmpty() ? "" : " (completes " + String.join(", ", batch.unrecorded()) + ", killed before it was recorded)"));
        List<QuarantineRecord> quarantine = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        ErasedSubjects erased = ErasedSubjects.load(warehouse, pseudonymiser);
        IngestRun run = new IngestRun(warehouse, batch, chunkLines, limits, erased, new AnonymousAgents(erased, zone), quarantine);
        Map<String, List<FileReport>> reports = new LinkedHashMap<>();
        for (Source source : Sources.ALL) {
            String location = locations.get(source);
            if (location != null) reports.put(source.name(), ingest(source.name(), failed, () -> source.ingest(location, run)));
        }
        IngestLedger.quarantine(warehouse, batch, quarantine);
        IngestLedger.record(warehouse, batch, reports);
        UnrecordedBatches.end(warehouse, batch);
        if (!failed.isEmpty()) throw new SourcesFailed(failed);
        return batch;
    }

    /** Runs one source and reports it; a failure of the whole source is reported and added to {@code failed}. */
    private List<FileReport> ingest(String source, List<String> failed, SourceRun run) {
        long t0 = System.nanoTime();
        try {
            List<FileReport> reports = run.ingest();
            report(source, reports, t0);
            return reports;
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip().lines().findFirst().orElse("");
            String reason = source + " not ingested: " + message;
            progress.line("  " + reason);
            failed.add(reason);
            return List.of();
        }
    }

    /**
     * One line per file read, quarantined or skipped for a reason worth reading (a copy under another name, a link),
     * then the source's totals. The files an earlier run loaded under the same name (the landing folder keeps them
     * between 15-minute runs) are counted in one line, not listed: a cycle's log shows what it did.
     */
    private void report(String source, List<FileReport> reports, long t0) {
        long alreadyLoaded = reports.stream().filter(FileReport::isAlreadyLoaded).count();
        for (FileReport r : reports) if (!r.isAlreadyLoaded()) progress.line("  " + r.describe());
        if (alreadyLoaded > 0) progress.line(String.format("  %,d file(s) loaded by earlier runs: skipped", alreadyLoaded));
        Totals t = Totals.of(reports);
        progress.line(String.format("  %s: %d file(s) (%d skipped), read %,d, loaded %,d, duplicate %,d, quarantined %,d, erased %,d, pending %,d  %.1f s",
                source, t.files(), t.skipped(), t.rowsIn(), t.loaded(), t.duplicate(), t.quarantined(), t.erased(), t.pending(),
                (System.nanoTime() - t0) / 1e9));
    }
}
