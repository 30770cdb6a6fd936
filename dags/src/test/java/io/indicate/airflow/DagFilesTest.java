package io.indicate.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The DAG files, checked with a bare python3 because Airflow cannot be installed where these tests run: they
 * compile, the shared modules load without Airflow and describe exactly the DAGs that exist, no DAG file reads
 * a Variable or Connection while being parsed, and the failure callback reports what failed.
 */
class DagFilesTest {
    private static final Path DAGS = ProjectPaths.dagsFolder();
    private static final List<String> SHARED_MODULES = List.of("indicate_commands.py", "indicate_defaults.py");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyPythonFileInDagsCompiles() throws Exception {
        List<String> files = pythonFiles();
        assertTrue(files.containsAll(List.of("indicate_intraday.py", "indicate_nightly.py", "indicate_superset_sync.py", "indicate_digest.py")),
                "DAG files found: " + files);

        List<String> command = new ArrayList<>(List.of("-m", "py_compile"));
        command.addAll(files);
        python(DAGS, command.toArray(String[]::new));
    }

    @Test
    void theSharedModulesLoadWithoutAirflowAndDescribeEveryDagFile() throws Exception {
        JsonNode described = JSON.readTree(python(DAGS, "-c", String.join("\n",
                "import ast, json, pathlib",
                "import indicate_commands as c, indicate_defaults",
                "def dag_id(path):",
                "    for node in ast.parse(path.read_text()).body:",
                "        if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', None) == 'DAG_ID':",
                "            return node.value.value",
                "files = {p.stem: dag_id(p) for p in sorted(pathlib.Path('.').glob('*.py'))",
                "         if p.name not in ('indicate_commands.py', 'indicate_defaults.py')}",
                "tasks = {dag: {task: {'bash': c.bash_command(args), 'env': c.secret_env(args)}",
                "               for task, args in steps.items()} for dag, steps in c.DAGS.items()}",
                "print(json.dumps({'files': files, 'tasks': tasks}))")));

        described.get("files").fields().forEachRemaining(file ->
                assertEquals(file.getKey(), file.getValue().asText(), "DAG_ID of " + file.getKey() + ".py"));
        List<String> dagFiles = new ArrayList<>();
        described.get("files").fieldNames().forEachRemaining(dagFiles::add);
        List<String> dagsWithCommands = new ArrayList<>();
        described.get("tasks").fieldNames().forEachRemaining(dagsWithCommands::add);
        assertEquals(dagFiles.stream().sorted().toList(), dagsWithCommands.stream().sorted().toList());

        JsonNode tasks = described.get("tasks");
        tasks.forEach(dag -> dag.forEach(task ->
                assertTrue(task.get("bash").asText().startsWith("{{ var.value.indicate_launcher }} "), task.toString())));
        assertEquals("{{ conn.indicate_serving.password }}",
                tasks.at("/indicate_nightly/publish/env/INDICATE_SERVING_PASSWORD").asText());
        assertEquals("{{ conn.indicate_superset.password }}",
                tasks.at("/indicate_superset_sync/sync/env/INDICATE_SUPERSET_PASSWORD").asText());
        assertEquals("{{ conn.indicate_serving.password }}",
                tasks.at("/indicate_intraday/refresh/env/INDICATE_SERVING_PASSWORD").asText(), "refresh publishes");
        assertEquals(1, tasks.at("/indicate_intraday/refresh/env").size(), "refresh gets the serving password only");
        assertEquals(List.of("refresh"), names(tasks.get("indicate_intraday")), "one JVM per 15-minute cycle");
        assertEquals(List.of("build", "check", "publish", "optimize", "vacuum"), names(tasks.get("indicate_nightly")));
        assertEquals(List.of("digest"), names(tasks.get("indicate_digest")));
        assertEquals("{{ conn.indicate_smtp.password }}", tasks.at("/indicate_digest/digest/env/INDICATE_SMTP_PASSWORD").asText());
        assertEquals(1, tasks.at("/indicate_digest/digest/env").size(), "the digest gets the SMTP password only");
    }

    @Test
    void theDigestRunsInAOneSlotPoolOfItsOwnAndEveryPoolADagUsesIsCreatedWhereverTheStackIsSetUp() throws Exception {
        // the pool= of every task, resolved through indicate_defaults, read from the DAG files without Airflow
        JsonNode pools = JSON.readTree(python(DAGS, "-c", String.join("\n",
                "import ast, json, pathlib",
                "import indicate_defaults",
                "pools = {}",
                "for p in sorted(pathlib.Path('.').glob('indicate_*.py')):",
                "    if p.name in ('indicate_commands.py', 'indicate_defaults.py'):",
                "        continue",
                "    pools[p.stem] = sorted({getattr(indicate_defaults, k.value.id) for k in ast.walk(ast.parse(p.read_text()))",
                "                            if isinstance(k, ast.keyword) and k.arg == 'pool'})",
                "print(json.dumps(pools))")));

        assertEquals(List.of("indicate_digest"), texts(pools.get("indicate_digest")),
                "the digest holds its own lock, not the warehouse's: it must not wait for (or hold up) the refresh");
        assertEquals(List.of("indicate_warehouse"), texts(pools.get("indicate_intraday")));
        assertEquals(List.of("indicate_warehouse"), texts(pools.get("indicate_nightly")));

        Path root = ProjectPaths.repositoryRoot();
        String provision = Files.readString(root.resolve("tools/stack/airflow/provision.py"));
        String compose = Files.readString(DAGS.resolve("docker-compose.yml"));
        String readme = Files.readString(DAGS.resolve("README.md"));
        for (String pool : List.of("indicate_warehouse", "indicate_digest")) {
            assertTrue(provision.contains("\"" + pool + "\": "), "tools/stack/airflow/provision.py creates " + pool);
            assertTrue(compose.contains("airflow pools set " + pool + " 1 "), "dags/docker-compose.yml creates " + pool);
            assertTrue(readme.contains("airflow pools set " + pool + " 1 "), "dags/README.md says how to create " + pool);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(a -> texts.add(a.asText()));
        return texts;
    }

    @Test
    void noDagFileReadsVariablesOrConnectionsWhileItIsParsed(@TempDir Path scratch) throws Exception {
        Path offender = scratch.resolve("offender.py");
        Files.writeString(offender, "from airflow.sdk import Variable\nLAUNCHER = Variable.get('indicate_launcher')\n");
        List<String> files = new ArrayList<>(pythonFiles().stream().map(f -> DAGS.resolve(f).toString()).toList());
        files.add(offender.toString());

        String found = python(DAGS, Stream.concat(Stream.of("-c", String.join("\n",
                "import ast, sys",
                "# names whose use in a DAG file means a database or network look-up every time Airflow parses it",
                "LOOKUPS = {'Variable', 'Connection', 'BaseHook', 'get_connection', 'open', 'urlopen'}",
                "for path in sys.argv[1:]:",
                "    for node in ast.walk(ast.parse(open(path).read())):",
                "        name = getattr(node, 'id', None) or getattr(node, 'attr', None)",
                "        if isinstance(node, ast.alias):",
                "            name = node.name",
                "        if name in LOOKUPS:",
                "            print(f'{path}:{node.lineno}: {name}')")), files.stream()).toArray(String[]::new));

        assertEquals(List.of(offender + ":1: Variable", offender + ":2: Variable"), found.lines().toList(),
                "only the deliberately bad file may look anything up");
    }

    @Test
    void tasksRetryWithGrowingWaitsAndTheFailureCallbackSaysWhatFailedAndWhy() throws Exception {
        String output = python(DAGS, "-c", String.join("\n",
                "import json, logging, sys",
                "from datetime import timedelta",
                "from types import SimpleNamespace",
                "logging.basicConfig(stream=sys.stdout, format='%(levelname)s %(message)s')",
                "import indicate_defaults as d",
                "args = d.task_defaults(3, timedelta(minutes=2), timedelta(minutes=30), timedelta(hours=2))",
                "print(json.dumps({'retries': args['retries'], 'backoff': args['retry_exponential_backoff'],",
                "                  'max_delay': args['max_retry_delay'].total_seconds(),",
                "                  'callback': args['on_failure_callback'] is d.report_task_failure}))",
                "ti = SimpleNamespace(task_id='check', dag_id='indicate_nightly', try_number=1)",
                "d.report_task_failure({'ti': ti, 'run_id': 'scheduled__2026-11-26T23:00:00+00:00',",
                "                       'exception': RuntimeError('Bash command failed with exit code 1')})"));

        List<String> lines = output.lines().toList();
        assertEquals(JSON.readTree("{\"retries\": 3, \"backoff\": 2.0, \"max_delay\": 1800.0, \"callback\": true}"),
                JSON.readTree(lines.get(0)));
        assertEquals("ERROR indicate: task check of DAG indicate_nightly failed for run "
                + "scheduled__2026-11-26T23:00:00+00:00 after 1 tries: Bash command failed with exit code 1", lines.get(1));
    }

    @Test
    void aNightlyRunSettlesTheLocalDayOfItsIntervalAndWithoutALogicalDateTheDayBeforeItStarted() throws Exception {
        String output = python(DAGS, "-c", String.join("\n",
                "import os",
                "os.environ['INDICATE_TIMEZONE'] = 'Europe/Stockholm'",
                "from datetime import datetime, timezone",
                "from types import SimpleNamespace",
                "import indicate_defaults as d",
                "utc = lambda text: datetime.fromisoformat(text).replace(tzinfo=timezone.utc)",
                "# the scheduled run for 2026-11-27: its interval starts at local midnight, 23:00 UTC the day before",
                "print(d.settled_day(SimpleNamespace(data_interval_start=utc('2026-11-26T23:00:00'),",
                "                                    run_after=utc('2026-11-27T23:00:00'))))",
                "# triggered with logical_date null at 00:30 local on 2026-11-28 (23:30 UTC on the 27th)",
                "print(d.settled_day(SimpleNamespace(data_interval_start=None, run_after=utc('2026-11-27T23:30:00'))))"));

        assertEquals(List.of("2026-11-27", "2026-11-27"), output.lines().toList());
    }

    @Test
    void theDigestOfADayWaitsForTheScheduledNightlyRunOfThatDayAlsoAcrossADaylightSavingChange() throws Exception {
        String output = python(DAGS, "-c", String.join("\n",
                "import os",
                "os.environ['INDICATE_TIMEZONE'] = 'Europe/Stockholm'",
                "from datetime import datetime, timezone",
                "from types import SimpleNamespace",
                "import indicate_defaults as d",
                "utc = lambda text: datetime.fromisoformat(text).replace(tzinfo=timezone.utc)",
                "def nightly(start, run_after):",
                "    run = SimpleNamespace(data_interval_start=start and utc(start), run_after=utc(run_after))",
                "    return d.nightly_run_of_settled_day(run.run_after, dag_run=run, ti=None).astimezone(timezone.utc).isoformat()",
                "# the digest's scheduled run for 2026-11-27: its interval starts at 06:30 local (05:30 UTC) that day",
                "print(nightly('2026-11-27T05:30:00', '2026-11-28T05:30:00'))",
                "# 2026-10-25, the day summer time ends: the nightly run of that day started at 00:00 CEST, 22:00 UTC the day before",
                "print(nightly('2026-10-25T05:30:00', '2026-10-26T05:30:00'))",
                "# triggered with logical_date null at 09:00 local on 2026-11-28: the day before",
                "print(nightly(None, '2026-11-28T08:00:00'))"));

        assertEquals(List.of("2026-11-26T23:00:00+00:00", "2026-10-24T22:00:00+00:00", "2026-11-26T23:00:00+00:00"),
                output.lines().toList());
    }

    @Test
    void aSparkSubmitLauncherMakesEveryTaskSubmitTheJobJarWithItsArgumentsUnchanged(@TempDir Path bin) throws Exception {
        // the switch to a cluster (README "On a cluster"): only the Variable indicate_launcher changes. Its
        // rendered value is a spark-submit prefix whose --conf holds spaces in double quotes; a stand-in
        // spark-submit prints the words bash hands it
        Path spark = bin.resolve("spark-submit");
        Files.writeString(spark, "#!/usr/bin/env python3\nimport json, sys\nprint(json.dumps(sys.argv[1:]))\n");
        assertTrue(spark.toFile().setExecutable(true));
        List<String> submitOptions = List.of("--master", "yarn", "--deploy-mode", "client",
                "--conf", "spark.executor.extraJavaOptions=-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.nio=ALL-UNNAMED -Duser.timezone=UTC",
                "--class", "io.indicate.cli.IndicateCli", "/opt/indicate/indicate-job.jar");
        String launcher = "spark-submit --master yarn --deploy-mode client"
                + " --conf \"spark.executor.extraJavaOptions=-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.nio=ALL-UNNAMED -Duser.timezone=UTC\""
                + " --class io.indicate.cli.IndicateCli /opt/indicate/indicate-job.jar";

        JsonNode tasks = JSON.readTree(python(DAGS, "-c", String.join("\n",
                "import json, os, re, subprocess, sys",
                "import indicate_commands as c",
                "launcher, bin = sys.argv[1], sys.argv[2]",
                "# Jinja as Airflow renders these templates: the launcher, and a sample value with a space for the rest",
                "render = lambda text: re.sub(r'\\{\\{\\s*(.+?)\\s*\\}\\}',",
                "    lambda m: launcher if m.group(1) == 'var.value.indicate_launcher' else 'sample ' + m.group(1), text)",
                "env = dict(os.environ, PATH=bin + os.pathsep + os.environ['PATH'])",
                "out = {}",
                "for dag, steps in c.DAGS.items():",
                "    for task, args in steps.items():",
                "        run = subprocess.run(['bash', '-c', render(c.bash_command(args))], env=env, capture_output=True, text=True, check=True)",
                "        out[dag + '.' + task] = {'argv': json.loads(run.stdout), 'args': [render(a) for a in args]}",
                "print(json.dumps(out))"), launcher, bin.toString()));

        assertEquals(8, tasks.size(), "every task of the four DAGs: " + tasks);
        tasks.fields().forEachRemaining(task -> {
            List<String> expected = new ArrayList<>(submitOptions);
            task.getValue().get("args").forEach(a -> expected.add(a.asText()));
            List<String> argv = new ArrayList<>();
            task.getValue().get("argv").forEach(a -> argv.add(a.asText()));
            assertEquals(expected, argv, task.getKey());
        });
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> pythonFiles() throws IOException {
        try (Stream<Path> files = Files.list(DAGS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".py")).sorted().toList();
        }
    }

    /** Runs python3 in {@code dir}; returns stdout, or fails with the output when it exits non-zero. */
    static String python(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        // output goes to files so that a full pipe cannot stall the process and the wait below stays bounded
        Path stdout = Files.createTempFile("python", ".out");
        Path stderr = Files.createTempFile("python", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        // byte code goes to target/, not next to the DAG files
        builder.environment().put("PYTHONPYCACHEPREFIX", DAGS.resolve("target/pycache").toString());
        builder.environment().remove("PYTHONPATH");
        try {
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return fail("python3 is needed to check the DAG files and was not found: " + e.getMessage());
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("python3 " + String.join(" ", args) + " did not finish within 30 s");
            }
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                return fail("python3 exited " + process.exitValue() + ":\n" + Files.readString(stderr) + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
