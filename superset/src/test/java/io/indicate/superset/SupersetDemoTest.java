package io.indicate.superset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code demo --superset} with a fake {@code bin/stack}: what a newcomer sees while Superset is installed. */
class SupersetDemoTest {
    @Test
    void aFirstUpSaysItIsInstallingWhileItInstallsAndAFailedUpStopsTheDemo(@TempDir Path home) throws Exception {
        Path release = home.resolve("installed");
        Files.createDirectories(home.resolve("bin"));
        Path stack = Files.writeString(home.resolve("bin/stack"), String.join("\n",
                "#!/usr/bin/env bash",
                "case \"$1\" in",
                "  status) echo 'superset: stopped' ;;",
                "  up) echo \"superset: time zone ${INDICATE_TIMEZONE:-none}\"",
                "      echo 'superset: installing from requirements.lock (first time: several minutes)'",
                "      while [[ ! -e '" + release + "' ]]; do sleep 0.05; done",
                "      echo 'superset: pip install failed' >&2; exit 1 ;;",
                "esac", ""));
        Files.setPosixFilePermissions(stack, PosixFilePermissions.fromString("rwxr-xr-x"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SupersetDemo demo = new SupersetDemo(home, new PrintStream(printed, true, StandardCharsets.UTF_8), java.time.ZoneId.of("America/New_York"));

        CompletableFuture<Void> start = CompletableFuture.runAsync(() -> {
            try {
                demo.start(null, null, null, null, null);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!printed.toString(StandardCharsets.UTF_8).contains("installing") && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(printed.toString(StandardCharsets.UTF_8).contains("  superset: installing from requirements.lock"),
                    "the install is announced while it runs, not after: " + printed.toString(StandardCharsets.UTF_8));
            assertFalse(start.isDone());
        } finally {
            Files.createFile(release); // the fake install ends, whatever was asserted
        }
        ExecutionException failed = assertThrows(ExecutionException.class, () -> start.get(20, TimeUnit.SECONDS));
        assertTrue(String.valueOf(failed.getCause()).contains("bin/stack up superset failed"), failed.toString());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("  superset: pip install failed"), printed.toString(StandardCharsets.UTF_8));
        // a Superset the demo starts runs in the centre's time zone (its "today" is its clock's date)
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("  superset: time zone America/New_York"), printed.toString(StandardCharsets.UTF_8));
    }
}
