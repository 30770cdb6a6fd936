package io.indicate.publish;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServingDatabaseTest {
    @TempDir Path dir;

    @Test
    void dataInADataDirectorySurvivesARestartAndOtherUsersNeedTheirPassword() throws SQLException {
        Path data = dir.resolve("pg");
        int port;
        try (ServingDatabase db = ServingDatabase.builder().dataDirectory(data).start()) {
            port = db.port();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE serving.kept (v int)");
                s.execute("INSERT INTO serving.kept VALUES (42)");
            }
            db.createReader("reader_one", "pw-one");
            assertEquals("postgresql+psycopg2://reader_one@host.docker.internal:" + port + "/indicate",
                    db.sqlalchemyUrl("reader_one", "host.docker.internal"));
            assertEquals("jdbc:postgresql://localhost:" + port + "/indicate", db.jdbcUrl());
        }

        try (ServingDatabase again = ServingDatabase.builder().dataDirectory(data).start()) {
            try (Connection c = DriverManager.getConnection(again.jdbcUrl(), "reader_one", "pw-one");
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM serving.kept")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
                SQLException readOnly = assertThrows(SQLException.class, () -> s.execute("DELETE FROM serving.kept"));
                assertEquals("42501", readOnly.getSQLState(), "the reader may not change data");
            }
            SQLException refused = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(again.jdbcUrl(), "reader_one", "not-the-password"));
            assertEquals("28P01", refused.getSQLState());
        }
    }

    @Test
    void thePublisherOwnsTheServingSchemaAndTheReaderReadsWhatItPublishesLater() throws SQLException {
        try (ServingDatabase db = ServingDatabase.builder().start()) {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE serving.before_publisher (v int)");
            }
            db.createPublisher("publisher_one", "pub-pw");
            db.createReader("reader_two", "read-pw");
            try (Connection pub = DriverManager.getConnection(db.jdbcUrl(), "publisher_one", "pub-pw"); Statement s = pub.createStatement()) {
                s.execute("INSERT INTO serving.before_publisher VALUES (1)");
                s.execute("CREATE TABLE serving.published_later (v int)");
                s.execute("INSERT INTO serving.published_later VALUES (2)");
                SQLException elsewhere = assertThrows(SQLException.class, () -> s.execute("CREATE TABLE public.not_here (v int)"));
                assertEquals("42501", elsewhere.getSQLState(), "the publisher may create in serving only");
            }
            try (Connection read = DriverManager.getConnection(db.jdbcUrl(), "reader_two", "read-pw"); Statement s = read.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT sum(v) FROM serving.before_publisher) + (SELECT sum(v) FROM serving.published_later)")) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(1));
            }
        }
    }

    @Test
    void aDatabaseUserNameThatCouldBreakTheStatementIsRefused() {
        try (ServingDatabase db = ServingDatabase.builder().start()) {
            assertThrows(IllegalArgumentException.class, () -> db.createReader("x\"; DROP SCHEMA serving; --", "pw"));
        }
    }
}
