package io.indicate.airflow;

import io.indicate.cli.IndicateCli;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every command a DAG task runs, rendered the way Airflow renders it for a sample run, is accepted by the real
 * {@code indicate} CLI (parsed, not executed), and every option it passes is in that command's --help. The
 * commands come from dags/indicate_commands.py, the same data the DAG files build their tasks from.
 */
class DagCommandsMatchCliTest {
    /** The nightly run that settles 2026-11-27 in Stockholm: Airflow hands its interval start over in UTC. */
    private static final Instant DATA_INTERVAL_START = Instant.parse("2026-11-26T23:00:00Z");
    private static final ZoneId DAG_TIMEZONE = ZoneId.of("Europe/Stockholm");

    private static final Map<String, String> VARIABLES = Map.ofEntries(
            Map.entry("indicate_launcher", "/opt/indicate/bin/indicate"),
            Map.entry("indicate_config", "/etc/indicate/indicate.yaml"),
            Map.entry("indicate_landing_queue_log", "/data/landing/queue_log"),
            Map.entry("indicate_landing_cdr", "/data/landing/cdr"),
            Map.entry("indicate_landing_crm", "/data/landing/crm"),
            Map.entry("indicate_roster", "/data/landing/roster/agents.csv"),
            Map.entry("indicate_goals", "/data/landing/goals/goals.csv"),
            Map.entry("indicate_serving_jdbc_url", "jdbc:postgresql://serving-db:5432/indicate"),
            Map.entry("indicate_superset_url", "http://superset:8088"),
            Map.entry("indicate_vacuum_retain_hours", "168"),
            Map.entry("indicate_refresh_every", "30s"),
            Map.entry("indicate_refresh_window", "13m"),
            Map.entry("indicate_smtp_url", "smtp://mail.example.com:587"),
            Map.entry("indicate_digest_from", "indicate@example.com"),
            Map.entry("indicate_dashboard_url", "https://insights.example.com"));
    private static final Map<String, String> CONNECTIONS = Map.of(
            "indicate_serving.login", "indicate_publisher",
            "indicate_serving.password", "serving-secret",
            "indicate_superset.login", "indicate_provisioner",
            "indicate_superset.password", "superset-secret",
            "indicate_smtp.login", "indicate-digest",
            "indicate_smtp.password", "smtp-secret");

    @TestFactory
    Stream<DynamicTest> everyDagTaskRunsACommandTheCliAccepts() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        DagTemplates templates = new DagTemplates(VARIABLES, CONNECTIONS, DATA_INTERVAL_START, DAG_TIMEZONE);
        DagTemplates.dagCommands().fields().forEachRemaining(dag -> dag.getValue().fields().forEachRemaining(task -> {
            List<String> args = new ArrayList<>();
            task.getValue().forEach(arg -> args.add(templates.render(arg.asText())));
            String name = dag.getKey() + "." + task.getKey() + ": indicate " + String.join(" ", args);
            tests.add(dynamicTest(name, () -> assertAccepted(name, args)));
        }));
        assertTrue(tests.size() >= 3, "dags/indicate_commands.py lists no tasks");
        return tests.stream();
    }

    private static void assertAccepted(String task, List<String> args) {
        CommandLine cli = new CommandLine(new IndicateCli());
        assertCommandExists(cli, task, args);
        CommandLine.ParseResult parsed;
        try {
            parsed = cli.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            fail("the CLI rejects DAG task " + task + "\n  -> " + e.getMessage());
            return;
        }
        CommandLine.ParseResult command = parsed;
        while (command.subcommand() != null) {
            command = command.subcommand();
        }
        if (command == parsed) {
            fail("DAG task " + task + " names no subcommand the CLI knows");
        }
        String help = command.commandSpec().commandLine().getUsageMessage();
        for (CommandLine.Model.OptionSpec option : command.matchedOptions()) {
            assertTrue(help.contains(option.longestName()), "`indicate " + command.commandSpec().qualifiedName()
                    + " --help` does not list " + option.longestName() + ", which DAG task " + task + " passes");
        }
    }

    /** Names a missing (sub)command plainly, before picocli would call it an "unmatched argument". */
    private static void assertCommandExists(CommandLine cli, String task, List<String> args) {
        CommandLine level = cli;
        StringBuilder path = new StringBuilder("indicate");
        for (String word : args) {
            if (word.startsWith("-") || level.getSubcommands().isEmpty()) {
                return;
            }
            level = level.getSubcommands().get(word);
            path.append(' ').append(word);
            if (level == null) {
                fail("the CLI has no command `" + path + "` for DAG task " + task);
            }
        }
    }
}
