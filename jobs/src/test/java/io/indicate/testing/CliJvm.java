package io.indicate.testing;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The indicate CLI in a JVM of its own, started as {@code bin/indicate} starts it, on the test's classpath. */
public final class CliJvm {
    private CliJvm() {}

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
