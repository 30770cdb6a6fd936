package io.indicate.cli;

import io.indicate.maintenance.TableMaintenance;
import io.indicate.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "vacuum", mixinStandardHelpOptions = true,
        description = "Delete files of every Delta table that no version within the retention needs.")
public final class VacuumCommand implements Callable<Integer> {
    @Mixin WarehouseOptions options;

    @Option(names = "--retain-hours", paramLabel = "H", defaultValue = "168",
            description = "keep the files of the last H hours of versions (default ${DEFAULT-VALUE})")
    int retainHours;

    @Override
    public Integer call() throws Exception {
        WarehouseOptions.Work vacuum = session -> {
            new TableMaintenance(session.warehouse(), new Progress(System.out)).vacuum(retainHours);
            return 0;
        };
        // without any retention, the file of a digest's append not yet committed would go too: wait for the digest
        return retainHours == 0 ? options.writingWithDigestLock("vacuum", options.settings(), vacuum)
                : options.writing("vacuum", options.settings(), vacuum);
    }
}
