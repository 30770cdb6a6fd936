package io.indicate.cli;

import io.indicate.superset.RepositoryFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C reaches the JVM that {@code bin/indicate} starts, so that {@code demo --superset} (and {@code --serve})
 * stop what they started. The first Spark command after a build runs the JVM in the background of the launcher
 * (to record the class-data-sharing archive); a script runs a background command with SIGINT ignored, and a JVM
 * keeps an ignored SIGINT ignored, so on a fresh clone Ctrl-C used to stop Superset's gunicorn but leave the demo's
 * JVM and its PostgreSQL running. Run here on a copy of the launcher in a fake project whose {@code java} is a
 * script that exits 130 on SIGINT, with and without an archive.
 */
class LauncherSignalsTest {
    private static final String FAKE_JAVA = String.join("\n",
            "#!/usr/bin/env bash",
            "trap 'echo interrupted >> \"$FAKE_JAVA_LOG\"; exit 130' INT",
            "echo started >> \"$FAKE_JAVA_LOG\"",
            "while :; do sleep 0.1; done", "");

    @ParameterizedTest(name = "class-data-sharing archive present: {0}")
    @ValueSource(booleans = {false, true})
    void sigintToTheLauncherStopsTheJvm(boolean archive, @TempDir Path dir) throws Exception {
        Path root = dir.resolve("project"), bin = dir.resolve("fake-bin"), log = dir.resolve("java.log");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("jobs/target"));
        Files.createDirectories(bin);
        executable(Files.copy(RepositoryFiles.root().resolve("bin/indicate"), root.resolve("bin/indicate")));
        executable(Files.writeString(bin.resolve("java"), FAKE_JAVA));
        Files.writeString(root.resolve("pom.xml"), "<project><properties><spark.jvm.flags>-Dx=1</spark.jvm.flags></properties></project>\n");
        Path jar = Files.writeString(root.resolve("jobs/target/jobs-0.1.0-SNAPSHOT.jar"), "");
        Path classpath = Files.writeString(root.resolve("jobs/target/runtime.classpath"), "none");
        // the build is up to date: nothing newer than the classpath file (else the launcher would run Maven)
        Instant now = Instant.now();
        Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(now.minusSeconds(60)));
        Files.setLastModifiedTime(jar, FileTime.from(now.minusSeconds(30)));
        Files.setLastModifiedTime(classpath, FileTime.from(now));
        if (archive) Files.writeString(root.resolve("jobs/target/indicate-cds.jsa"), "");

        // started with SIGINT at its default, as from a terminal (whatever this test JVM was started with)
        ProcessBuilder pb = new ProcessBuilder("env", "--default-signal=INT", "bash", root.resolve("bin/indicate").toString(), "demo")
                .redirectErrorStream(true).redirectOutput(dir.resolve("launcher.out").toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("FAKE_JAVA_LOG", log.toString());
        pb.environment().remove("INDICATE_CDS");
        Process launcher = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(log) && Files.readString(log).contains("started")) && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(Files.exists(log), "the fake java never started: " + Files.readString(dir.resolve("launcher.out")));
            Thread.sleep(300); // the launcher's traps are set right after it starts the JVM
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor());
            assertTrue(launcher.waitFor(20, TimeUnit.SECONDS), "SIGINT did not stop the JVM (it ignores SIGINT)");
            assertEquals(130, launcher.exitValue());
            assertTrue(Files.readString(log).contains("interrupted"), Files.readString(log));
        } finally {
            if (launcher.isAlive()) {
                new ProcessBuilder("kill", "-TERM", Long.toString(launcher.pid())).start().waitFor();
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void executable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
