package io.indicate.bench;

import io.indicate.config.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code kpi_queue_daily} computed a second, independent way: DuckDB reads the queue_log files themselves (plain or
 * gzipped) and applies KPI-DEFINITIONS.md's queue-call rules in one SQL statement, with none of the warehouse's
 * code. The benchmark times it against our pipeline; a test compares every cell with our mart.
 *
 * <p>Rows come back as text, one per (date_local, queue), sorted, with the mart's columns in
 * {@link #COLUMNS}'s order: whole numbers as integers, ratios rounded to 6 decimals, null as {@code null}.
 * Repeated lines count once (as bronze's line hash does); an event that repeats counts at its first epoch.
 */
public final class DuckDbQueueDaily {
    public static final List<String> COLUMNS = List.of("date_local", "queue", "offered", "answered", "answered_within_sl",
            "abandoned", "short_abandoned", "timed_out", "answered_wait_s", "max_wait_s", "service_level_pct",
            "abandon_rate_pct", "asa_s");

    private DuckDbQueueDaily() {
    }

    /** The mart from every {@code queue_log*} file under {@code queueLogDir}, under {@code settings}' rules. */
    public static List<String> compute(Path queueLogDir, Settings settings) throws SQLException {
        if (!Files.isDirectory(queueLogDir)) throw new IllegalArgumentException("no folder " + queueLogDir);
        String thresholds = settings.slThresholdByQueue().entrySet().stream()
                .map(e -> "(" + literal(e.getKey()) + ", " + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        String sql = """
                with lines as (
                    select distinct * from read_csv(%s, auto_detect = false, delim = '|', header = false, quote = '', escape = '', strict_mode = false,
                        null_padding = true, ignore_errors = true, all_varchar = true, filename = false,
                        columns = {'epoch': 'VARCHAR', 'callid': 'VARCHAR', 'queue': 'VARCHAR', 'agent': 'VARCHAR',
                                   'event': 'VARCHAR', 'data1': 'VARCHAR', 'data2': 'VARCHAR', 'data3': 'VARCHAR',
                                   'data4': 'VARCHAR', 'data5': 'VARCHAR'})
                ),
                events as (
                    select try_cast(epoch as bigint) as epoch, callid, queue, event, data1, data3, data4
                    from lines
                    where try_cast(epoch as bigint) is not null and callid is not null and callid <> ''
                      and queue is not null and queue not in ('', 'NONE')
                ),
                entered as (
                    select callid, queue, min(epoch) as epoch from events where event = 'ENTERQUEUE' group by all
                ),
                connected as (
                    select callid, queue, arg_min(try_cast(data1 as integer), epoch) as holdtime
                    from events where event = 'CONNECT' group by all
                ),
                left_queue as (
                    select callid, queue, arg_max(event, epoch) as event,
                           arg_max(try_cast(case when event = 'EXITWITHKEY' then data4 else data3 end as integer), epoch) as waittime
                    from events where event in ('ABANDON', 'EXITWITHTIMEOUT', 'EXITEMPTY', 'EXITWITHKEY') group by all
                ),
                thresholds(queue, sl_threshold_s) as (
                    select * from (values %s) where %s
                ),
                calls as (
                    select
                        cast(timezone(%s, to_timestamp(entered.epoch)) as date) as date_local,
                        entered.queue,
                        case
                            when connected.callid is not null then 'answered'
                            when left_queue.event = 'ABANDON' and left_queue.waittime < %d then 'short_abandoned'
                            when left_queue.event = 'ABANDON' then 'abandoned'
                            when left_queue.event is not null then 'timed_out'
                        end as outcome,
                        case when connected.callid is not null then connected.holdtime else left_queue.waittime end as wait_s,
                        coalesce(thresholds.sl_threshold_s, %d) as sl_threshold_s
                    from entered
                    left join connected using (callid, queue)
                    left join left_queue using (callid, queue)
                    left join thresholds using (queue)
                ),
                totals as (
                    select
                        date_local, queue,
                        count(*) as offered,
                        count(*) filter (outcome = 'answered') as answered,
                        count(*) filter (outcome = 'answered' and wait_s <= sl_threshold_s) as answered_within_sl,
                        count(*) filter (outcome = 'abandoned') as abandoned,
                        count(*) filter (outcome = 'short_abandoned') as short_abandoned,
                        count(*) filter (outcome = 'timed_out') as timed_out,
                        coalesce(sum(wait_s) filter (outcome = 'answered'), 0) as answered_wait_s,
                        max(wait_s) filter (outcome <> 'short_abandoned') as max_wait_s
                    from calls
                    where outcome is not null
                    group by all
                )
                select
                    *,
                    round(100.0 * answered_within_sl / nullif(offered - short_abandoned, 0), 6) as service_level_pct,
                    round(100.0 * abandoned / nullif(offered - short_abandoned, 0), 6) as abandon_rate_pct,
                    round(answered_wait_s / nullif(answered, 0), 6) as asa_s
                from totals
                order by date_local, queue
                """.formatted(
                literal(queueLogDir.toAbsolutePath() + "/**/queue_log*"),
                thresholds.isEmpty() ? "(null, null)" : thresholds,
                thresholds.isEmpty() ? "false" : "true",
                literal(settings.timezone()),
                settings.shortAbandonS(),
                settings.slThresholdS());
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) cells.add(cell(rs.getObject(i)));
                rows.add(String.join("|", cells));
            }
        }
        return rows;
    }

    /** A cell as text: null, a whole number, a ratio rounded to 6 decimals, or the value's text. */
    public static String cell(Object v) {
        if (v == null) return "null";
        if (v instanceof Number n && !(v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof java.math.BigInteger)) {
            double d = n.doubleValue();
            return String.format(Locale.ROOT, "%.6f", d);
        }
        return v.toString();
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * {@code DuckDbQueueDaily QUEUE_LOG_DIR [CONFIG.yaml]}: computes the mart and prints
     * {@code duckdb_kpi_queue_daily,<seconds>,<rows>} (what bin/bench reads).
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DuckDbQueueDaily QUEUE_LOG_DIR [CONFIG.yaml]");
            System.exit(2);
        }
        Settings settings = args.length > 1 ? Settings.load(Path.of(args[1])) : Settings.defaults();
        long t0 = System.nanoTime();
        List<String> rows = compute(Path.of(args[0]), settings);
        System.out.printf(Locale.ROOT, "duckdb_kpi_queue_daily,%.2f,%d%n", (System.nanoTime() - t0) / 1e9, rows.size());
    }
}
