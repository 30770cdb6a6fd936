package io.indicate.quality;

import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

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
        SparkSession spark = warehouse.spark();
        String d = "DATE'" + day + "'";
        List<String> failures = new ArrayList<>();

        for (Row r : spark.sql("select source, file_name, rows_in, rows_loaded, rows_duplicate, rows_quarantined"
                + " from meta.ingest_log where ingested_date_local = " + d
                + " and rows_in <> rows_loaded + rows_duplicate + rows_quarantined").collectAsList()) {
            failures.add("ingest: " + r.getString(1) + " read " + r.getLong(2) + " rows but loaded " + r.getLong(3)
                    + " + duplicate " + r.getLong(4) + " + quarantined " + r.getLong(5));
        }
        // per source and run: a CRM run that quarantines a record kind must not hide behind a large queue_log
        for (Row r : spark.sql("select source, batch_id, sum(rows_in), sum(rows_quarantined), min(ingested_at) as started from meta.ingest_log"
                + " where ingested_date_local = " + d + " group by source, batch_id"
                + " having sum(rows_in) > 0 order by started, source").collectAsList()) {
            long in = r.getLong(2);
            long quarantined = r.getLong(3);
            double pct = 100.0 * quarantined / in;
            if (pct > maxQuarantinePct) {
                failures.add(String.format(java.util.Locale.ROOT,
                        "quarantine: %s run %s quarantined %d of %d records (%.2f%%, limit %.2f%%); see bronze.quarantine",
                        r.getString(0), r.getString(1), quarantined, in, pct, maxQuarantinePct));
            }
        }
        for (Row r : spark.sql("with facts as (select queue, count(*) as calls from silver.fact_queue_call"
                + "   where date_local = " + d + " and outcome <> 'waiting' group by queue),"
                + " marts as (select queue, sum(offered) as offered from gold.kpi_queue_daily where date_local = " + d + " group by queue)"
                + " select coalesce(facts.queue, marts.queue), coalesce(calls, 0), coalesce(offered, 0)"
                + " from facts full outer join marts on facts.queue = marts.queue"
                + " where coalesce(calls, 0) <> coalesce(offered, 0)").collectAsList()) {
            failures.add("queue " + r.getString(0) + ": silver has " + r.getLong(1) + " calls with an outcome, kpi_queue_daily offered " + r.getLong(2));
        }
        Row o = spark.sql("select"
                + " (select coalesce(sum(answered), 0) from gold.kpi_org_daily where date_local = " + d + "),"
                + " (select coalesce(sum(calls_answered), 0) from gold.kpi_agent_daily where date_local = " + d + "),"
                + " (select coalesce(sum(answered), 0) from gold.kpi_queue_daily where date_local = " + d + "),"
                + " (select coalesce(sum(calls_answered), 0) from gold.kpi_team_daily where date_local = " + d + "),"
                + " (select coalesce(sum(calls_answered), 0) from gold.kpi_agent_daily where date_local = " + d + " and team_id is not null)").first();
        if (o.getLong(0) != o.getLong(1) || o.getLong(0) != o.getLong(2)) {
            failures.add("org: kpi_org_daily answered " + o.getLong(0) + ", agents answered " + o.getLong(1) + ", queues answered " + o.getLong(2));
        }
        if (o.getLong(3) != o.getLong(4)) {
            failures.add("teams: kpi_team_daily answered " + o.getLong(3) + " but agents with a team answered " + o.getLong(4));
        }
        return failures;
    }
}
