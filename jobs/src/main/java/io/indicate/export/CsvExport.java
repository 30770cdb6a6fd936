package io.indicate.export;

import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * Writes a gold mart as CSV: a header of its column names, rows in key order, ISO dates, timestamps as ISO
 * local date-times ({@code *_local} columns: the contact centre's wall clock) or ISO instants with 'Z'
 * (the others), numbers without exponent, an empty cell for null.
 */
public final class CsvExport {
    private CsvExport() {}

    public static long write(Warehouse warehouse, Table mart, Path out) throws IOException {
        Dataset<Row> df = warehouse.read(mart);
        String[] columns = df.columns();
        Column[] order = Arrays.stream(columns).filter(c -> !c.startsWith("_")).map(c -> col("`" + c + "`")).toArray(Column[]::new);
        List<Row> rows = df.orderBy(order).collectAsList();
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        StructField[] fields = df.schema().fields();
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(columns).setRecordSeparator('\n').get())) {
            for (Row r : rows) {
                List<String> values = new ArrayList<>(fields.length);
                for (int i = 0; i < fields.length; i++) values.add(format(fields[i].name(), r.get(i)));
                csv.printRecord(values);
            }
        }
        return rows.size();
    }

    static String format(String column, Object v) {
        if (v == null) return "";
        if (v instanceof Timestamp ts) {
            var utc = ts.toInstant().atOffset(ZoneOffset.UTC);
            return column.endsWith("_local") ? utc.toLocalDateTime().toString() : utc.toInstant().toString();
        }
        if (v instanceof java.sql.Date d) return d.toLocalDate().toString();
        if (v instanceof Double d) return BigDecimal.valueOf(d).toPlainString();
        return v.toString();
    }
}
