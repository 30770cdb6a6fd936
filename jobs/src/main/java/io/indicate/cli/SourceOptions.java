package io.indicate.cli;

import io.indicate.ingest.Source;
import io.indicate.ingest.Sources;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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

    /** The location of each source given, as {@link io.indicate.ingest.Ingest#run(Map)} takes them: the one place a flag names its source. */
    Map<Source, String> locations() {
        Map<Source, String> out = new LinkedHashMap<>();
        out.put(Sources.QUEUE_LOG, queueLog);
        out.put(Sources.ROSTER, roster);
        out.put(Sources.CDR, cdr);
        out.put(Sources.CRM, crm);
        out.put(Sources.GOALS, goals);
        out.values().removeIf(Objects::isNull);
        return out;
    }

    /** Fails with a usage message when no source is given. */
    void requireAny() {
        if (locations().isEmpty()) {
            throw new IllegalArgumentException("nothing to ingest: give any of --queue-log DIR, --roster FILE, --cdr DIR, --crm DIR, --goals FILE");
        }
    }
}
