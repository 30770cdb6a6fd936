package io.indicate.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.indicate.generate.SampleDataGenerator;
import io.indicate.testing.CliJvm;
import io.indicate.testing.TestWarehouse;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The job jar on a real Spark cluster: {@code ingest} and {@code build} submitted with {@code bin/indicate-submit}
 * (spark-submit of job-jar/target/indicate-job.jar) to a standalone master and worker of Spark's own
 * distribution ({@code bin/stack up spark}, started here when it is not running and stopped afterwards) give
 * the silver tables and gold marts, cell for cell, that the same commands give in local mode (the CLI in a JVM
 * of its own on the Maven classpath, as {@code bin/indicate} runs it). That the work really ran on the cluster is read from the two
 * applications' event logs (every task ran on an executor the worker started, none in the driver) and from the
 * master, which lists both applications as finished.
 *
 * <p>Tagged {@code cluster}: {@code bin/test} runs it in its second Maven run, with the slow lane; by hand:
 * {@code mvn -B -q -pl jobs -am test -Dgroups=cluster -Dtest.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 * (the first submit builds the job jar when it is missing or older than the sources).
 */
@Tag(ClusterRunTest.TAG)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRunTest {
    static final String TAG = "cluster";
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root = projectRoot();
    private final Path stack = root.resolve(".stack/spark");
    private boolean startedHere;
    private String master;
    private URI webUi;
    private Path sparkHome;

    @BeforeAll
    void startTheCluster() throws Exception {
        if (run(List.of(root.resolve("bin/stack").toString(), "status"), Map.of(), root, Duration.ofMinutes(1))
                .lines().noneMatch(l -> l.startsWith("spark: running"))) {
            Output up = run(List.of(root.resolve("bin/stack").toString(), "up", "spark"), Map.of(), root,
                    Duration.ofMinutes(10));
            assertEquals(0, up.exit, "bin/stack up spark:\n" + up.text);
            startedHere = true;
        }
        master = Files.readString(stack.resolve("master")).strip();
        webUi = URI.create(Files.readString(stack.resolve("webui")).strip() + "/");
        sparkHome = Path.of(Files.readString(stack.resolve("home")).strip());
    }

    @AfterAll
    void stopTheClusterStartedHere() throws Exception {
        if (startedHere) {
            run(List.of(root.resolve("bin/stack").toString(), "down", "spark"), Map.of(), root, Duration.ofMinutes(2));
        }
    }

    @Test
    void ingestAndBuildSubmittedToAStandaloneClusterGiveTheTablesOfLocalMode(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        SampleDataGenerator.builder().agents(5).days(3).start(LocalDate.parse("2026-11-02")).seed(11).build().generate(landing);
        List<String> ingest = List.of("ingest", "--roster", landing.resolve("roster.csv").toString(),
                "--queue-log", landing.resolve("queue_log").toString(), "--cdr", landing.resolve("cdr").toString(),
                "--crm", landing.resolve("crm").toString(), "--goals", landing.resolve("goals.csv").toString());
        List<String> build = List.of("build");
        Path local = dir.resolve("local");
        Path cluster = dir.resolve("cluster");
        Path events = Files.createDirectories(dir.resolve("events"));

        for (List<String> step : List.of(ingest, build)) {
            // every JVM of the runs, local or driver or executor, lives for one step and is sized for a few rows,
            // like the test JVM's own session (the results do not depend on it, the overhead does)
            List<String> command = new ArrayList<>(CliJvm.command(CliJvm.testSized("1g")));
            command.addAll(step);
            command.addAll(List.of("--warehouse", local.resolve("warehouse").toString()));
            succeed("local " + step.get(0), command, local);
        }
        // the key local mode generated beside its warehouse: the cluster's driver reads it from there the same way
        copyFolder(local.resolve("warehouse/_secrets"), cluster.resolve("warehouse/_secrets"));
        for (List<String> step : List.of(ingest, build)) {
            List<String> command = new ArrayList<>(List.of(root.resolve("bin/indicate-submit").toString(),
                    "--master", master, "--driver-memory", "1g", "--executor-memory", "1g",
                    // the executors reach the driver on loopback, where the worker runs them
                    "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                    "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri()));
            CliJvm.testSparkSettings().forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
            command.add("--");
            command.addAll(step);
            command.addAll(List.of("--warehouse", cluster.resolve("warehouse").toString()));
            succeed("cluster " + step.get(0), command, cluster);
        }

        TestWarehouse onLocal = new TestWarehouse(local);
        TestWarehouse onCluster = new TestWarehouse(cluster);
        List<Table> compared = Stream.of(Table.values())
                .filter(t -> t.layer() == Table.Layer.SILVER || t.layer() == Table.Layer.GOLD).toList();
        for (Table t : compared) {
            List<String> expected = onLocal.snapshot(t);
            assertFalse(expected.isEmpty(), t.qualifiedName() + " has rows in local mode");
            List<String> actual = onCluster.snapshot(t);
            assertEquals(expected.size(), actual.size(), t.qualifiedName() + ": rows on the cluster");
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), actual.get(i), t.qualifiedName() + ": row " + i + " of the sorted rows");
            }
        }
        System.out.printf(Locale.ROOT, "cluster run: %d silver and gold tables (%d rows) equal local mode's%n",
                compared.size(), compared.stream().mapToLong(t -> onLocal.snapshot(t).size()).sum());

        assertRanOnTheCluster(events);
    }

    /**
     * Both submits are applications the master lists as finished, and every task of each ran on an executor
     * (local mode runs its tasks in the driver, executor id {@code driver}).
     */
    private void assertRanOnTheCluster(Path events) throws Exception {
        List<Path> logs;
        try (Stream<Path> files = Files.list(events)) {
            logs = files.sorted().toList();
        }
        assertEquals(2, logs.size(), "one event log per submitted command: " + logs);
        JsonNode masterState = JSON.readTree(HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(webUi.resolve("json/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        Map<String, String> finished = new HashMap<>();
        masterState.path("completedapps").forEach(app -> finished.put(app.path("id").asText(), app.path("state").asText()));
        for (Path log : logs) {
            String app = null;
            Map<String, Integer> tasksByExecutor = new HashMap<>();
            try (BufferedReader lines = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("{\"Event\":\"SparkListenerApplicationStart\"")) {
                        app = JSON.readTree(line).path("App ID").asText();
                    } else if (line.startsWith("{\"Event\":\"SparkListenerTaskEnd\"")) {
                        tasksByExecutor.merge(JSON.readTree(line).at("/Task Info/Executor ID").asText(), 1, Integer::sum);
                    }
                }
            }
            assertTrue(app != null && app.startsWith("app-"), log + ": a standalone cluster's application id, got " + app);
            assertEquals("FINISHED", finished.get(app), app + " among the master's completed applications " + finished);
            assertFalse(tasksByExecutor.isEmpty(), app + " ran tasks");
            assertFalse(tasksByExecutor.containsKey("driver"), app + ": no task ran in the driver " + tasksByExecutor);
            System.out.printf(Locale.ROOT, "cluster run: %s ran %s tasks by executor%n", app, tasksByExecutor);
        }
    }

    private void succeed(String what, List<String> command, Path workDir) throws Exception {
        Files.createDirectories(workDir);
        long began = System.nanoTime();
        Output out = run(command, Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_LOCAL_IP", "127.0.0.1",
                "JAVA_HOME", System.getProperty("java.home"),
                "INDICATE_SUBMIT_JAVA_OPTS", String.join(" ", CliJvm.shortLivedFlags())), workDir, STEP_TIMEOUT);
        assertEquals(0, out.exit, what + " failed:\n" + out.tail());
        System.out.printf(Locale.ROOT, "cluster run: %s in %.1f s%n", what, (System.nanoTime() - began) / 1e9);
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private record Output(int exit, String text) {
        Stream<String> lines() { return text.lines(); }

        String tail() { return text.length() <= 6000 ? text : text.substring(text.length() - 6000); }
    }

    private static Output run(List<String> command, Map<String, String> env, Path workDir, Duration timeout) throws Exception {
        Files.createDirectories(workDir);
        Path log = Files.createTempFile("cluster-run", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeout + ":\n" + Files.readString(log));
            }
            return new Output(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path projectRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("bin/indicate-submit"))) return dir;
        }
        return fail("cannot find bin/indicate-submit above " + start);
    }
}
