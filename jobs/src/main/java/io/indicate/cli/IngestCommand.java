package io.indicate.cli;

import io.indicate.ingest.Ingest;
import io.indicate.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Land source files in bronze: new lines loaded, repeats counted once, bad lines quarantined.")
public final class IngestCommand implements Callable<Integer> {
    @Mixin WarehouseOptions options;

    @Mixin SourceOptions sources;

    @Override
    public Integer call() throws Exception {
        sources.requireAny();
        return options.writing("ingest", options.settings(), session -> {
            new Ingest(session.warehouse(), session.settings(), new Progress(System.out)).run(sources.locations());
            return 0;
        });
    }
}
