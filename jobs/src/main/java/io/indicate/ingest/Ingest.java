package io.indicate.ingest;

import io.indicate.config.Settings;
import io.indicate.crm.CrmIngest;
import io.indicate.progress.Progress;
import io.indicate.roster.RosterIngest;
import io.indicate.telephony.CdrIngest;
import io.indicate.telephony.QueueLogIngest;
import io.indicate.warehouse.Warehouse;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One ingest batch over the sources given: roster first (so a build sees the people), then telephony
 * (queue_log, CDR), then the CRM. The batch's ingest-log rows are written last, in one commit, after its
 * quarantine: until the log row exists a file counts as unread, and reading it again finds its lines already
 * in bronze (counted as duplicates), so a crash half-way loses nothing and stores nothing twice.
 */
public final class Ingest {
    private final Warehouse warehouse;
    private final ZoneId zone;
    private final int chunkLines;
    private final Progress progress;

    public Ingest(Warehouse warehouse, Settings settings, Progress progress) {
        this.warehouse = warehouse;
        this.zone = settings.zone();
        this.chunkLines = settings.ingestChunkLines();
        this.progress = progress;
    }

    /** Sums of a batch's file reports. */
    public record Totals(long files, long skipped, long rowsIn, long loaded, long duplicate, long quarantined, long pending) {
        static Totals of(List<FileReport> reports) {
            return new Totals(reports.size(), reports.stream().filter(FileReport::isSkipped).count(),
                    reports.stream().mapToLong(FileReport::rowsIn).sum(), reports.stream().mapToLong(FileReport::rowsLoaded).sum(),
                    reports.stream().mapToLong(FileReport::rowsDuplicate).sum(), reports.stream().mapToLong(FileReport::rowsQuarantined).sum(),
                    reports.stream().mapToLong(FileReport::rowsPending).sum());
        }
    }

    public Batch run(String rosterFile, String queueLogDir) throws IOException {
        return run(rosterFile, queueLogDir, null, null);
    }

    /** Any source may be null (not part of this batch). */
    public Batch run(String rosterFile, String queueLogDir, String cdrDir, String crmDir) throws IOException {
        Batch batch = Batch.start(zone);
        progress.line("ingest batch " + batch.id());
        List<QuarantineRecord> quarantine = new ArrayList<>();
        List<FileReport> roster = new ArrayList<>();
        List<FileReport> queueLog = new ArrayList<>();
        if (rosterFile != null) {
            long t0 = System.nanoTime();
            roster.add(new RosterIngest(warehouse).ingest(rosterFile, batch, quarantine));
            report("roster", roster, t0);
        }
        if (queueLogDir != null) {
            long t0 = System.nanoTime();
            queueLog.addAll(new QueueLogIngest(warehouse, chunkLines).ingest(queueLogDir, batch, quarantine));
            report("queue_log", queueLog, t0);
        }
        List<FileReport> cdr = new ArrayList<>();
        if (cdrDir != null) {
            long t0 = System.nanoTime();
            cdr.addAll(new CdrIngest(warehouse, chunkLines).ingest(cdrDir, batch, quarantine));
            report(CdrIngest.SOURCE, cdr, t0);
        }
        List<FileReport> crm = new ArrayList<>();
        if (crmDir != null) {
            long t0 = System.nanoTime();
            crm.addAll(new CrmIngest(warehouse).ingest(crmDir, batch, quarantine));
            report(CrmIngest.SOURCE, crm, t0);
        }
        IngestLedger.quarantine(warehouse, batch, quarantine);
        IngestLedger.record(warehouse, batch, Map.of(RosterIngest.SOURCE, roster, QueueLogIngest.SOURCE, queueLog,
                CdrIngest.SOURCE, cdr, CrmIngest.SOURCE, crm));
        return batch;
    }

    private void report(String source, List<FileReport> reports, long t0) {
        for (FileReport r : reports) progress.line("  " + r.describe());
        Totals t = Totals.of(reports);
        progress.line(String.format("  %s: %d file(s) (%d skipped), read %,d, loaded %,d, duplicate %,d, quarantined %,d, pending %,d  %.1f s",
                source, t.files(), t.skipped(), t.rowsIn(), t.loaded(), t.duplicate(), t.quarantined(), t.pending(),
                (System.nanoTime() - t0) / 1e9));
    }
}
