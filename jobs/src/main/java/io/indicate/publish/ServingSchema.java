package io.indicate.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * The DDL of the serving tables copied from the warehouse: a table is created from its warehouse schema when
 * missing, and an existing one migrated (the columns it lacks added); either way its indexes are ensured.
 * Runs inside the caller's transaction.
 */
final class ServingSchema {
    private ServingSchema() {}

    static boolean tableExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = 'serving' AND table_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Creates {@code target} (when {@code exists} is false) or adds the columns it lacks, then its indexes. */
    static void createOrMigrate(Connection c, ServingTable target, boolean exists) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (exists) {
                for (String sql : target.addColumnsSql(columnsOf(c, target.name()))) s.execute(sql);
            } else {
                s.execute(target.createSql());
            }
            for (String sql : target.indexSql()) s.execute(sql);
        }
    }

    private static Set<String> columnsOf(Connection c, String table) throws SQLException {
        Set<String> cols = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'serving' AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) cols.add(rs.getString(1));
            }
        }
        return cols;
    }
}
