package io.indicate.cli;

import picocli.CommandLine.Option;

/** The source folders and files a run ingests: the input flags of {@code ingest} and {@code refresh}. */
public final class SourceOptions {
    @Option(names = "--queue-log", paramLabel = "DIR", description = "folder of Asterisk queue_log files (rotated, gzipped or not)")
    String queueLog;

    @Option(names = "--roster", paramLabel = "FILE", description = "agent roster CSV")
    String roster;

    @Option(names = "--cdr", paramLabel = "DIR", description = "folder of Asterisk CDR files (cdr-csv Master.csv, rotated or not)")
    String cdr;

    @Option(names = "--crm", paramLabel = "DIR", description = "folder of Zendesk incremental-export JSON pages (tickets, ticket_metrics, satisfaction_ratings)")
    String crm;

    @Option(names = "--goals", paramLabel = "FILE", description = "goals CSV (scope,scope_id,kpi,direction,value,valid_from,set_by; README, Goals)")
    String goals;

    /** Fails with a usage message when no source is given. */
    void requireAny() {
        if (queueLog == null && roster == null && cdr == null && crm == null && goals == null) {
            throw new IllegalArgumentException("nothing to ingest: give any of --queue-log DIR, --roster FILE, --cdr DIR, --crm DIR, --goals FILE");
        }
    }
}
