package io.indicate.warehouse;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every Delta table of the warehouse. The contract of each (columns, types, partitioning, key) is its DDL
 * file {@code ddl/<layer>/<name>.sql}; jobs write only through {@link Warehouse}, which aligns what they
 * write to that contract.
 */
public enum Table {
    BRONZE_QUEUE_LOG(Layer.BRONZE, "queue_log", "event_date"),
    BRONZE_ROSTER(Layer.BRONZE, "roster", null),
    BRONZE_QUARANTINE(Layer.BRONZE, "quarantine", null),
    BRONZE_CRM_TICKET(Layer.BRONZE, "crm_ticket", null),
    BRONZE_CRM_TICKET_METRIC(Layer.BRONZE, "crm_ticket_metric", null),
    BRONZE_CRM_SATISFACTION_RATING(Layer.BRONZE, "crm_satisfaction_rating", null),
    BRONZE_CDR(Layer.BRONZE, "cdr", "start_date"),
    BRONZE_GOALS(Layer.BRONZE, "goals", null),
    META_INGEST_LOG(Layer.META, "ingest_log", null),
    META_BUILD_LOG(Layer.META, "build_log", null),
    META_ERASED_SUBJECT(Layer.META, "erased_subject", null),
    SILVER_FACT_QUEUE_CALL(Layer.SILVER, "fact_queue_call", "date_local"),
    SILVER_FACT_AGENT_SESSION(Layer.SILVER, "fact_agent_session", "date_local"),
    SILVER_FACT_RING_NO_ANSWER(Layer.SILVER, "fact_ring_no_answer", "date_local"),
    SILVER_FACT_TICKET(Layer.SILVER, "fact_ticket", "date_local"),
    SILVER_FACT_CSAT(Layer.SILVER, "fact_csat", "date_local"),
    SILVER_FACT_OUTBOUND_CALL(Layer.SILVER, "fact_outbound_call", "date_local"),
    SILVER_DIM_AGENT(Layer.SILVER, "dim_agent", null),
    SILVER_DIM_TEAM(Layer.SILVER, "dim_team", null),
    SILVER_DIM_QUEUE(Layer.SILVER, "dim_queue", null),
    SILVER_DIM_DATE(Layer.SILVER, "dim_date", null),
    SILVER_DIM_GOAL(Layer.SILVER, "dim_goal", null),
    GOLD_KPI_QUEUE_INTERVAL(Layer.GOLD, "kpi_queue_interval", "date_local"),
    GOLD_KPI_QUEUE_DAILY(Layer.GOLD, "kpi_queue_daily", "date_local"),
    GOLD_KPI_AGENT_INTERVAL(Layer.GOLD, "kpi_agent_interval", "date_local"),
    GOLD_KPI_AGENT_DAILY(Layer.GOLD, "kpi_agent_daily", "date_local"),
    GOLD_KPI_TEAM_DAILY(Layer.GOLD, "kpi_team_daily", "date_local"),
    GOLD_KPI_ORG_DAILY(Layer.GOLD, "kpi_org_daily", "date_local"),
    GOLD_DATA_QUALITY_DAILY(Layer.GOLD, "data_quality_daily", "date_local"),
    GOLD_KPI_AGENT_GOAL_DAILY(Layer.GOLD, "kpi_agent_goal_daily", "date_local"),
    GOLD_KPI_TEAM_GOAL_DAILY(Layer.GOLD, "kpi_team_goal_daily", "date_local"),
    GOLD_KPI_COACHING_DAILY(Layer.GOLD, "kpi_coaching_daily", "date_local");

    public enum Layer {
        BRONZE, SILVER, GOLD, META;

        public String database() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Layer layer;
    private final String tableName;
    private final String partitionColumn;

    Table(Layer layer, String tableName, String partitionColumn) {
        this.layer = layer;
        this.tableName = tableName;
        this.partitionColumn = partitionColumn;
    }

    public Layer layer() { return layer; }

    /** Name without layer, e.g. {@code kpi_agent_daily}: also the name of the published serving table. */
    public String tableName() { return tableName; }

    /** Catalog name, e.g. {@code gold.kpi_agent_daily}. */
    public String qualifiedName() { return layer.database() + "." + tableName; }

    /** The date column the table is partitioned (and incrementally replaced) by, if any. */
    public Optional<String> partitionColumn() { return Optional.ofNullable(partitionColumn); }

    public String ddlResource() { return "ddl/" + layer.database() + "/" + tableName + ".sql"; }

    public static List<Table> gold() {
        return Arrays.stream(values()).filter(t -> t.layer == Layer.GOLD).toList();
    }

    /** The gold mart of that name, or an error listing the marts there are. */
    public static Table goldMart(String name) {
        return gold().stream().filter(t -> t.tableName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mart '" + name + "'; marts are: "
                        + String.join(", ", gold().stream().map(Table::tableName).toList())));
    }
}
