package io.indicate.cli;

import io.indicate.ingest.Ingest;
import io.indicate.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Land source files in bronze: new lines loaded, repeats counted once, bad lines quarantined.")
public final class IngestCommand implements Callable<Integer> {
    @Mixin WarehouseOptions options;

    @Option(names = "--queue-log", paramLabel = "DIR", description = "folder of Asterisk queue_log files (rotated, gzipped or not)")
    String queueLog;

    @Option(names = "--roster", paramLabel = "FILE", description = "agent roster CSV")
    String roster;

    @Option(names = "--cdr", paramLabel = "DIR", description = "folder of Asterisk CDR files (cdr-csv Master.csv, rotated or not)")
    String cdr;

    @Option(names = "--crm", paramLabel = "DIR", description = "folder of Zendesk incremental-export JSON pages (tickets, ticket_metrics, satisfaction_ratings)")
    String crm;

    @Override
    public Integer call() throws Exception {
        if (queueLog == null && roster == null && cdr == null && crm == null) {
            throw new IllegalArgumentException("nothing to ingest: give any of --queue-log DIR, --roster FILE, --cdr DIR, --crm DIR");
        }
        Session session = Session.open(options.settings());
        new Ingest(session.warehouse(), session.settings().zone(), new Progress(System.out)).run(roster, queueLog, cdr, crm);
        return 0;
    }
}
