package io.indicate.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * The agent-versus-team view {@code serving.kpi_agent_vs_team_daily} (SQL in {@value #VIEW_RESOURCE}): created,
 * or re-created when its SQL changed (the SQL's hash is kept in the view's comment, so an unchanged view is not
 * touched).
 */
final class ServingView {
    private static final String VIEW_RESOURCE = "sql/serving/kpi_agent_vs_team_daily.sql";

    private ServingView() {}

    static void ensure(Connection c) throws SQLException {
        String sql = resource(VIEW_RESOURCE);
        String hash = sha256(sql);
        String current = null;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT obj_description(to_regclass('serving.kpi_agent_vs_team_daily'), 'pg_class')")) {
            if (rs.next()) current = rs.getString(1);
        }
        String wanted = "indicate sql sha256:" + hash;
        if (wanted.equals(current)) {
            c.rollback();
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP VIEW IF EXISTS serving.kpi_agent_vs_team_daily");
            s.execute(sql);
            s.execute("COMMENT ON VIEW serving.kpi_agent_vs_team_daily IS '" + wanted + "'");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    private static String resource(String name) {
        try (InputStream in = ServingView.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
