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

    @Override
    public Integer call() throws Exception {
        if (queueLog == null && roster == null) {
            throw new IllegalArgumentException("nothing to ingest: give --queue-log DIR and/or --roster FILE");
        }
        Session session = Session.open(options.settings());
        new Ingest(session.warehouse(), session.settings().zone(), new Progress(System.out)).run(roster, queueLog);
        return 0;
    }
}
