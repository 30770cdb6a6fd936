package io.indicate.build;

import io.indicate.spark.SparkSizing;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A build sizes Spark by the queue_log lines its dates hold, estimated from the ingest log alone: a file counts
 * with the share of its event span that falls on the dates. Below {@code small_build_lines} it runs with small-data
 * settings, above with Spark's defaults; a setting given as a JVM system property is never overridden.
 */
@WarehouseTest
class BuildSizingTest {
    @Test
    void theLinesOfTheDatesAreEstimatedFromEachFilesShareOfItsSpan(@TempDir Path dir) throws Exception {
        TestWarehouse wh = new TestWarehouse(dir);
        QueueLogLines day = QueueLogLines.stockholm();
        // file one: 4 lines, all on the 9th (Stockholm)
        for (int i = 0; i < 4; i++) day.at("2026-03-09T09:0" + i + ":00", "NONE", "support", "PJSIP/20" + i, "ADDMEMBER");
        wh.write("ql", "queue_log.1", day.content());
        // file two: 5 lines from noon on the 10th to noon on the 11th, half of its span on each date
        QueueLogLines span = QueueLogLines.stockholm()
                .at("2026-03-10T12:00:00", "NONE", "support", "PJSIP/301", "ADDMEMBER")
                .at("2026-03-10T18:00:00", "NONE", "support", "PJSIP/302", "ADDMEMBER")
                .at("2026-03-11T00:30:00", "NONE", "support", "PJSIP/303", "ADDMEMBER")
                .at("2026-03-11T06:00:00", "NONE", "support", "PJSIP/304", "ADDMEMBER")
                .at("2026-03-11T12:00:00", "NONE", "support", "PJSIP/305", "ADDMEMBER");
        wh.write("ql", "queue_log", span.content());
        wh.ingest(null, wh.folder("ql"));
        BuildPlanner planner = wh.builder().planner();

        assertEquals(4, planner.queueLogLinesOn(dates("2026-03-09", "2026-03-09")));
        // 5 lines x (43,200 s of the 86,401 s span) = 2.49997
        assertEquals(2, planner.queueLogLinesOn(dates("2026-03-10", "2026-03-10")));
        assertEquals(9, planner.queueLogLinesOn(dates("2026-03-09", "2026-03-11")));
        assertEquals(0, planner.queueLogLinesOn(dates("2026-03-12", "2026-03-20")));
        assertEquals(0, planner.queueLogLinesOn(new TreeSet<>()));
    }

    @Test
    void smallStepsRunInterpretedAndLargeOnesWithSparksDefaultsUnlessAPropertySaysOtherwise() {
        assertEquals(SparkSizing.Size.SMALL, SparkSizing.forRows(99_999, 100_000));
        assertEquals(SparkSizing.Size.LARGE, SparkSizing.forRows(100_000, 100_000));
        assertEquals(SparkSizing.Size.LARGE, SparkSizing.forRows(0, 0), "small_build_lines 0: always Spark's defaults");

        SparkSession spark = TestWarehouse.spark();
        // the test JVM gives all three keys as system properties (test-sized Spark): they stay as given
        String givenCodegen = spark.conf().get("spark.sql.codegen.factoryMode");
        SparkSizing.apply(spark, SparkSizing.Size.LARGE);
        assertEquals(System.getProperty("spark.sql.codegen.factoryMode"), spark.conf().get("spark.sql.codegen.factoryMode"));
        assertEquals(givenCodegen, spark.conf().get("spark.sql.codegen.factoryMode"));

        // a key not given as a property follows the size
        String key = "spark.sql.adaptive.enabled";
        String property = System.clearProperty(key);
        String before = spark.conf().get(key);
        try {
            SparkSizing.apply(spark, SparkSizing.Size.LARGE);
            assertEquals("true", spark.conf().get(key));
            SparkSizing.apply(spark, SparkSizing.Size.SMALL);
            assertEquals("false", spark.conf().get(key));
        } finally {
            if (property != null) System.setProperty(key, property);
            spark.conf().set(key, before);
        }
    }

    private static SortedSet<LocalDate> dates(String from, String to) {
        SortedSet<LocalDate> out = new TreeSet<>();
        for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1)) out.add(d);
        return out;
    }
}
