package io.indicate.testing;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The indicate CLI in a JVM of its own, started as {@code bin/indicate} starts it, on the test's classpath. */
public final class CliJvm {
    private CliJvm() {}

    /**
     * The Spark settings the test JVM runs with (the parent pom's {@code test.spark.*}, which surefire passes as
     * {@code spark.*} system properties): a JVM started for a test step gets them too; same results, less
     * overhead on a few rows.
     */
    public static Map<String, String> testSparkSettings() {
        Map<String, String> settings = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("spark."))
                .forEach(k -> settings.put(k, System.getProperty(k)));
        return settings;
    }

    /** The flags of a JVM that lives for one step (the parent pom's {@code test.shortLivedJvmFlags}). */
    public static List<String> shortLivedFlags() {
        String flags = System.getProperty("indicate.test.shortLivedJvmFlags", "");
        return flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
    }

    /** Options of a test-sized JVM for one step: heap {@code heap}, {@link #shortLivedFlags()}, {@link #testSparkSettings()}. */
    public static List<String> testSized(String heap) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap));
        options.addAll(shortLivedFlags());
        testSparkSettings().forEach((k, v) -> options.add("-D" + k + "=" + v));
        return options;
    }

    /**
     * {@code java OPTIONS FLAGS -cp CLASSPATH io.indicate.cli.IndicateCli}, append the CLI's arguments. FLAGS are
     * the test JVM's options a Spark JVM needs as well: the parent pom's {@code spark.jvm.flags} (surefire's
     * argLine passes them), the UTC default time zone and the CLI's log configuration.
     */
    public static List<String> command(List<String> options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Duser.timezone") || a.startsWith("-Dlog4j2.configurationFile"))
                .toList());
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "io.indicate.cli.IndicateCli"));
        return command;
    }
}
