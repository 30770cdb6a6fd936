package io.indicate.telephony;

import io.indicate.testing.ModelTest;
import io.indicate.testing.TestWarehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ModelTest
class EpochRangesTest {
    private static final long DAY = 86_400L;
    private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").getEpochSecond();

    @Test
    void spansThatOverlapOrTouchAreMergedAndTheRestKeptApartInTimeOrder() {
        EpochRanges r = EpochRanges.of(List.of(
                new long[]{500, 600}, new long[]{100, 200}, new long[]{150, 300}, new long[]{301, 400}, new long[]{402, 450}));

        assertEquals(List.of("100-400", "402-450", "500-600"), text(r.spans()),
                "100-200 and 150-300 overlap, 301 touches 300; 402 leaves 401 out, so it stays apart");
        assertThrows(IllegalArgumentException.class, () -> EpochRanges.of(List.<long[]>of(new long[]{5, 4})));
    }

    @Test
    void fewSpansAndManySpansKeepExactlyTheRowsWhoseEpochIsInOne() {
        List<Row> rows = new ArrayList<>();
        for (long e = T0; e < T0 + 3 * DAY; e += 997) rows.add(RowFactory.create(e, utcDate(e)));
        StructType schema = new StructType().add("epoch", DataTypes.LongType).add("event_date", DataTypes.DateType);
        Dataset<Row> bronze = TestWarehouse.spark().createDataFrame(rows, schema);

        List<long[]> few = List.of(new long[]{T0 + 3_600, T0 + 7_200}, new long[]{T0 + DAY - 600, T0 + DAY + 600});
        List<long[]> many = new ArrayList<>();
        for (int i = 0; i < 3 * EpochRanges.MAX_PREDICATES; i++) many.add(new long[]{T0 + i * 9_000L, T0 + i * 9_000L + 2_000});
        many.add(new long[]{T0 + 2 * DAY - 5_000, T0 + 2 * DAY + 5_000});  // over UTC midnight: cut in two pieces

        for (List<long[]> spans : List.of(few, many)) {
            TreeSet<Long> expected = new TreeSet<>();
            for (Row row : rows) {
                long e = row.getLong(0);
                if (spans.stream().anyMatch(s -> s[0] <= e && e <= s[1])) expected.add(e);
            }
            TreeSet<Long> kept = new TreeSet<>();
            for (Row row : EpochRanges.of(spans).keep(bronze).collectAsList()) kept.add(row.getLong(0));
            assertEquals(expected, kept, spans.size() + " spans");
            assertEquals(expected.size(), EpochRanges.of(spans).keep(bronze).count(), "each row once, even where spans meet");
        }
    }

    private static java.sql.Date utcDate(long epoch) {
        return java.sql.Date.valueOf(Instant.ofEpochSecond(epoch).atOffset(ZoneOffset.UTC).toLocalDate());
    }

    private static List<String> text(List<long[]> spans) {
        return spans.stream().map(s -> s[0] + "-" + s[1]).toList();
    }
}
