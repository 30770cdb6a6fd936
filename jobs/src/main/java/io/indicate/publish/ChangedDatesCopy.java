package io.indicate.publish;

import io.indicate.delta.KernelTable;
import io.indicate.warehouse.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The JDBC copy of one warehouse table's changed dates into its serving table: in one transaction the table is
 * created or migrated ({@link ServingSchema}), the dates deleted (and, with a window, the days before it) and their
 * rows inserted, so a reader sees the old day or the new day, never half of one.
 */
final class ChangedDatesCopy {
    private static final int ROWS_PER_BATCH = 1000;

    private static final String DATE = "date_local";

    private final WarehouseTables warehouse;
    private final Clock clock;
    private final ZoneId zone;
    private final Consumer<String> afterDelete;

    /** {@code afterDelete} is called inside a table's transaction right after its dates were deleted (tests fail there). */
    ChangedDatesCopy(WarehouseTables warehouse, Clock clock, ZoneId zone, Consumer<String> afterDelete) {
        this.warehouse = warehouse;
        this.clock = clock;
        this.zone = zone;
        this.afterDelete = afterDelete;
    }

    /**
     * The first day of a table's serving window of {@code days} local days. The window ends today, or on the newest
     * day the table holds when that is earlier: a warehouse whose feed stopped, or a back-fill of an old period,
     * keeps its last days in serving rather than none.
     */
    LocalDate windowStart(Table t, int days) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        SortedSet<LocalDate> held = warehouse.table(t).partitionDates(DATE);
        LocalDate end = held.isEmpty() ? today : held.last();
        return (end.isBefore(today) ? end : today).minusDays(days - 1L);
    }

    /**
     * Replaces the given dates of one table (all of its dates if the serving table is new). With
     * {@code oldestKept}, dates before it are left out and deleted from serving.
     */
    Publisher.TableResult copy(Connection c, Table table, TreeSet<LocalDate> pendingDates, LocalDate oldestKept)
            throws SQLException {
        long started = System.nanoTime();
        KernelTable source = warehouse.table(table);
        ServingTable target = new ServingTable(table.tableName(), source.sparkSchema());
        boolean exists = ServingSchema.tableExists(c, table.tableName());
        TreeSet<LocalDate> dates = new TreeSet<>(pendingDates);
        if (oldestKept != null) dates.removeIf(d -> d.isBefore(oldestKept));
        boolean expire = oldestKept != null && exists && hasRowsBefore(c, target, oldestKept);
        if (exists && dates.isEmpty() && !expire) {
            c.rollback();
            return new Publisher.TableResult(table.tableName(), 0, 0, 0, false, false);
        }
        // an existing table: the changed dates; a new one: every date (in the window)
        Predicate<LocalDate> copied = exists ? dates::contains : oldestKept == null ? d -> true : d -> !d.isBefore(oldestKept);
        Inserted inserted;
        try (Statement s = c.createStatement()) {
            ServingSchema.createOrMigrate(c, target, exists);
            deleteDates(c, target, dates);
            if (expire) s.executeUpdate("DELETE FROM " + target.qualified() + " WHERE date_local < DATE '" + oldestKept + "'");
            afterDelete.accept(table.tableName());
            inserted = exists && dates.isEmpty() ? new Inserted(0, Set.of()) : insert(c, target, source, copied);
            if (table == Table.GOLD_KPI_AGENT_DAILY) TeamMedians.replace(c, exists ? dates : null);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
        int replaced = exists ? dates.size() : inserted.dates().size();
        return new Publisher.TableResult(table.tableName(), replaced, inserted.rows(), (System.nanoTime() - started) / 1e9, !exists, expire);
    }

    private record Inserted(long rows, Set<LocalDate> dates) {}

    /**
     * Streams the rows of the dates {@code copied} accepts, file by file (a first publish may hold years of
     * intervals), into JDBC batches; the rows go into the open transaction, so none is visible before the commit.
     */
    private static Inserted insert(Connection c, ServingTable target, KernelTable source, Predicate<LocalDate> copied)
            throws SQLException {
        Set<LocalDate> dates = new TreeSet<>();
        int dateColumn = source.columns().indexOf(DATE);
        try (PreparedStatement ps = c.prepareStatement(target.insertSql())) {
            int[] inBatch = {0};
            long rows = source.forEachRowOn(DATE, copied, r -> {
                dates.add((LocalDate) r[dateColumn]);
                target.bind(ps, r);
                ps.addBatch();
                if (++inBatch[0] == ROWS_PER_BATCH) {
                    ps.executeBatch();
                    inBatch[0] = 0;
                }
            });
            if (inBatch[0] > 0) ps.executeBatch();
            return new Inserted(rows, dates);
        }
    }

    private static void deleteDates(Connection c, ServingTable target, Set<LocalDate> dates) throws SQLException {
        if (dates.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + target.qualified() + " WHERE date_local = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("date", dates.stream().map(java.sql.Date::valueOf).toArray()));
            ps.executeUpdate();
        }
    }

    private static boolean hasRowsBefore(Connection c, ServingTable target, LocalDate day) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM " + target.qualified() + " WHERE date_local < DATE '" + day + "' LIMIT 1")) {
            return rs.next();
        }
    }
}
