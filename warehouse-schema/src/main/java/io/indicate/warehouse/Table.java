package io.indicate.warehouse;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every Delta table of the warehouse, by name. The contract of each (columns, types, partitioning, key) is
 * its file {@code sql/<layer>/<name>.yml} ({@link TableContract}); jobs write only through {@link Warehouse},
 * which creates the table from that contract and aligns what they write to it.
 */
public enum Table {
    BRONZE_QUEUE_LOG(Layer.BRONZE, "queue_log"),
    BRONZE_ROSTER(Layer.BRONZE, "roster"),
    BRONZE_QUARANTINE(Layer.BRONZE, "quarantine"),
    BRONZE_CRM_TICKET(Layer.BRONZE, "crm_ticket"),
    BRONZE_CRM_TICKET_METRIC(Layer.BRONZE, "crm_ticket_metric"),
    BRONZE_CRM_SATISFACTION_RATING(Layer.BRONZE, "crm_satisfaction_rating"),
    BRONZE_CDR(Layer.BRONZE, "cdr"),
    BRONZE_GOALS(Layer.BRONZE, "goals"),
    META_INGEST_LOG(Layer.META, "ingest_log"),
    META_BUILD_LOG(Layer.META, "build_log"),
    META_ERASED_SUBJECT(Layer.META, "erased_subject"),
    META_DIGEST_LOG(Layer.META, "digest_log"),
    SILVER_FACT_QUEUE_CALL(Layer.SILVER, "fact_queue_call"),
    SILVER_FACT_AGENT_SESSION(Layer.SILVER, "fact_agent_session"),
    SILVER_FACT_RING_NO_ANSWER(Layer.SILVER, "fact_ring_no_answer"),
    SILVER_FACT_TICKET(Layer.SILVER, "fact_ticket"),
    SILVER_FACT_CSAT(Layer.SILVER, "fact_csat"),
    SILVER_FACT_OUTBOUND_CALL(Layer.SILVER, "fact_outbound_call"),
    SILVER_DIM_AGENT(Layer.SILVER, "dim_agent"),
    SILVER_DIM_TEAM(Layer.SILVER, "dim_team"),
    SILVER_DIM_QUEUE(Layer.SILVER, "dim_queue"),
    SILVER_DIM_DATE(Layer.SILVER, "dim_date"),
    SILVER_DIM_GOAL(Layer.SILVER, "dim_goal"),
    GOLD_KPI_QUEUE_INTERVAL(Layer.GOLD, "kpi_queue_interval"),
    GOLD_KPI_QUEUE_DAILY(Layer.GOLD, "kpi_queue_daily"),
    GOLD_KPI_AGENT_INTERVAL(Layer.GOLD, "kpi_agent_interval"),
    GOLD_KPI_AGENT_DAILY(Layer.GOLD, "kpi_agent_daily"),
    GOLD_KPI_TEAM_DAILY(Layer.GOLD, "kpi_team_daily"),
    GOLD_KPI_ORG_DAILY(Layer.GOLD, "kpi_org_daily"),
    GOLD_DATA_QUALITY_DAILY(Layer.GOLD, "data_quality_daily"),
    GOLD_KPI_AGENT_GOAL_DAILY(Layer.GOLD, "kpi_agent_goal_daily"),
    GOLD_KPI_TEAM_GOAL_DAILY(Layer.GOLD, "kpi_team_goal_daily"),
    GOLD_KPI_COACHING_DAILY(Layer.GOLD, "kpi_coaching_daily");

    public enum Layer {
        BRONZE, SILVER, GOLD, META;

        public String database() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Silver and gold tables are filled by their models, from bronze: a build can fill them again. */
        public boolean builtByModels() {
            return this == SILVER || this == GOLD;
        }
    }

    private final Layer layer;
    private final String tableName;
    Table(Layer layer, String tableName) {
        this.layer = layer;
        this.tableName = tableName;
    }

    public Layer layer() { return layer; }

    /** Name without layer, e.g. {@code kpi_agent_daily}: also the name of the published serving table. */
    public String tableName() { return tableName; }

    /** Catalog name, e.g. {@code gold.kpi_agent_daily}. */
    public String qualifiedName() { return layer.database() + "." + tableName; }

    /** The date column the table is partitioned (and incrementally replaced) by, if any: its contract's. */
    public Optional<String> partitionColumn() { return contract().partitionColumn(); }

    /** Columns, key, partitioning and properties of the table: {@code sql/<layer>/<name>.yml}. */
    public TableContract contract() { return TableContract.of(this); }

    /** The tables publish copies to the serving database: those whose contract says {@code published: true}. */
    public static List<Table> published() {
        return Arrays.stream(values()).filter(t -> t.contract().published()).toList();
    }

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
