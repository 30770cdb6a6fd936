package io.indicate.cli;

import io.indicate.warehouse.WarehouseLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every step that writes to a warehouse, and publish, waits for the warehouse's writer lock and, when another step
 * holds it past --lock-wait, exits 1 with one line naming the holder, before it has opened (or touched) anything;
 * forget and a vacuum without retention the same for the digest lock.
 */
class WarehouseLockCliTest {
    @Test
    void everyWriterStopsWithOneLineWhileAnotherStepHoldsTheWarehouse(@TempDir Path dir) throws Exception {
        String warehouse = dir.resolve("warehouse").toString();
        Path landing = dir.resolve("landing");
        java.nio.file.Files.createDirectories(landing);
        List<List<String>> commands = List.of(
                List.of("ingest", "--queue-log", landing.toString()),
                List.of("build"),
                List.of("refresh", "--queue-log", landing.toString()),
                List.of("forget", "--caller", "+46701234567"),
                List.of("optimize"),
                List.of("vacuum", "--retain-hours", "168"),
                List.of("publish", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none"));
        stopWithOneLineWhileHeld(warehouse, WarehouseLock.Name.WRITER, "ingest", commands,
                "the warehouse " + warehouse + " is in use by ingest");
    }

    /** Forget and a vacuum without retention also take the digest lock (after the writer lock), and stop the same way. */
    @Test
    void forgetAndAVacuumWithoutRetentionStopWithOneLineWhileADigestRuns(@TempDir Path dir) throws Exception {
        String warehouse = dir.resolve("warehouse").toString();
        stopWithOneLineWhileHeld(warehouse, WarehouseLock.Name.DIGEST, "digest",
                List.of(List.of("forget", "--caller", "+46701234567"), List.of("vacuum", "--retain-hours", "0")),
                "the digest lock of the warehouse " + warehouse + " is held by digest");
        try (WarehouseLock free = WarehouseLock.acquire(warehouse, "build", Duration.ZERO, m -> { })) {
            assertTrue(free != null, "each released the writer lock it had taken");
        }
    }

    /** Runs each command with --lock-wait 1s while another thread holds the lock {@code name}: exit 1, one line saying {@code said}. */
    private static void stopWithOneLineWhileHeld(String warehouse, WarehouseLock.Name name, String step, List<List<String>> commands,
                                                 String said) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            try (WarehouseLock lock = WarehouseLock.acquire(warehouse, name, step, Duration.ZERO, m -> { })) {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(held.await(10, TimeUnit.SECONDS));
        PrintStream err = System.err;
        try {
            for (List<String> command : commands) {
                List<String> args = new ArrayList<>(command);
                args.addAll(List.of("--warehouse", warehouse, "--lock-wait", "1s"));
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
                int exit = IndicateCli.run(args.toArray(String[]::new));
                System.setErr(err);
                String line = captured.toString(StandardCharsets.UTF_8).strip();
                assertEquals(1, exit, command + ": " + line);
                assertEquals(1, line.lines().count(), command + " says one line: " + line);
                assertTrue(line.contains(said), command + ": " + line);
            }
        } finally {
            System.setErr(err);
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
    }
}
