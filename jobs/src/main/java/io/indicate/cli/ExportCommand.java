package io.indicate.cli;

import io.indicate.config.Settings;
import io.indicate.export.CsvExport;
import io.indicate.delta.DeltaRows;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Reads the mart with Delta Kernel, without starting Spark (a small export costs seconds, where a SparkSession
 * alone took most of them); a warehouse not yet created or migrated to this code's contracts is first opened
 * through Spark, which does that.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write a gold mart to a CSV file.")
public final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MART", description = "kpi_queue_interval, kpi_queue_daily, kpi_agent_interval, kpi_agent_daily, kpi_team_daily, kpi_org_daily, data_quality_daily, kpi_agent_goal_daily, kpi_team_goal_daily or kpi_coaching_daily")
    String mart;

    @Mixin WarehouseOptions options;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "CSV file to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        Table table = Table.goldMart(mart);
        Settings settings = options.settings();
        long t0 = System.nanoTime();
        Configuration conf = Session.readWithoutSpark(settings);
        long rows = CsvExport.write(DeltaRows.read(Warehouse.location(settings.warehouse(), table), conf), out);
        System.out.printf("export %s: %,d rows to %s  %.1f s%n", mart, rows, out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
