package io.indicate.quality;

import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The checks a day must pass before it is published. Each states a rule that holds for correct data, so a
 * failure means something is wrong upstream (a lost record, a mart built from a stale fact table), not that
 * the day was unusual:
 * <ul>
 *   <li>every file read that day is accounted for: rows_in = loaded + duplicate + quarantined;</li>
 *   <li>in every ingest run of the day, each source's share of quarantined records stays under the limit;</li>
 *   <li>the queue marts count exactly the calls with an outcome in silver, per queue;</li>
 *   <li>the organisation's answered calls equal the sum over its agents, and over its queues;</li>
 *   <li>the team marts sum to the organisation's agents who belong to a team.</li>
 * </ul>
 */
public final class DataQualityChecks {
    private final Warehouse warehouse;
    private final double maxQuarantinePct;

    public DataQualityChecks(Warehouse warehouse, double maxQuarantinePct) {
        this.warehouse = warehouse;
        this.maxQuarantinePct = maxQuarantinePct;
    }

    /** The failures of the day, each one line naming the rule and the numbers; empty when the day passes. */
    public List<String> run(LocalDate day) {
        return run(List.of(day)).get(day);
    }

    /**
     * The failures of each of {@code days} (every day is a key; an empty list when it passes), in the order of
     * {@link #run(LocalDate)}. Each rule is one query over all the days, grouped by day, so checking the dates
     * a cycle rebuilt costs four queries however many dates there are.
     */
    public SortedMap<LocalDate, List<String>> run(Collection<LocalDate> days) {
        SortedMap<LocalDate, List<String>> failures = new TreeMap<>();
        for (LocalDate day : days) failures.put(day, new ArrayList<>());
        if (days.isEmpty()) return failures;
        SparkSession spark = warehouse.spark();
        String ingestedOn = Warehouse.inDates("ingested_date_local", days);
        String on = Warehouse.inDates("date_local", days);

        for (Row r : spark.sql("select ingested_date_local, file_name, rows_in, rows_loaded, rows_duplicate, rows_quarantined,"
                + " coalesce(rows_erased, 0) as erased from meta.ingest_log where " + ingestedOn
                + " and rows_in <> rows_loaded + rows_duplicate + rows_quarantined + coalesce(rows_erased, 0)"
                + " order by ingested_date_local, file_name").collectAsList()) {
            failures.get(day(r)).add("ingest: " + r.getString(1) + " read " + r.getLong(2) + " rows but loaded " + r.getLong(3)
                    + " + duplicate " + r.getLong(4) + " + quarantined " + r.getLong(5) + " + erased " + r.getLong(6));
        }
        // per source and run: a CRM run that quarantines a record kind must not hide behind a large queue_log
        for (Row r : spark.sql("select ingested_date_local, source, batch_id, sum(rows_in), sum(rows_quarantined), min(ingested_at) as started"
                + " from meta.ingest_log where " + ingestedOn + " group by ingested_date_local, source, batch_id"
                + " having sum(rows_in) > 0 order by started, source").collectAsList()) {
            long in = r.getLong(3);
            long quarantined = r.getLong(4);
            double pct = 100.0 * quarantined / in;
            if (pct > maxQuarantinePct) {
                failures.get(day(r)).add(String.format(java.util.Locale.ROOT,
                        "quarantine: %s run %s quarantined %d of %d records (%.2f%%, limit %.2f%%); see bronze.quarantine",
                        r.getString(1), r.getString(2), quarantined, in, pct, maxQuarantinePct));
            }
        }
        for (Row r : spark.sql("with facts as (select date_local, queue, count(*) as calls from silver.fact_queue_call"
                + "   where " + on + " and outcome <> 'waiting' group by date_local, queue),"
                + " marts as (select date_local, queue, sum(offered) as offered from gold.kpi_queue_daily where " + on
                + "   group by date_local, queue)"
                + " select coalesce(facts.date_local, marts.date_local) as day, coalesce(facts.queue, marts.queue) as queue,"
                + "   coalesce(calls, 0), coalesce(offered, 0)"
                + " from facts full outer join marts on facts.date_local = marts.date_local and facts.queue = marts.queue"
                + " where coalesce(calls, 0) <> coalesce(offered, 0) order by day, queue").collectAsList()) {
            failures.get(day(r)).add("queue " + r.getString(1) + ": silver has " + r.getLong(2) + " calls with an outcome, kpi_queue_daily offered " + r.getLong(3));
        }
        for (Row o : spark.sql("select date_local, coalesce(sum(org), 0), coalesce(sum(agents), 0), coalesce(sum(queues), 0),"
                + "   coalesce(sum(teams), 0), coalesce(sum(agents_in_team), 0) from ("
                + " select date_local, cast(answered as bigint) as org, 0L as agents, 0L as queues, 0L as teams, 0L as agents_in_team"
                + "   from gold.kpi_org_daily where " + on
                + " union all select date_local, 0L, cast(calls_answered as bigint), 0L, 0L,"
                + "   case when team_id is not null then cast(calls_answered as bigint) else 0L end from gold.kpi_agent_daily where " + on
                + " union all select date_local, 0L, 0L, cast(answered as bigint), 0L, 0L from gold.kpi_queue_daily where " + on
                + " union all select date_local, 0L, 0L, 0L, cast(calls_answered as bigint), 0L from gold.kpi_team_daily where " + on
                + ") group by date_local order by date_local").collectAsList()) {
            List<String> f = failures.get(day(o));
            if (o.getLong(1) != o.getLong(2) || o.getLong(1) != o.getLong(3)) {
                f.add("org: kpi_org_daily answered " + o.getLong(1) + ", agents answered " + o.getLong(2) + ", queues answered " + o.getLong(3));
            }
            if (o.getLong(4) != o.getLong(5)) {
                f.add("teams: kpi_team_daily answered " + o.getLong(4) + " but agents with a team answered " + o.getLong(5));
            }
        }
        return failures;
    }

    private static LocalDate day(Row r) {
        return r.getDate(0).toLocalDate();
    }
}
