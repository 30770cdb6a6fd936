package io.indicate.airflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code indicate airflow ...}: operate the Indicate DAGs through Airflow's REST API. Credentials come from the
 * environment only ({@code AIRFLOW_TOKEN}, or {@code AIRFLOW_USERNAME} and {@code AIRFLOW_PASSWORD}) so that they
 * never show in a shell history or a process list. A failed request throws {@link AirflowException}, which the
 * {@code indicate} CLI turns into one line on stderr and exit code 1.
 */
@Command(name = "airflow",
        mixinStandardHelpOptions = true,
        description = "Trigger, watch, back-fill and pause the Indicate DAGs through Airflow's REST API (v2).%n"
                + "Credentials: AIRFLOW_TOKEN, or AIRFLOW_USERNAME and AIRFLOW_PASSWORD.",
        subcommands = {
                AirflowCommand.Trigger.class,
                AirflowCommand.Status.class,
                AirflowCommand.BackfillDates.class,
                AirflowCommand.Pause.class,
                AirflowCommand.Unpause.class,
                AirflowCommand.ImportErrors.class,
        })
public final class AirflowCommand implements Runnable {
    /** Also read by the DAG files: the time zone whose calendar days the warehouse reports on. */
    static final String TIMEZONE_ENV = "INDICATE_TIMEZONE";

    private final Function<String, String> environment;

    @Spec CommandLine.Model.CommandSpec spec;

    public AirflowCommand() {
        this(System::getenv);
    }

    /** For tests: {@code environment} stands in for {@link System#getenv(String)}. */
    public AirflowCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (see --help)");
    }

    /** A client for {@code caller}; a bad URL or missing credentials are usage errors of {@code caller}. */
    AirflowClient connect(Connection connection, CommandLine.Model.CommandSpec caller) {
        try {
            return AirflowClient.builder(connection.url, AirflowCredentials.fromEnvironment(environment))
                    .requestTimeout(connection.timeout)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(caller.commandLine(), e.getMessage());
        }
    }

    /** The options every subcommand shares. */
    static final class Connection {
        @Option(names = "--url", required = true, paramLabel = "URL",
                description = "Airflow's base URL, e.g. http://localhost:8080")
        URI url;

        @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Time limit of one HTTP request (e.g. 30s, 2m; default ${DEFAULT-VALUE}).")
        Duration timeout;
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Start a run of DAG; with --wait, follow it and exit 0 on success, 1 on failure.")
    static final class Trigger implements Callable<Integer> {
        @ParentCommand AirflowCommand airflow;
        @Spec CommandLine.Model.CommandSpec spec;
        @Mixin Connection connection;

        @Parameters(paramLabel = "DAG", description = "DAG id, e.g. indicate_nightly")
        String dagId;

        @Option(names = "--conf", paramLabel = "JSON", description = "Run configuration, a JSON object.")
        String conf;

        @Option(names = "--logical-date", paramLabel = "TIMESTAMP",
                description = "ISO-8601 timestamp with offset that picks the run's data interval (default: now).")
        OffsetDateTime logicalDate;

        @Option(names = "--wait", description = "Wait until the run has finished.")
        boolean wait;

        @Option(names = "--poll-interval", defaultValue = "15s", paramLabel = "DURATION",
                converter = DurationConverter.class, description = "With --wait: how often to ask (default ${DEFAULT-VALUE}).")
        Duration pollInterval;

        @Option(names = "--wait-timeout", defaultValue = "2h", paramLabel = "DURATION",
                converter = DurationConverter.class, description = "With --wait: give up after (default ${DEFAULT-VALUE}).")
        Duration waitTimeout;

        @Override
        public Integer call() {
            ObjectNode runConf = parseConf();
            AirflowClient client = airflow.connect(connection, spec);
            if (wait && client.isPaused(dagId)) {
                throw new AirflowException("cannot wait for a run of " + dagId + ": the DAG is paused, so Airflow "
                        + "would not start it; run `indicate airflow unpause " + dagId + "` first", 0);
            }
            OffsetDateTime logical = logicalDate != null ? logicalDate
                    : OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
            DagRun run = client.trigger(dagId, runConf, logical);
            PrintWriter out = spec.commandLine().getOut();
            out.println("triggered " + dagId + ": run " + run.runId() + " (" + run.state() + ")");
            out.flush();
            if (!wait) {
                return 0;
            }
            DagRun finished = client.awaitCompletion(dagId, run.runId(), waitTimeout, pollInterval, change -> {
                out.println("run " + change.runId() + " is " + change.state());
                out.flush();
            });
            if (finished.succeeded()) {
                return 0;
            }
            spec.commandLine().getErr().println("indicate airflow trigger: run " + finished.runId() + " of " + dagId
                    + " ended " + finished.state() + "; see its task logs in Airflow");
            return 1;
        }

        private ObjectNode parseConf() {
            if (conf == null) {
                return null;
            }
            try {
                JsonNode parsed = new ObjectMapper().readTree(conf);
                if (parsed instanceof ObjectNode object) {
                    return object;
                }
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--conf must be a JSON object like {\"key\": \"value\"}, got " + parsed.getNodeType());
            } catch (JsonProcessingException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--conf is not valid JSON: " + e.getOriginalMessage());
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the most recent runs of DAG, or one run with --run; exit 1 when that run, or the "
                    + "most recent finished run, failed.")
    static final class Status implements Callable<Integer> {
        @ParentCommand AirflowCommand airflow;
        @Spec CommandLine.Model.CommandSpec spec;
        @Mixin Connection connection;

        @Parameters(paramLabel = "DAG", description = "DAG id, e.g. indicate_nightly")
        String dagId;

        @Option(names = "--run", paramLabel = "ID", description = "Show only this run.")
        String runId;

        @Option(names = "--limit", defaultValue = "10", paramLabel = "N", description = "How many recent runs (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            AirflowClient client = airflow.connect(connection, spec);
            List<DagRun> runs = runId != null ? List.of(client.dagRun(dagId, runId)) : client.recentDagRuns(dagId, limit);
            PrintWriter out = spec.commandLine().getOut();
            if (runs.isEmpty()) {
                out.println(dagId + " has no runs yet");
            }
            for (DagRun run : runs) {
                out.printf("%-48s %-8s logical %-32s started %-32s ended %s%n", run.runId(), run.state(),
                        dash(run.logicalDate()), dash(run.startDate()), dash(run.endDate()));
            }
            out.flush();
            // newest first: the first finished run says whether the DAG's latest work succeeded
            DagRun latestFinished = runs.stream().filter(DagRun::isFinished).findFirst().orElse(null);
            if (latestFinished != null && latestFinished.failed()) {
                spec.commandLine().getErr().println("indicate airflow status: " + (runId != null ? "run " : "the latest "
                        + "finished run, ") + latestFinished.runId() + " of " + dagId + ", failed; see its task logs in Airflow");
                return 1;
            }
            return 0;
        }

        private static String dash(String value) {
            return value == null ? "-" : value;
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = "Run DAG again for every schedule point whose logical date falls from the start of --from "
                    + "to the end of --to (dates in --timezone).")
    static final class BackfillDates implements Callable<Integer> {
        @ParentCommand AirflowCommand airflow;
        @Spec CommandLine.Model.CommandSpec spec;
        @Mixin Connection connection;

        @Parameters(paramLabel = "DAG", description = "DAG id, e.g. indicate_nightly")
        String dagId;

        @Option(names = "--from", required = true, paramLabel = "DATE", description = "YYYY-MM-DD, or an ISO-8601 timestamp with offset")
        String from;

        @Option(names = "--to", required = true, paramLabel = "DATE", description = "YYYY-MM-DD (inclusive), or an ISO-8601 timestamp with offset")
        String to;

        @Option(names = "--timezone", paramLabel = "ZONE",
                description = "Zone of --from/--to dates (default: $INDICATE_TIMEZONE, else UTC).")
        String timezone;

        @Option(names = "--reprocess", defaultValue = "completed", paramLabel = "none|failed|completed",
                description = "Which dates that already ran to run again (default ${DEFAULT-VALUE}: all).")
        BackfillRequest.Reprocess reprocess;

        @Option(names = "--max-active-runs", defaultValue = "1", paramLabel = "N",
                description = "Runs at the same time (default ${DEFAULT-VALUE}: the runs write the same tables).")
        int maxActiveRuns;

        @Option(names = "--wait", description = "Wait until every run of the back-fill has finished; exit 1 if one failed.")
        boolean wait;

        @Option(names = "--poll-interval", defaultValue = "15s", paramLabel = "DURATION",
                converter = DurationConverter.class, description = "With --wait: how often to ask (default ${DEFAULT-VALUE}).")
        Duration pollInterval;

        @Option(names = "--wait-timeout", defaultValue = "12h", paramLabel = "DURATION",
                converter = DurationConverter.class, description = "With --wait: give up after (default ${DEFAULT-VALUE}).")
        Duration waitTimeout;

        @Override
        public Integer call() {
            ZoneId zone = zone();
            BackfillRequest request;
            try {
                request = BackfillRequest.of(dagId, start("--from", from, zone), end("--to", to, zone))
                        .withReprocess(reprocess)
                        .withMaxActiveRuns(maxActiveRuns);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            AirflowClient client = airflow.connect(connection, spec);
            if (client.isPaused(dagId)) {
                // Airflow accepts the back-fill and creates its runs, but queues none of their tasks until unpaused
                throw new AirflowException("cannot back-fill " + dagId + ": the DAG is paused, so its runs would "
                        + "wait; run `indicate airflow unpause " + dagId + "` first", 0);
            }
            PrintWriter out = spec.commandLine().getOut();
            long deadline = System.nanoTime() + waitTimeout.toNanos();
            Backfill backfill = wait ? createWhenNoneRuns(client, request, out, deadline) : client.createBackfill(request);
            out.println("back-fill " + backfill.id() + " of " + dagId + " created: logical dates "
                    + request.from() + " to " + request.to() + ", reprocess " + request.reprocess());
            out.flush();
            if (!wait) {
                return 0;
            }
            while (!backfill.isCompleted()) {
                pause(deadline, "for back-fill " + backfill.id() + " of " + dagId);
                backfill = client.backfill(backfill.id());
            }
            List<DagRun> runs = client.backfillRuns(backfill);
            runs.forEach(run -> out.println("run " + run.runId() + " is " + run.state()));
            long failed = runs.stream().filter(run -> !run.succeeded()).count();
            if (failed > 0 || runs.isEmpty()) {
                spec.commandLine().getErr().println("indicate airflow backfill: " + (runs.isEmpty() ? "back-fill "
                        + backfill.id() + " created no run" : failed + " of " + runs.size() + " runs of back-fill "
                        + backfill.id() + " did not succeed; see their task logs in Airflow"));
                return 1;
            }
            return 0;
        }

        /**
         * Creates the back-fill; while Airflow answers 409 because another back-fill of the DAG runs, waits for that
         * one to end and asks again (with --wait the caller asked to wait anyway). That other one may be this very
         * request's: Airflow on SQLite can answer 503 ("database is locked") after committing the back-fill, and the
         * client's retry of the 503 is then refused with 409 while that back-fill is still open.
         */
        private Backfill createWhenNoneRuns(AirflowClient client, BackfillRequest request, PrintWriter out, long deadline) {
            long announced = -1;
            while (true) {
                try {
                    return client.createBackfill(request);
                } catch (AirflowException e) {
                    if (e.status() != 409) throw e;
                }
                List<Backfill> running = client.runningBackfills(dagId);
                if (!running.isEmpty() && running.get(0).id() != announced) {
                    announced = running.get(0).id();
                    out.println("back-fill " + announced + " of " + dagId + " is running: waiting for it to end");
                    out.flush();
                }
                pause(deadline, running.isEmpty() ? "to back-fill " + dagId + " (Airflow answers 409)"
                        : "for back-fill " + running.get(0).id() + " of " + dagId + " to end");
            }
        }

        /** Sleeps one poll interval, or gives up when that would pass {@code deadline}. */
        private void pause(long deadline, String what) {
            if (System.nanoTime() + pollInterval.toNanos() > deadline) {
                throw new AirflowException("stopped waiting " + what + " after " + waitTimeout + " (it goes on in Airflow)", 0);
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AirflowException("interrupted while waiting " + what, 0);
            }
        }

        private ZoneId zone() {
            String name = timezone != null ? timezone : airflow.environment.apply(TIMEZONE_ENV);
            try {
                return name == null || name.isBlank() ? ZoneOffset.UTC : ZoneId.of(name);
            } catch (DateTimeException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "time zone '" + name + "' is not a known zone id (expected e.g. Europe/Stockholm)");
            }
        }

        /** A date means its first instant; a timestamp is taken as given. */
        private OffsetDateTime start(String option, String value, ZoneId zone) {
            return parse(option, value, zone, false);
        }

        /** A date means up to its last second, so that --to 2026-11-07 includes the runs during Nov 7. */
        private OffsetDateTime end(String option, String value, ZoneId zone) {
            return parse(option, value, zone, true);
        }

        private OffsetDateTime parse(String option, String value, ZoneId zone, boolean endOfDay) {
            try {
                if (value.length() == 10) {
                    LocalDate date = LocalDate.parse(value);
                    return endOfDay ? date.plusDays(1).atStartOfDay(zone).minusSeconds(1).toOffsetDateTime()
                            : date.atStartOfDay(zone).toOffsetDateTime();
                }
                return OffsetDateTime.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + " '" + value
                        + "' is neither a date (YYYY-MM-DD) nor a timestamp with offset (2026-11-27T00:00:00+01:00)");
            }
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop scheduling new runs of DAG.")
    static final class Pause implements Callable<Integer> {
        @ParentCommand AirflowCommand airflow;
        @Spec CommandLine.Model.CommandSpec spec;
        @Mixin Connection connection;

        @Parameters(paramLabel = "DAG", description = "DAG id, e.g. indicate_nightly")
        String dagId;

        @Override
        public Integer call() {
            airflow.connect(connection, spec).setPaused(dagId, true);
            spec.commandLine().getOut().println("paused " + dagId);
            return 0;
        }
    }

    @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Resume scheduling runs of DAG.")
    static final class Unpause implements Callable<Integer> {
        @ParentCommand AirflowCommand airflow;
        @Spec CommandLine.Model.CommandSpec spec;
        @Mixin Connection connection;

        @Parameters(paramLabel = "DAG", description = "DAG id, e.g. indicate_nightly")
        String dagId;

        @Override
        public Integer call() {
            airflow.connect(connection, spec).setPaused(dagId, false);
            spec.commandLine().getOut().println("unpaused " + dagId);
            return 0;
        }
    }

    @Command(name = "import-errors", mixinStandardHelpOptions = true,
            description = "List DAG files Airflow cannot import; exit 1 when there is any.")
    static final class ImportErrors implements Callable<Integer> {
        @ParentCommand AirflowCommand airflow;
        @Spec CommandLine.Model.CommandSpec spec;
        @Mixin Connection connection;

        @Override
        public Integer call() {
            List<DagImportError> errors = airflow.connect(connection, spec).importErrors();
            if (errors.isEmpty()) {
                spec.commandLine().getOut().println("no DAG import errors");
                return 0;
            }
            PrintWriter err = spec.commandLine().getErr();
            for (DagImportError error : errors) {
                err.println(error.filename() + ": " + error.reason());
            }
            err.println("indicate airflow import-errors: " + errors.size() + " DAG file(s) fail to import");
            return 1;
        }
    }

    /** Reads 500ms, 30s, 5m, 2h, or an ISO-8601 duration (PT30S). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 30s, 5m, 2h)");
            }
        }
    }
}
