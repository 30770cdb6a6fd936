package io.indicate.testing;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A test stand-in for {@code io.indicate.warehouse.LayerCatalog}: one layer ({@code bronze}, {@code silver},
 * {@code gold}) whose tables are rows held in memory, put here by {@link ModelHarness}. A model's SQL names
 * {@code silver.fact_ticket} as in production and reads these rows instead of a Delta table.
 */
public final class RowsCatalog implements TableCatalog {
    private String layer;
    private final Map<String, RowsTable> tables = new TreeMap<>();

    @Override
    public void initialize(String name, CaseInsensitiveStringMap options) {
        this.layer = name;
    }

    @Override
    public String name() {
        return layer;
    }

    /** Makes {@code <layer>.<table>} read {@code rows} (InternalRows of {@code schema}). */
    public void put(String table, StructType schema, List<InternalRow> rows) {
        tables.put(table.toLowerCase(Locale.ROOT), new RowsTable(layer + "." + table, schema, List.copyOf(rows)));
    }

    @Override
    public Table loadTable(Identifier ident) throws NoSuchTableException {
        RowsTable t = ident.namespace().length == 0 ? tables.get(ident.name().toLowerCase(Locale.ROOT)) : null;
        if (t == null) throw new NoSuchTableException(ident);
        return t;
    }

    @Override
    public Identifier[] listTables(String[] namespace) {
        return tables.keySet().stream().map(n -> Identifier.of(new String[0], n)).toArray(Identifier[]::new);
    }

    @Override
    public Table createTable(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
        throw new UnsupportedOperationException("a model test states its tables through ModelHarness.given");
    }

    @Override
    public Table alterTable(Identifier ident, TableChange... changes) {
        throw new UnsupportedOperationException("a model test states its tables through ModelHarness.given");
    }

    @Override
    public boolean dropTable(Identifier ident) {
        return tables.remove(ident.name().toLowerCase(Locale.ROOT)) != null;
    }

    @Override
    public void renameTable(Identifier oldIdent, Identifier newIdent) {
        throw new UnsupportedOperationException("a model test states its tables through ModelHarness.given");
    }

    /** A table of rows read in one partition. */
    private record RowsTable(String name, StructType schema, List<InternalRow> rows) implements SupportsRead {
        @Override
        public Set<TableCapability> capabilities() {
            return Set.of(TableCapability.BATCH_READ);
        }

        @Override
        public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
            return () -> new Scan() {
                @Override
                public StructType readSchema() {
                    return schema;
                }

                @Override
                public Batch toBatch() {
                    return new Batch() {
                        @Override
                        public InputPartition[] planInputPartitions() {
                            return new InputPartition[]{new RowsPartition(rows.toArray(new InternalRow[0]))};
                        }

                        @Override
                        public PartitionReaderFactory createReaderFactory() {
                            return partition -> new RowsReader(((RowsPartition) partition).rows());
                        }
                    };
                }
            };
        }
    }

    private record RowsPartition(InternalRow[] rows) implements InputPartition {}

    private static final class RowsReader implements PartitionReader<InternalRow> {
        private final InternalRow[] rows;
        private int next = -1;

        RowsReader(InternalRow[] rows) {
            this.rows = rows;
        }

        @Override
        public boolean next() {
            return ++next < rows.length;
        }

        @Override
        public InternalRow get() {
            return rows[next];
        }

        @Override
        public void close() {}
    }
}
