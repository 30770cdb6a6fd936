package io.indicate.cli;

import io.indicate.maintenance.TableMaintenance;
import io.indicate.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "optimize", mixinStandardHelpOptions = true, description = "Compact the small files of every Delta table.")
public final class OptimizeCommand implements Callable<Integer> {
    @Mixin WarehouseOptions options;

    @Override
    public Integer call() throws Exception {
        return options.writing("optimize", options.settings(), session -> {
            new TableMaintenance(session.warehouse(), new Progress(System.out)).optimize();
            return 0;
        });
    }
}
