package io.indicate.export;

import io.indicate.delta.DeltaRows;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a gold mart as CSV: a header of its column names, rows in key order, ISO dates, timestamps as ISO
 * local date-times ({@code *_local} columns: the contact centre's wall clock) or ISO instants with 'Z'
 * (the others), numbers without exponent, an empty cell for null.
 */
public final class CsvExport {
    private CsvExport() {}

    /** Writes {@code mart}'s rows to {@code out}; returns how many. */
    public static long write(DeltaRows mart, Path out) throws IOException {
        List<String> columns = mart.columns();
        List<Object[]> rows = new ArrayList<>(mart.rows());
        rows.sort(keyOrder(columns));
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new)).setRecordSeparator('\n').get())) {
            for (Object[] r : rows) {
                List<String> values = new ArrayList<>(r.length);
                for (int i = 0; i < r.length; i++) values.add(format(columns.get(i), r[i]));
                csv.printRecord(values);
            }
        }
        return rows.size();
    }

    /**
     * Rows in the order of the columns that are not bookkeeping ({@code _refreshed_at}, ...), each ascending with
     * nulls first, as SQL's {@code ORDER BY} of them sorts: text by its UTF-8 bytes, NaN above every number and
     * -0.0 equal to 0.0.
     */
    static Comparator<Object[]> keyOrder(List<String> columns) {
        int[] key = java.util.stream.IntStream.range(0, columns.size()).filter(i -> !columns.get(i).startsWith("_")).toArray();
        return (a, b) -> {
            for (int i : key) {
                int c = compareValues(a[i], b[i]);
                if (c != 0) return c;
            }
            return 0;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object a, Object b) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        if (a instanceof String x && b instanceof String y) {
            return Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));
        }
        if (a instanceof Double || a instanceof Float) {
            double x = ((Number) a).doubleValue(), y = ((Number) b).doubleValue();
            if (Double.isNaN(x) || Double.isNaN(y)) return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
            return x == y ? 0 : Double.compare(x, y);
        }
        return ((Comparable) a).compareTo(b);
    }

    static String format(String column, Object v) {
        if (v == null) return "";
        if (v instanceof Instant i) return column.endsWith("_local") ? LocalDateTime.ofInstant(i, ZoneOffset.UTC).toString() : i.toString();
        if (v instanceof Double d) return BigDecimal.valueOf(d).toPlainString();
        return v.toString();
    }
}
