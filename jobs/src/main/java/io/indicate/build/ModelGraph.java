package io.indicate.build;

import io.indicate.ingest.Source;
import io.indicate.ingest.Sources;
import io.indicate.warehouse.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which inputs each model reads, found in its SQL (the model's text is the one place that says what it reads):
 * the tables it names ({@code bronze.queue_log}, {@code silver.dim_agent}, ...) and the staging views
 * ({@code stg_*}), followed down to the sources whose new data can change its rows. Self-references (a
 * dimension that merges into its own previous rows) are not inputs.
 *
 * <p>The inputs are the ingest sources ({@link Sources#ALL}: {@code queue_log}, {@code cdr}, {@code crm}, {@code roster}, {@code goals}),
 * {@link #INGEST_LOG}, the ingest bookkeeping the data-quality mart counts, and {@link #RETURNING_CALLERS}. A model that names a bronze or meta
 * table no input stands for is an error, so a new source cannot be read without being planned for.
 */
public final class ModelGraph {
    /** The input of the per-batch ingest counts (meta.ingest_log), dated by the day a batch ran. */
    public static final String INGEST_LOG = "ingest_log";
    /**
     * The dates of earlier calls whose callers called again in new queue_log lines: only a model that looks
     * for repeat contacts (its SQL uses {@code ${indicate.repeat_window_days}}) reads them.
     */
    public static final String RETURNING_CALLERS = "returning_callers";
    private static final String REPEAT_WINDOW = "${indicate.repeat_window_days}";

    /** Each source's bronze tables stand for the source ({@link Source#bronzeTables}); meta.ingest_log for {@link #INGEST_LOG}. */
    private static final Map<String, String> INPUT_OF_TABLE = inputOfTable();
    /** Every input a model can read: the ingest sources, {@link #INGEST_LOG} and {@link #RETURNING_CALLERS}. */
    public static final Set<String> INPUTS = inputs();
    /** The view of each member's session and pause segments, which {@link Build} makes in Java from stg_queue_events. */
    static final String SESSION_SEGMENTS = "session_segments";
    /** Views {@link Build} makes in Java, not from a model of their own, and the view each is made from. */
    private static final Map<String, String> JAVA_VIEWS = Map.of(SESSION_SEGMENTS, "stg_queue_events");
    /** Views of settings (the configuration file), which no ingest changes. */
    private static final Set<String> SETTINGS_VIEWS = Set.of("queue_settings");

    private static final Pattern REFERENCE = Pattern.compile(
            "\\b((?:bronze|silver|gold|meta)\\.[a-z_]+)\\b|\\b(stg_[a-z_]+|session_segments|queue_settings)\\b");
    private static final Pattern LINE_COMMENT = Pattern.compile("--[^\\n]*");
    /** What each model's SQL names: the models are resources of the class path, read and parsed once per process. */
    private static final Map<String, Set<String>> REFERENCES = new ConcurrentHashMap<>();

    private final Map<String, Set<String>> inputs = new ConcurrentHashMap<>();

    private static Map<String, String> inputOfTable() {
        Map<String, String> out = new HashMap<>();
        for (Source source : Sources.ALL) {
            for (Table t : source.bronzeTables()) {
                String other = out.put(t.qualifiedName(), source.name());
                if (other != null) throw new IllegalStateException(t.qualifiedName() + " is the bronze table of both " + other + " and " + source.name());
            }
        }
        out.put(Table.META_INGEST_LOG.qualifiedName(), INGEST_LOG);
        return Map.copyOf(out);
    }

    private static Set<String> inputs() {
        Set<String> all = new TreeSet<>(INPUT_OF_TABLE.values());
        all.add(RETURNING_CALLERS);
        return Set.copyOf(all);
    }

    /** The inputs of a table's model, e.g. {@code [queue_log, roster]} for silver.fact_queue_call. */
    public Set<String> inputs(Table t) {
        return inputs(t.qualifiedName());
    }

    /** The inputs of a model: a table ({@code silver.fact_queue_call}) or a staging view ({@code stg_queue_events}). */
    public Set<String> inputs(String model) {
        Set<String> known = inputs.get(model);
        if (known != null) return known;
        Set<String> out = new TreeSet<>();
        collect(model, out, new TreeSet<>());
        Set<String> result = Set.copyOf(out);
        inputs.put(model, result);
        return result;
    }

    private void collect(String model, Set<String> out, Set<String> seen) {
        if (!seen.add(model)) return;
        String input = INPUT_OF_TABLE.get(model);
        if (input != null) {
            out.add(input);
        } else if (JAVA_VIEWS.containsKey(model)) {
            collect(JAVA_VIEWS.get(model), out, seen);
        } else if (!SETTINGS_VIEWS.contains(model)) {
            if (sql(model).contains(REPEAT_WINDOW)) out.add(RETURNING_CALLERS);
            for (String ref : references(model)) collect(ref, out, seen);
        }
    }

    /**
     * A layer's tables in waves, each reading only tables of earlier waves of that layer (and the layers below), as
     * their SQL names them, directly or through the views it reads: the build writes a wave's tables at once. In
     * silver: the dimensions of the roster, the goals and the dates, then what reads the agents (the facts, the teams),
     * then the queues, which read the calls. A table in a cycle of tables of its layer is an error.
     */
    static List<List<Table>> waves(Table.Layer layer) {
        List<Table> tables = Arrays.stream(Table.values()).filter(t -> t.layer() == layer).toList();
        Map<Table, Integer> wave = new LinkedHashMap<>();
        for (Table t : tables) wave(t, tables, wave, new LinkedHashSet<>());
        List<List<Table>> out = new ArrayList<>();
        wave.forEach((t, w) -> {
            while (out.size() <= w) out.add(new ArrayList<>());
            out.get(w).add(t);
        });
        return out.stream().map(List::copyOf).toList();
    }

    private static int wave(Table t, List<Table> layer, Map<Table, Integer> wave, Set<Table> path) {
        Integer known = wave.get(t);
        if (known != null) return known;
        if (!path.add(t)) throw new IllegalStateException("the " + t.layer().database() + " tables read each other in a cycle: " + path);
        int w = 0;
        Set<String> read = tablesRead(t.qualifiedName());
        for (Table other : layer) {
            if (read.contains(other.qualifiedName())) w = Math.max(w, wave(other, layer, wave, path) + 1);
        }
        path.remove(t);
        wave.put(t, w);
        return w;
    }

    /** The tables a model reads: those its SQL names and those the views it reads name, itself excepted. */
    static Set<String> tablesRead(String model) {
        Set<String> out = new TreeSet<>();
        for (String ref : reads(model)) {
            if (isView(ref)) out.addAll(tablesRead(ref));
            else out.add(ref);
        }
        out.remove(model);
        return out;
    }

    /**
     * The views the models read, directly or through other views, that a build makes for them: the staging models
     * ({@code sql/staging}) and the views made in Java from them ({@link #SESSION_SEGMENTS}), each after the views it reads.
     * Views of settings are made once per build and are not among them.
     */
    static List<String> viewsRead(Collection<String> models) {
        Set<String> out = new LinkedHashSet<>();
        for (String model : models) addViewsRead(model, out);
        return List.copyOf(out);
    }

    private static void addViewsRead(String model, Set<String> out) {
        for (String ref : reads(model)) {
            if (isView(ref) && !SETTINGS_VIEWS.contains(ref) && !out.contains(ref)) {
                addViewsRead(ref, out);
                out.add(ref);
            }
        }
    }

    /**
     * What a model or view reads itself: the tables and views its SQL names; for a view made in Java, the view it is
     * made from; for a view of settings, nothing.
     */
    static Set<String> reads(String model) {
        if (JAVA_VIEWS.containsKey(model)) return Set.of(JAVA_VIEWS.get(model));
        if (SETTINGS_VIEWS.contains(model)) return Set.of();
        return references(model);
    }

    private static boolean isView(String name) {
        return !name.contains(".");
    }

    /** The tables and views a model's SQL names, itself excepted. */
    static Set<String> references(String model) {
        return REFERENCES.computeIfAbsent(model, ModelGraph::parseReferences);
    }

    private static Set<String> parseReferences(String model) {
        String sql = LINE_COMMENT.matcher(sql(model)).replaceAll("");
        Set<String> refs = new TreeSet<>();
        Matcher m = REFERENCE.matcher(sql);
        while (m.find()) refs.add(m.group(1) != null ? m.group(1) : m.group(2));
        refs.remove(model);
        return Collections.unmodifiableSet(refs);
    }

    private static String sql(String model) {
        String[] parts = model.split("\\.", 2);
        String layer = parts.length == 2 ? parts[0] : "staging";
        String name = parts.length == 2 ? parts[1] : parts[0];
        if (layer.equals("bronze") || layer.equals("meta")) {
            throw new IllegalStateException("a model reads " + model + ", which no input of the build planner "
                    + "stands for (io.indicate.build.ModelGraph)");
        }
        return Models.text(layer, name);
    }
}
