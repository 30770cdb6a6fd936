package io.indicate.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The DAG tasks' CLI arguments from dags/indicate_commands.py, and the few Jinja expressions they use rendered
 * as Airflow would for one run, with given Variables and Connection fields.
 */
final class DagTemplates {
    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{\\s*(.+?)\\s*}}");

    private final Map<String, String> variables;
    private final Map<String, String> connections;
    private final Instant dataIntervalStart;
    private final ZoneId dagTimezone;

    DagTemplates(Map<String, String> variables, Map<String, String> connections, Instant dataIntervalStart, ZoneId dagTimezone) {
        this.variables = variables;
        this.connections = connections;
        this.dataIntervalStart = dataIntervalStart;
        this.dagTimezone = dagTimezone;
    }

    /**
     * The few expressions indicate_commands.py uses, evaluated as Airflow would for the sample run. An unknown
     * expression fails the test rather than passing through unrendered.
     */
    public String render(String template) {
        Matcher m = EXPRESSION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(evaluate(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String evaluate(String expression) {
        if (expression.startsWith("var.value.")) {
            return sample(variables, expression.substring("var.value.".length()), "Variable");
        }
        if (expression.startsWith("conn.")) {
            return sample(connections, expression.substring("conn.".length()), "Connection field");
        }
        // indicate_defaults.settled_day, for a run that has a data interval (DagFilesTest covers one without)
        if (expression.equals("settled_day(dag_run)")) {
            return dataIntervalStart.atZone(dagTimezone).toLocalDate().toString();
        }
        return fail("this test cannot render {{ " + expression + " }}: teach DagTemplates.evaluate what "
                + "Airflow makes of it");
    }

    private static String sample(Map<String, String> samples, String name, String kind) {
        String value = samples.get(name);
        return value != null ? value : fail("no sample value for " + kind + " " + name + " in the test");
    }

    /** DAGS of dags/indicate_commands.py, read by python3 (the module is plain data and needs no Airflow). */
    public static JsonNode dagCommands() throws IOException, InterruptedException {
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

    public static Path dagsFolder() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("dags/indicate_commands.py"))) {
                return dir.resolve("dags");
            }
        }
        return fail("cannot find dags/indicate_commands.py above " + start);
    }
}
