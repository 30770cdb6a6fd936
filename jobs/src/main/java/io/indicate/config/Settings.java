package io.indicate.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The settings of KPI-DEFINITIONS.md plus the paths a run needs. Immutable: use {@link #with()} to derive
 * a copy with overrides (command-line flags override the YAML file, which overrides the defaults).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class Settings {
    @JsonProperty("warehouse") private String warehouse;
    @JsonProperty("timezone") private String timezone = "Europe/Stockholm";
    @JsonProperty("interval_minutes") private int intervalMinutes = 15;
    @JsonProperty("sl_threshold_s") private int slThresholdS = 20;
    @JsonProperty("sl_threshold_s_by_queue") private Map<String, Integer> slThresholdByQueue = new TreeMap<>();
    @JsonProperty("short_abandon_s") private int shortAbandonS = 5;
    @JsonProperty("acw_pause_reasons") private List<String> acwPauseReasons = List.of("ACW");
    @JsonProperty("repeat_window_days") private int repeatWindowDays = 7;
    /** Name of the environment variable holding the pseudonymisation key. */
    @JsonProperty("pseudonymisation_key_env") private String pseudonymisationKeyEnv = "INDICATE_PSEUDONYM_KEY";
    @JsonProperty("spark_master") private String sparkMaster;
    @JsonProperty("shuffle_partitions") private int shufflePartitions = 4;
    /** Largest share (%) of a source's records in one ingest run that may be quarantined before check fails. */
    @JsonProperty("max_quarantine_pct") private double maxQuarantinePct = 1.0;
    /** Fewest agents a team must have on a day for an agent to be shown the team's values (KPI docs). */
    @JsonProperty("min_team_size") private int minTeamSize = 3;
    /**
     * Local days of interval-level marts ({@code kpi_agent_interval}, {@code kpi_queue_interval}) kept in the serving
     * database up to today (or the newest day the mart holds, when earlier); older interval rows are deleted at publish, daily marts keep every day.
     */
    @JsonProperty("serving_interval_days") private int servingIntervalDays = 35;
    /** Lines of a queue_log or CDR file parsed and held in memory at once: ingest memory follows this, not the file. */
    @JsonProperty("ingest_chunk_lines") private int ingestChunkLines = 100_000;
    /** Longest line of a queue_log or CDR file; a longer one is quarantined (real lines are under 1 KB). */
    @JsonProperty("ingest_max_line_bytes") private int ingestMaxLineBytes = 1 << 20;
    /** Largest content of one landed file, decompressed: far above any real file, a guard against endless input. */
    @JsonProperty("ingest_max_file_bytes") private long ingestMaxFileBytes = 256L << 30;
    /** How many times its size a gzip may expand (past 64 MiB) before it is refused as a gzip bomb. */
    @JsonProperty("ingest_max_gzip_ratio") private int ingestMaxGzipRatio = 100;
    /** A build reading fewer queue_log lines than this runs with small-data Spark settings (SparkSizing). */
    @JsonProperty("small_build_lines") private long smallBuildLines = 500_000;

    public static Settings defaults() {
        return new Settings();
    }

    /** Reads a YAML settings file; unknown keys and bad values are errors that name the file and key. */
    public static Settings load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file not found: " + file);
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES) // `sl_threshold_s:` is an error, not 0
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT); // interval_minutes: 15.9 is an error, not 15
        try {
            Settings s = yaml.readValue(file.toFile(), Settings.class);
            return (s == null ? new Settings() : s).validated();
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("config " + file + ": unknown key '" + e.getPropertyName() + "'", e);
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException("config " + file + ": " + mismatch(e), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read config " + file + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config " + file + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** A value of the wrong kind, named by its key and the kind expected (Jackson's own text names Java types). */
    private static String mismatch(MismatchedInputException e) {
        String key = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        Class<?> type = e.getTargetType();
        String expected = type == null ? "a value of another kind"
                : type == int.class || type == Integer.class || type == long.class || type == Long.class ? "a whole number"
                : type == double.class || type == Double.class ? "a number"
                : List.class.isAssignableFrom(type) ? "a list such as [ACW]"
                : Map.class.isAssignableFrom(type) ? "a map such as {sales: 30}"
                : type == String.class ? "a text"
                : "a value of another kind";
        if (e instanceof InvalidFormatException f) return key + " must be " + expected + ", got " + f.getValue();
        if (e.getMessage() != null && e.getMessage().startsWith("Cannot map `null`")) return key + " is empty (expected " + expected + ")";
        return key + " must be " + expected;
    }

    private static String firstLine(String message) {
        if (message == null) return "unreadable";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    public Settings validated() {
        // a key given with no value (`acw_pause_reasons:`) is an empty list or map, not a missing one
        if (slThresholdByQueue == null) slThresholdByQueue = new TreeMap<>();
        if (acwPauseReasons == null) acwPauseReasons = List.of();
        if (acwPauseReasons.stream().anyMatch(r -> r == null || r.isBlank())) {
            throw new IllegalArgumentException("acw_pause_reasons has an empty entry (expected pause reasons such as ACW)");
        }
        if (timezone == null || timezone.isBlank()) {
            throw new IllegalArgumentException("timezone is empty (expected a zone id such as Europe/Stockholm)");
        }
        try {
            ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timezone '" + timezone + "' is not a known zone id (expected e.g. Europe/Stockholm)");
        }
        if (intervalMinutes <= 0 || 1440 % intervalMinutes != 0) {
            throw new IllegalArgumentException("interval_minutes must divide a day (e.g. 15, 30, 60), got " + intervalMinutes);
        }
        if (slThresholdS < 0 || shortAbandonS < 0 || repeatWindowDays <= 0) {
            throw new IllegalArgumentException("sl_threshold_s and short_abandon_s must be >= 0 and repeat_window_days > 0");
        }
        slThresholdByQueue.forEach((q, v) -> {
            if (v == null || v < 0) throw new IllegalArgumentException("sl_threshold_s_by_queue." + q + " must be >= 0");
        });
        if (minTeamSize < 1) {
            throw new IllegalArgumentException("min_team_size must be at least 1 (agents), got " + minTeamSize);
        }
        if (servingIntervalDays < 1) {
            throw new IllegalArgumentException("serving_interval_days must be at least 1 (day), got " + servingIntervalDays);
        }
        if (shufflePartitions <= 0) throw new IllegalArgumentException("shuffle_partitions must be > 0");
        if (ingestChunkLines <= 0) {
            throw new IllegalArgumentException("ingest_chunk_lines must be a whole number of lines > 0 (e.g. 100000), got " + ingestChunkLines);
        }
        if (ingestMaxLineBytes < 1024) {
            throw new IllegalArgumentException("ingest_max_line_bytes must be at least 1024 (bytes), got " + ingestMaxLineBytes);
        }
        if (ingestMaxFileBytes < 1) {
            throw new IllegalArgumentException("ingest_max_file_bytes must be at least 1 (byte), got " + ingestMaxFileBytes);
        }
        if (ingestMaxGzipRatio < 2) {
            throw new IllegalArgumentException("ingest_max_gzip_ratio must be at least 2, got " + ingestMaxGzipRatio);
        }
        if (smallBuildLines < 0) {
            throw new IllegalArgumentException("small_build_lines must be >= 0 (0: always Spark's defaults), got " + smallBuildLines);
        }
        if (!(maxQuarantinePct >= 0 && maxQuarantinePct <= 100)) {
            throw new IllegalArgumentException("max_quarantine_pct must be between 0 and 100, got " + maxQuarantinePct);
        }
        return this;
    }

    public Builder with() {
        return new Builder(copy());
    }

    private Settings copy() {
        Settings s = new Settings();
        s.warehouse = warehouse;
        s.timezone = timezone;
        s.intervalMinutes = intervalMinutes;
        s.slThresholdS = slThresholdS;
        s.slThresholdByQueue = new TreeMap<>(slThresholdByQueue);
        s.shortAbandonS = shortAbandonS;
        s.acwPauseReasons = List.copyOf(acwPauseReasons);
        s.repeatWindowDays = repeatWindowDays;
        s.pseudonymisationKeyEnv = pseudonymisationKeyEnv;
        s.sparkMaster = sparkMaster;
        s.shufflePartitions = shufflePartitions;
        s.maxQuarantinePct = maxQuarantinePct;
        s.minTeamSize = minTeamSize;
        s.servingIntervalDays = servingIntervalDays;
        s.ingestChunkLines = ingestChunkLines;
        s.ingestMaxLineBytes = ingestMaxLineBytes;
        s.ingestMaxFileBytes = ingestMaxFileBytes;
        s.ingestMaxGzipRatio = ingestMaxGzipRatio;
        s.smallBuildLines = smallBuildLines;
        return s;
    }

    public String warehouse() { return warehouse; }
    public ZoneId zone() { return ZoneId.of(timezone); }
    public String timezone() { return timezone; }
    public int intervalMinutes() { return intervalMinutes; }
    public int slThresholdS() { return slThresholdS; }
    public Map<String, Integer> slThresholdByQueue() { return Map.copyOf(slThresholdByQueue); }
    public int shortAbandonS() { return shortAbandonS; }
    public Set<String> acwPauseReasons() { return Set.copyOf(acwPauseReasons); }
    public int repeatWindowDays() { return repeatWindowDays; }
    public String pseudonymisationKeyEnv() { return pseudonymisationKeyEnv; }
    public String sparkMaster() { return sparkMaster; }
    public int shufflePartitions() { return shufflePartitions; }
    public double maxQuarantinePct() { return maxQuarantinePct; }
    public int minTeamSize() { return minTeamSize; }
    public int servingIntervalDays() { return servingIntervalDays; }
    public int ingestChunkLines() { return ingestChunkLines; }
    public int ingestMaxLineBytes() { return ingestMaxLineBytes; }
    public long ingestMaxFileBytes() { return ingestMaxFileBytes; }
    public int ingestMaxGzipRatio() { return ingestMaxGzipRatio; }
    public long smallBuildLines() { return smallBuildLines; }

    /** Fluent overrides; {@link #build()} validates. */
    public static final class Builder {
        private final Settings s;

        private Builder(Settings s) { this.s = s; }

        public Builder warehouse(String v) { if (v != null) s.warehouse = v; return this; }
        public Builder timezone(String v) { if (v != null) s.timezone = v; return this; }
        public Builder intervalMinutes(Integer v) { if (v != null) s.intervalMinutes = v; return this; }
        public Builder slThresholdS(Integer v) { if (v != null) s.slThresholdS = v; return this; }
        public Builder slThresholdForQueue(String queue, int v) { s.slThresholdByQueue.put(queue, v); return this; }
        public Builder shortAbandonS(Integer v) { if (v != null) s.shortAbandonS = v; return this; }
        public Builder acwPauseReasons(List<String> v) { if (v != null) s.acwPauseReasons = List.copyOf(v); return this; }
        public Builder sparkMaster(String v) { if (v != null) s.sparkMaster = v; return this; }
        public Builder shufflePartitions(Integer v) { if (v != null) s.shufflePartitions = v; return this; }
        public Builder maxQuarantinePct(Double v) { if (v != null) s.maxQuarantinePct = v; return this; }
        public Builder minTeamSize(Integer v) { if (v != null) s.minTeamSize = v; return this; }
        public Builder servingIntervalDays(Integer v) { if (v != null) s.servingIntervalDays = v; return this; }
        public Builder ingestChunkLines(Integer v) { if (v != null) s.ingestChunkLines = v; return this; }
        public Builder ingestMaxLineBytes(Integer v) { if (v != null) s.ingestMaxLineBytes = v; return this; }
        public Builder ingestMaxFileBytes(Long v) { if (v != null) s.ingestMaxFileBytes = v; return this; }
        public Builder smallBuildLines(Long v) { if (v != null) s.smallBuildLines = v; return this; }
        public Settings build() { return s.validated(); }
    }
}
