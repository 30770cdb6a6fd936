package io.indicate.warehouse;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import java.util.Arrays;
import java.util.Map;

/**
 * One layer of the open warehouse ({@code bronze}, {@code silver}, {@code gold}, {@code meta}) as a Spark
 * catalog, so SQL names {@code gold.kpi_agent_daily} resolve to the Delta table under the root the session's
 * warehouse was opened on ({@link Warehouse#ROOT_CONF}). A name is resolved when a query uses it, by path:
 * opening a warehouse registers nothing per table, and a query reads only the Delta logs of the tables it
 * names. Read-only: tables are created and written through {@link Warehouse}.
 */
public final class LayerCatalog implements TableCatalog {
    private String layer;

    @Override
    public void initialize(String name, CaseInsensitiveStringMap options) {
        this.layer = name;
    }

    @Override
    public String name() {
        return layer;
    }

    @Override
    public Table loadTable(Identifier ident) throws NoSuchTableException {
        if (ident.namespace().length != 0) throw new NoSuchTableException(ident);
        io.indicate.warehouse.Table table = Arrays.stream(io.indicate.warehouse.Table.values())
                .filter(t -> t.layer().database().equals(layer) && t.tableName().equalsIgnoreCase(ident.name()))
                .findFirst().orElseThrow(() -> new NoSuchTableException(ident));
        SparkSession spark = SparkSession.active();
        String root = spark.conf().get(Warehouse.ROOT_CONF, null);
        if (root == null) throw new IllegalStateException(layer + "." + ident.name() + ": no warehouse is open in this session");
        TableCatalog delta = (TableCatalog) spark.sessionState().catalogManager().v2SessionCatalog();
        return delta.loadTable(Identifier.of(new String[]{"delta"}, Warehouse.locationUnder(root, table)));
    }

    @Override
    public Identifier[] listTables(String[] namespace) {
        return Arrays.stream(io.indicate.warehouse.Table.values()).filter(t -> t.layer().database().equals(layer))
                .map(t -> Identifier.of(new String[0], t.tableName())).toArray(Identifier[]::new);
    }

    @Override
    public Table createTable(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
        throw new UnsupportedOperationException(layer + "." + ident.name() + ": tables are created by Warehouse.open from their contracts (sql/<layer>/<table>.yml)");
    }

    @Override
    public Table alterTable(Identifier ident, TableChange... changes) {
        throw new UnsupportedOperationException(layer + "." + ident.name() + ": the contract changes in its file sql/<layer>/<table>.yml");
    }

    @Override
    public boolean dropTable(Identifier ident) {
        throw new UnsupportedOperationException(layer + "." + ident.name() + ": warehouse tables are not dropped by name");
    }

    @Override
    public void renameTable(Identifier oldIdent, Identifier newIdent) {
        throw new UnsupportedOperationException("warehouse tables are not renamed");
    }
}
