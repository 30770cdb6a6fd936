package io.indicate.demo;

import io.indicate.kpi.KpiFormulas;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.List;
import java.util.function.UnaryOperator;

/** The few numbers a first look at the demo should show: per team, per queue, and today's organisation. */
public final class DemoSummary {
    private static final UnaryOperator<String> SUM = c -> "sum(" + c + ")";
    private static final UnaryOperator<String> SUM_OF_T = c -> "sum(t." + c + ")";

    private DemoSummary() {}

    public static void print(SparkSession spark, PrintStream out) {
        Row range = spark.sql("select min(date_local), max(date_local) from gold.kpi_org_daily").first();
        out.println();
        out.printf("Teams, %s .. %s%n", range.get(0), range.get(1));
        out.printf("  %-6s %-14s %-16s %9s %8s %8s %10s%n", "team", "name", "lead", "calls", "SL %", "AHT s", "occup. %");
        List<Row> teams = spark.sql(
                "with team_days as (select * from gold.kpi_team_daily),"
                + " agent_calls as (select a.team_id, c.wait_s, q.sl_threshold_s from silver.fact_queue_call c"
                + "   join silver.dim_agent a on a.agent_id = c.agent_id and c.date_local >= a.valid_from"
                + "     and (a.valid_to is null or c.date_local < a.valid_to)"
                + "   join silver.dim_queue q on q.queue = c.queue where c.outcome = 'answered'),"
                + " team_sl as (select team_id, 100.0 * count_if(wait_s <= sl_threshold_s) / count(*) as sl from agent_calls group by team_id)"
                + " select t.team_id, max_by(t.team_name, t.date_local), max_by(t.team_lead_login, t.date_local),"
                + "   sum(t.calls_answered), first(s.sl), " + KpiFormulas.spark("aht_s", SUM_OF_T) + ","
                + "   " + KpiFormulas.spark("occupancy_pct", SUM_OF_T)
                + " from team_days t left join team_sl s using (team_id) group by t.team_id order by t.team_id").collectAsList();
        for (Row r : teams) {
            out.printf("  %-6s %-14s %-16s %9d %8.1f %8.1f %10.1f%n", r.getString(0), r.getString(1), r.getString(2),
                    r.getLong(3), num(r, 4), num(r, 5), num(r, 6));
        }
        out.println("  (SL %: share of the team's answered calls answered within the queue's service-level threshold)");
        out.println();
        out.printf("Queues%n  %-10s %9s %8s %10s %8s%n", "queue", "offered", "SL %", "abandon %", "ASA s");
        for (Row r : spark.sql("select queue, sum(offered), " + KpiFormulas.spark("service_level_pct", SUM) + ", "
                + KpiFormulas.spark("abandon_rate_pct", SUM) + ", " + KpiFormulas.spark("asa_s", SUM)
                + " from gold.kpi_queue_daily group by queue order by queue").collectAsList()) {
            out.printf("  %-10s %9d %8.1f %10.1f %8.1f%n", r.getString(0), r.getLong(1), num(r, 2), num(r, 3), num(r, 4));
        }
    }

    private static double num(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue();
    }
}
