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
import java.util.List;

/**
 * Writes the access tables ({@link AccessTables}, derived from {@code silver.dim_agent} as of {@code today}) to
 * serving: compared with what they hold first, and replaced, all of them in one transaction, only when they differ.
 */
final class AccessTablesCopy {
    private AccessTablesCopy() {}

    /** Whether the tables were replaced (false: they already held these rows). */
    static boolean publish(Connection c, WarehouseTables warehouse, LocalDate today, int minTeamAgents) throws SQLException {
        KernelTable agents = warehouse.table(Table.SILVER_DIM_AGENT);
        List<String> cols = agents.columns();
        int[] at = java.util.stream.Stream.of("agent_id", "login", "team_id", "team_lead_login", "role", "valid_from", "valid_to")
                .mapToInt(cols::indexOf).toArray();
        List<AccessTables.AgentVersion> versions = new ArrayList<>();
        agents.forEachRow(r -> versions.add(new AccessTables.AgentVersion((String) r[at[0]], (String) r[at[1]], (String) r[at[2]],
                (String) r[at[3]], (String) r[at[4]], (LocalDate) r[at[5]], (LocalDate) r[at[6]])));
        // who has access is decided as of today (a future-dated roster row takes effect at the first publish
        // on or after its date), not by dim_agent's is_current, which marks the latest row
        List<AccessTables.Content> wanted = AccessTables.derive(versions, today, minTeamAgents);
        boolean same = true;
        for (AccessTables.Content t : wanted) {
            same &= ServingSchema.tableExists(c, t.table()) && currentRows(c, t).equals(t.rows());
        }
        if (same) {
            c.rollback();
            return false;
        }
        try (Statement s = c.createStatement()) {
            for (AccessTables.Content t : wanted) {
                s.execute("CREATE TABLE IF NOT EXISTS serving." + t.table() + " (" + t.ddl() + ")");
                s.execute("CREATE INDEX IF NOT EXISTS " + t.table() + "_" + t.columns().get(0) + "_idx ON serving."
                        + t.table() + " (" + t.columns().get(0) + ")");
                s.execute("DELETE FROM serving." + t.table());
                String insert = "INSERT INTO serving." + t.table() + " (" + String.join(", ", t.columns()) + ") VALUES ("
                        + String.join(", ", t.columns().stream().map(x -> "?").toList()) + ")";
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    for (List<Object> row : t.rows()) {
                        for (int i = 0; i < row.size(); i++) ps.setObject(i + 1, row.get(i));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            c.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    private static List<List<Object>> currentRows(Connection c, AccessTables.Content t) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + String.join(", ", t.columns()) + " FROM serving." + t.table())) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= t.columns().size(); i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof java.sql.Date d ? d.toLocalDate() : v);
                }
                rows.add(row);
            }
        }
        return AccessTables.sorted(rows);
    }
}
