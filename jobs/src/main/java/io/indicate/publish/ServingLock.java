package io.indicate.publish;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The serving lock: two publishes at once could each delete a date before the other's rows are committed and
 * then both insert it, so a session-wide advisory lock (released when the connection closes) lets only one run.
 */
final class ServingLock {
    /** Advisory lock key of publishing ("INDPUB" in ASCII), the same for every publisher of a database. */
    private static final long PUBLISH_LOCK = 0x494E44505542L;

    private ServingLock() {}

    /** Takes the lock for the life of {@code c}, or fails when another publish holds it. */
    static void acquire(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + PUBLISH_LOCK + ")")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new IllegalStateException("another publish to this database is running; try again when it has finished");
            }
        }
        c.commit();
    }
}
