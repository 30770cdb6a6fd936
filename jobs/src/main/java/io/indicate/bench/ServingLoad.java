package io.indicate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.indicate.superset.KpiDatasets;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ExecutionException;

/**
 * Agents opening the "My performance" dashboard at the same time: {@code sessions} sessions, each acting as a
 * different agent of {@code serving.access_person}, each sending the dashboard's queries ({@link MyPerformanceQueries})
 * one after another, {@code loads} times over, through a pool of {@code connections} (default: one per session).
 * All sessions start together, after {@code warmUpLoads} untimed loads each. Every row of every result is read, as
 * Superset reads them. What this leaves out: Superset itself opens a new database connection for every chart query
 * (SQLAlchemy's NullPool, superset/models/core.py), a PostgreSQL back-end start of a few milliseconds each that a
 * connection pooler in front of the serving database (PgBouncer) removes; the pool here measures the queries.
 *
 * <p>Contract: the report holds, per query and over all queries, how many ran, the rows they returned and the
 * latency percentiles (nearest rank), and the queries per second over the wall time of the whole load. A
 * failing query fails the run (naming the query and the agent); it is never counted as a fast one.
 */
public final class ServingLoad {
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final int sessions;
    private final int connections;
    private final int loads;
    private final int warmUpLoads;
    private final LocalDate today;
    private final Path assets;
    /** Admits at most {@code connections} queries at a time, in the order they asked (a fair semaphore). */
    private final Semaphore admit;

    private ServingLoad(Builder b) {
        this.jdbcUrl = Objects.requireNonNull(b.jdbcUrl, "jdbcUrl");
        this.user = b.user;
        this.password = b.password;
        this.sessions = b.sessions;
        this.connections = b.connections > 0 ? b.connections : b.sessions;
        this.loads = b.loads;
        this.warmUpLoads = b.warmUpLoads;
        this.today = b.today;
        this.assets = b.assets;
        this.admit = new Semaphore(this.connections, true);
    }

    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    public static final class Builder {
        private final String jdbcUrl;
        private String user;
        private String password;
        private int sessions = 50;
        private int connections;
        private int loads = 10;
        private int warmUpLoads = 1;
        private LocalDate today;
        private Path assets = Path.of("superset/assets");

        private Builder(String jdbcUrl) { this.jdbcUrl = jdbcUrl; }

        public Builder user(String v) { this.user = v; return this; }
        public Builder password(String v) { this.password = v; return this; }

        public Builder sessions(int n) {
            if (n < 1) throw new IllegalArgumentException("sessions must be at least 1, got " + n);
            this.sessions = n;
            return this;
        }

        /**
         * The connections the sessions share (default: one per session): the concurrency the serving side admits,
         * e.g. the request threads of Superset's workers, which each run one chart query at a time, or a PgBouncer
         * pool. A session waiting for a connection waits in its measured time, as a dashboard waits for a thread,
         * and the waiting sessions are served first come, first served, as gunicorn's request queue and PgBouncer's
         * client queue serve them. The pool alone does not: Hikari hands a returned connection to the thread that
         * returned it when that thread asks again, so some sessions overtook others, and at 4 connections for 50
         * sessions the p95 was 103 ms with a FIFO queue's throughput, against 35 ms in turn (1,000-agent bench
         * database, 2026-12-05).
         */
        public Builder connections(int n) {
            if (n < 1) throw new IllegalArgumentException("connections must be at least 1, got " + n);
            this.connections = n;
            return this;
        }

        /**
         * Untimed loads per session before the clock starts (default 1): the first query of a new connection fills
         * PostgreSQL's per-connection catalog caches and runs the client's code cold, costs a long-running serving
         * database and client have paid long before.
         */
        public Builder warmUpLoads(int n) {
            if (n < 0) throw new IllegalArgumentException("warm-up loads must be 0 or more, got " + n);
            this.warmUpLoads = n;
            return this;
        }

        /** How many times each session loads the whole dashboard. */
        public Builder loads(int n) {
            if (n < 1) throw new IllegalArgumentException("loads must be at least 1, got " + n);
            this.loads = n;
            return this;
        }

        /** The dashboard's "today"; null (default): the latest date of {@code serving.kpi_agent_interval}. */
        public Builder today(LocalDate d) { this.today = d; return this; }

        /** The dashboards-as-code folder the dashboard's queries are derived from (default {@code superset/assets}). */
        public Builder assets(Path dir) { this.assets = Objects.requireNonNull(dir, "assets"); return this; }

        public ServingLoad build() { return new ServingLoad(this); }
    }

    /** Latencies of one query (or all of them): nearest-rank percentiles in milliseconds. */
    public record Stats(String query, int count, long rows, double p50Ms, double p95Ms, double maxMs) {
        static Stats of(String query, long[] nanos, long rows) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Stats(query, sorted.length, rows, rank(sorted, 0.50) / 1e6, rank(sorted, 0.95) / 1e6,
                    sorted[sorted.length - 1] / 1e6);
        }

        private static long rank(long[] sorted, double p) {
            return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
        }
    }

    public record Report(LocalDate today, int sessions, int connections, int loads, List<Stats> queries, Stats overall, double seconds) {
        public double queriesPerSecond() { return overall.count() / seconds; }
    }

    private record Timing(String query, long nanos, long rows) {}

    public Report run() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) config.setUsername(user);
        if (password != null) config.setPassword(password);
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(connections);
        config.setReadOnly(true);
        config.setPoolName("serving-load");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            LocalDate day = today != null ? today : latestIntervalDate(pool);
            List<String> agents = agents(pool);
            // read once, before the clock starts: every session derives its queries from the same files
            Map<String, JsonNode> files = KpiDatasets.read(assets, MyPerformanceQueries.ZONE);
            CountDownLatch warmed = new CountDownLatch(agents.size());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(sessions);
            try {
                List<Future<List<Timing>>> runs = new ArrayList<>();
                for (String agent : agents) {
                    runs.add(threads.submit(() -> session(pool, files, agent, day, warmed, start)));
                }
                while (!warmed.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    for (Future<List<Timing>> r : runs) if (r.isDone()) r.get();  // a session failed while warming up
                }
                long began = System.nanoTime();
                start.countDown();
                List<Timing> all = new ArrayList<>();
                for (Future<List<Timing>> r : runs) all.addAll(r.get());
                double seconds = (System.nanoTime() - began) / 1e9;
                return report(day, all, seconds);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("serving load interrupted", e);
            } finally {
                threads.shutdownNow();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("serving load failed: " + e.getMessage(), e);
        }
    }

    private List<Timing> session(HikariDataSource pool, Map<String, JsonNode> files, String agent, LocalDate day,
                                 CountDownLatch warmed, CountDownLatch start) throws Exception {
        List<MyPerformanceQueries.Query> queries = MyPerformanceQueries.forAgent(files, agent, day);
        load(pool, admit, queries, agent, warmUpLoads);
        warmed.countDown();
        start.await();
        return load(pool, admit, queries, agent, loads);
    }

    /** {@code loads} dashboard loads, one query after another: each query's time, from asking for a connection to its last row. */
    private static List<Timing> load(HikariDataSource pool, Semaphore admit, List<MyPerformanceQueries.Query> queries, String agent, int loads) {
        List<Timing> timings = new ArrayList<>();
        for (int load = 0; load < loads; load++) {
            // each chart request takes a connection of its own from the pool, as each runs on a Superset thread
            for (MyPerformanceQueries.Query q : queries) {
                long t0 = System.nanoTime();
                long rows = 0;
                admit.acquireUninterruptibly();
                try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q.sql())) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) rs.getObject(i);
                        rows++;
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("query " + q.name() + " as agent " + agent + " failed: " + e.getMessage(), e);
                } finally {
                    admit.release();
                }
                timings.add(new Timing(q.name(), System.nanoTime() - t0, rows));
            }
        }
        return timings;
    }

    private Report report(LocalDate day, List<Timing> all, double seconds) {
        Map<String, List<Timing>> byQuery = new LinkedHashMap<>();
        for (Timing t : all) byQuery.computeIfAbsent(t.query(), k -> new ArrayList<>()).add(t);
        List<Stats> perQuery = new ArrayList<>();
        byQuery.forEach((name, ts) -> perQuery.add(stats(name, ts)));
        return new Report(day, sessions, connections, loads, List.copyOf(perQuery), stats("all", all), seconds);
    }

    private static Stats stats(String name, List<Timing> timings) {
        return Stats.of(name, timings.stream().mapToLong(Timing::nanos).toArray(), timings.stream().mapToLong(Timing::rows).sum());
    }

    private static LocalDate latestIntervalDate(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(date_local) FROM serving.kpi_agent_interval")) {
            rs.next();
            java.sql.Date d = rs.getDate(1);
            if (d == null) throw new IllegalStateException("serving.kpi_agent_interval is empty: publish a warehouse before loading it");
            return d.toLocalDate();
        }
    }

    /** The first {@code sessions} agents by login; fails when the roster has fewer. */
    private List<String> agents(HikariDataSource pool) throws SQLException {
        List<String> logins = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT login FROM serving.access_person WHERE role = 'agent' ORDER BY login LIMIT " + sessions)) {
            while (rs.next()) logins.add(rs.getString(1));
        }
        if (logins.size() < sessions) {
            throw new IllegalArgumentException(sessions + " sessions need as many agents, serving.access_person has " + logins.size());
        }
        return logins;
    }
}
