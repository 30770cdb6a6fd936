package io.indicate.cli;

import io.indicate.bench.ServingLoad;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code indicate bench-serving}: the serving database under agents opening "My performance" at once
 * ({@link ServingLoad}). A benchmark: it prints what it measured and asserts nothing.
 */
@Command(name = "bench-serving", mixinStandardHelpOptions = true,
        description = "Time the 'My performance' dashboard's queries, with each agent's row-level security, under concurrent sessions.")
public final class BenchServingCommand implements Callable<Integer> {
    @Option(names = "--jdbc-url", required = true, paramLabel = "URL", description = "the serving database, e.g. jdbc:postgresql://host:5432/indicate")
    String jdbcUrl;

    @CommandLine.Mixin Login login;

    @Option(names = "--sessions", defaultValue = "50", description = "concurrent sessions, each a different agent (default ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--loads", defaultValue = "10", description = "dashboard loads per session (default ${DEFAULT-VALUE})")
    int loads;

    @Option(names = "--connections", paramLabel = "N", description = "connections the sessions share, the concurrency the "
            + "serving side admits, e.g. Superset's request threads (default: one per session)")
    Integer connections;

    @Option(names = "--warm-up-loads", defaultValue = "1", paramLabel = "N",
            description = "untimed loads per session before the clock starts (default ${DEFAULT-VALUE})")
    int warmUpLoads;

    @Option(names = "--today", paramLabel = "DATE", description = "the dashboard's today (default: the latest date of serving.kpi_agent_interval)")
    LocalDate today;

    @Option(names = "--assets", paramLabel = "DIR", defaultValue = "superset/assets",
            description = "the dashboards-as-code folder the queries are derived from (default ${DEFAULT-VALUE})")
    Path assets;

    @Option(names = "--csv", paramLabel = "FILE", description = "also write the table as CSV")
    Path csv;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String password = login.password(System::getenv);
        ServingLoad.Builder load = ServingLoad.builder(jdbcUrl).user(login.user()).password(password)
                .sessions(sessions).loads(loads).warmUpLoads(warmUpLoads).today(today).assets(assets);
        if (connections != null) load.connections(connections);  // else the builder's default: one per session
        ServingLoad.Report report = load.build().run();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench-serving: %d sessions x %d loads of My performance over %d connections, today %s, %.1f s%n",
                report.sessions(), report.loads(), report.connections(), report.today(), report.seconds());
        List<String> lines = csvLines(report);
        for (String line : lines) out.println(String.join("  ", line.split(",", -1)));
        out.flush();
        if (csv != null) Files.write(csv, lines, StandardCharsets.UTF_8);
        return 0;
    }

    /** Header, one row per query, then {@code all} with the queries per second of the whole load. */
    static List<String> csvLines(ServingLoad.Report report) {
        List<String> lines = new ArrayList<>();
        lines.add("query,queries,rows_per_query,p50_ms,p95_ms,max_ms,queries_per_s");
        for (ServingLoad.Stats s : report.queries()) lines.add(row(s, ""));
        lines.add(row(report.overall(), String.format(Locale.ROOT, "%.0f", report.queriesPerSecond())));
        return lines;
    }

    private static String row(ServingLoad.Stats s, String queriesPerSecond) {
        return String.format(Locale.ROOT, "%s,%d,%.1f,%.1f,%.1f,%.1f,%s", s.query(), s.count(), (double) s.rows() / s.count(),
                s.p50Ms(), s.p95Ms(), s.maxMs(), queriesPerSecond);
    }
}
