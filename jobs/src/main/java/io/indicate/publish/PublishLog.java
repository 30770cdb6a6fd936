package io.indicate.publish;

import io.indicate.delta.KernelTable;
import io.indicate.warehouse.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The publish bookkeeping: the builds of {@code meta.build_log} not yet in {@code serving.publish_log} (what a
 * run has to copy), and recording them there once their dates are published.
 */
final class PublishLog {
    private PublishLog() {}

    /**
     * A build of meta.build_log: every date it replaced, and per table the dates that table's write replaced (null for
     * a build logged before builds recorded them: then each table replaced every date).
     */
    record Build(String id, List<LocalDate> dates, Map<String, List<LocalDate>> byTable) {
        List<LocalDate> datesOf(Table t) {
            return byTable == null ? dates : byTable.getOrDefault(t.qualifiedName(), List.of());
        }
    }

    /** The builds of the warehouse's build log that {@code serving.publish_log} (created if missing) lacks. */
    static List<Build> pending(Connection c, WarehouseTables warehouse) throws SQLException {
        ensure(c);
        List<Build> builds = readBuildLog(warehouse);
        Set<String> published = publishedBuilds(c);
        return builds.stream().filter(b -> !published.contains(b.id())).toList();
    }

    /** The dates of {@code t} the pending builds replaced: what publish copies of it. */
    static TreeSet<LocalDate> datesOf(Table t, List<Build> pending) {
        TreeSet<LocalDate> out = new TreeSet<>();
        pending.forEach(b -> out.addAll(b.datesOf(t)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Build> readBuildLog(WarehouseTables warehouse) {
        KernelTable log = warehouse.table(Table.META_BUILD_LOG);
        int id = log.columns().indexOf("build_id");
        int dates = log.columns().indexOf("dates_rebuilt");
        int byTable = log.columns().indexOf("dates_by_table");
        List<Build> builds = new ArrayList<>();
        log.forEachRow(r -> {
            Map<String, List<LocalDate>> perTable = null;
            if (r[byTable] != null) {
                perTable = new HashMap<>();
                for (Map.Entry<Object, Object> e : ((Map<Object, Object>) r[byTable]).entrySet()) {
                    perTable.put((String) e.getKey(), (List<LocalDate>) e.getValue());
                }
            }
            builds.add(new Build((String) r[id], (List<LocalDate>) r[dates], perTable));
        });
        return builds;
    }

    private static void ensure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // only when missing: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema
            // exists, which a publisher that merely owns the schema does not have
            boolean schemaExists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = 'serving'")) {
                schemaExists = rs.next();
            }
            if (!schemaExists) s.execute("CREATE SCHEMA serving");
            s.execute("CREATE TABLE IF NOT EXISTS serving.publish_log (build_id text PRIMARY KEY, published_at timestamptz NOT NULL)");
        }
        c.commit();
    }

    private static Set<String> publishedBuilds(Connection c) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT build_id FROM serving.publish_log")) {
            while (rs.next()) ids.add(rs.getString(1));
        }
        c.commit();
        return ids;
    }

    /** Records the builds as published (a build already recorded is left as it is). */
    static void record(Connection c, List<Build> pending) throws SQLException {
        if (pending.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO serving.publish_log (build_id, published_at) VALUES (?, now()) ON CONFLICT (build_id) DO NOTHING")) {
            for (Build b : new LinkedHashSet<>(pending)) {
                ps.setString(1, b.id());
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }
}
