package io.indicate.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.indicate.cli.IndicateCli;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Map<String, String> VARIABLES = Map.of(
            "indicate_launcher", "/opt/indicate/bin/indicate",
            "indicate_config", "/etc/indicate/indicate.yaml",
            "indicate_landing_queue_log", "/data/landing/queue_log",
            "indicate_landing_cdr", "/data/landing/cdr",
            "indicate_landing_crm", "/data/landing/crm",
            "indicate_roster", "/data/landing/roster/agents.csv",
            "indicate_serving_jdbc_url", "jdbc:postgresql://serving-db:5432/indicate",
            "indicate_superset_url", "http://superset:8088",
            "indicate_vacuum_retain_hours", "168");
    private static final Map<String, String> CONNECTIONS = Map.of(
            "indicate_serving.login", "indicate_publisher",
            "indicate_serving.password", "serving-secret",
            "indicate_superset.login", "indicate_provisioner",
            "indicate_superset.password", "superset-secret");

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{\\s*(.+?)\\s*}}");

    @TestFactory
    Stream<DynamicTest> everyDagTaskRunsACommandTheCliAccepts() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        dagCommands().fields().forEachRemaining(dag -> dag.getValue().fields().forEachRemaining(task -> {
            List<String> args = new ArrayList<>();
            task.getValue().forEach(arg -> args.add(render(arg.asText())));
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

    /**
     * The few expressions indicate_commands.py uses, evaluated as Airflow would for the sample run. An unknown
     * expression fails the test rather than passing through unrendered.
     */
    private static String render(String template) {
        Matcher m = EXPRESSION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(evaluate(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String evaluate(String expression) {
        if (expression.startsWith("var.value.")) {
            return sample(VARIABLES, expression.substring("var.value.".length()), "Variable");
        }
        if (expression.startsWith("conn.")) {
            return sample(CONNECTIONS, expression.substring("conn.".length()), "Connection field");
        }
        if (expression.equals("data_interval_start.in_timezone(dag.timezone) | ds")) {
            return DATA_INTERVAL_START.atZone(DAG_TIMEZONE).toLocalDate().toString();
        }
        return fail("this test cannot render {{ " + expression + " }}: teach DagCommandsMatchCliTest.evaluate what "
                + "Airflow makes of it");
    }

    private static String sample(Map<String, String> samples, String name, String kind) {
        String value = samples.get(name);
        return value != null ? value : fail("no sample value for " + kind + " " + name + " in DagCommandsMatchCliTest");
    }

    /** DAGS of dags/indicate_commands.py, read by python3 (the module is plain data and needs no Airflow). */
    private static JsonNode dagCommands() throws IOException, InterruptedException {
        Path dags = dagsFolder();
        Path output = Files.createTempFile("dag-commands", ".json");
        try {
            ProcessBuilder python = new ProcessBuilder("python3", "-B", "-c",
                    "import json, indicate_commands; print(json.dumps(indicate_commands.DAGS))")
                    .directory(dags.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            Process process;
            try {
                process = python.start();
            } catch (IOException e) {
                return fail("python3 is needed to read dags/indicate_commands.py and was not found: " + e.getMessage());
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("python3 did not read dags/indicate_commands.py within 30 s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                return fail("python3 could not read dags/indicate_commands.py:\n" + text);
            }
            return new ObjectMapper().readTree(text);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Path dagsFolder() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("dags/indicate_commands.py"))) {
                return dir.resolve("dags");
            }
        }
        return fail("cannot find dags/indicate_commands.py above " + start);
    }
}
