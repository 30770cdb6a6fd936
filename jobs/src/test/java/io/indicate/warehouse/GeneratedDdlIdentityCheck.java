package io.indicate.warehouse;

import io.indicate.testing.TestWarehouse;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Throw-away check (removed with the DDL files): every table created from the hand-written DDL file
 * warehouse-schema/ddl/<layer>/<name>.sql, as Warehouse created it before contracts, and from its generated
 * DDL has the same Delta schema (names, types, nullability, order), partition columns and table properties.
 */
class GeneratedDdlIdentityCheck {
    @Test
    void everyTableFromItsContractEqualsTheTableFromItsOldDdl(@TempDir Path dir) throws Exception {
        SparkSession spark = TestWarehouse.spark();
        List<String> report = new ArrayList<>();
        for (Table t : Table.values()) {
            String oldLocation = dir.resolve("old/" + t.layer().database() + "/" + t.tableName()).toString();
            String newLocation = dir.resolve("new/" + t.layer().database() + "/" + t.tableName()).toString();
            String ddl = Files.readString(Path.of("../warehouse-schema/ddl/" + t.layer().database() + "/" + t.tableName() + ".sql"));
            // Warehouse.createByPath before contracts
            String old = ddl.replace("${location}", oldLocation)
                    .replaceFirst("(?i)CREATE TABLE IF NOT EXISTS\\s+" + java.util.regex.Pattern.quote(t.qualifiedName()),
                            java.util.regex.Matcher.quoteReplacement("CREATE TABLE IF NOT EXISTS delta.`" + oldLocation + "`"))
                    .replaceFirst("(?m)^\\s*LOCATION\\s+'[^']*'\\s*$", "");
            spark.sql(old);
            spark.sql(t.contract().createTable("delta.`" + newLocation + "`"));
            Snapshot a = DeltaLog.forTable(spark, oldLocation).update(false, scala.Option.empty(), scala.Option.empty());
            Snapshot b = DeltaLog.forTable(spark, newLocation).update(false, scala.Option.empty(), scala.Option.empty());
            assertEquals(a.metadata().schema().json(), b.metadata().schema().json(), t + " schema");
            assertEquals(a.metadata().partitionColumns(), b.metadata().partitionColumns(), t + " partition columns");
            assertEquals(a.metadata().configuration(), b.metadata().configuration(), t + " table properties");
            assertEquals(a.protocol(), b.protocol(), t + " protocol");
            report.add(t.qualifiedName() + ": " + b.metadata().schema().fields().length + " columns, partitioned by "
                    + b.metadata().partitionColumns() + ", properties " + b.metadata().configuration());
        }
        report.forEach(System.out::println);
        // a warehouse whose tables the old DDL created opens under the contracts without a commit to any table
        java.util.Map<Table, Long> versions = new java.util.EnumMap<>(Table.class);
        for (Table t : Table.values()) versions.put(t, DeltaLog.forTable(spark, dir.resolve("old/" + t.layer().database() + "/" + t.tableName()).toString()).update(false, scala.Option.empty(), scala.Option.empty()).version());
        Warehouse w = Warehouse.open(spark, dir.resolve("old").toString());
        for (Table t : Table.values()) assertEquals(versions.get(t), w.version(t), t + " changed on open");
        System.out.println("opened the old-DDL warehouse: " + versions.size() + " tables, no table got a commit; contract file "
                + Files.readString(dir.resolve("old/" + Warehouse.CONTRACT_FILE)).strip());
    }
}
