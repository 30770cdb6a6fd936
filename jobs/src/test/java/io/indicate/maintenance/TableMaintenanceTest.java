package io.indicate.maintenance;

import io.indicate.progress.Progress;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OPTIMIZE compacts, VACUUM deletes exactly the files no version needs any more; what queries return stays. */
@WarehouseTest
class TableMaintenanceTest {
    @Test
    void vacuumDeletesTheFilesOptimizeReplacedKeepsTheRowsAndLeavesTheListingParallelismAsItWas(@TempDir Path dir) throws IOException {
        TestWarehouse wh = new TestWarehouse(dir);
        // two deliveries of the roster: two data files in bronze.roster
        wh.ingest(wh.roster("A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01"), null);
        wh.ingest(wh.roster("A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01",
                "A2,bob.two,Agent Two,a2@example.com,PJSIP/202,102,T1,Team North,lead.one,agent,2025-02-01"), null);
        Path roster = Path.of(wh.warehouse().location(Table.BRONZE_ROSTER).replaceFirst("^file:", ""));
        List<String> rowsBefore = wh.snapshot(Table.BRONZE_ROSTER);
        assertTrue(dataFiles(roster).size() >= 2, "two deliveries, two files: " + dataFiles(roster));
        String parallelismBefore = wh.warehouse().spark().conf().get(TableMaintenance.LISTING_PARALLELISM);

        TableMaintenance maintenance = new TableMaintenance(wh.warehouse(), Progress.silent());
        maintenance.optimize(Table.BRONZE_ROSTER);
        List<Path> afterOptimize = dataFiles(roster);
        maintenance.vacuum(0, Table.BRONZE_ROSTER);

        List<Path> afterVacuum = dataFiles(roster);
        assertEquals(1, afterVacuum.size(), "one compacted file is left: " + afterVacuum);
        assertTrue(afterOptimize.containsAll(afterVacuum) && afterOptimize.size() > afterVacuum.size(),
                "vacuum deleted the replaced files only: " + afterOptimize + " -> " + afterVacuum);
        assertEquals(rowsBefore, wh.snapshot(Table.BRONZE_ROSTER));
        assertEquals(parallelismBefore, wh.warehouse().spark().conf().get(TableMaintenance.LISTING_PARALLELISM));
    }

    private static List<Path> dataFiles(Path table) throws IOException {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet") && !p.toString().contains("_delta_log"))
                    .sorted().toList();
        }
    }
}
