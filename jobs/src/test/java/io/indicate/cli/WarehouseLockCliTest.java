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
 * holds it past --lock-wait, exits 1 with one line naming the holder, before it has opened (or touched) anything.
 */
class WarehouseLockCliTest {
    @Test
    void everyWriterStopsWithOneLineWhileAnotherStepHoldsTheWarehouse(@TempDir Path dir) throws Exception {
        String warehouse = dir.resolve("warehouse").toString();
        Path landing = dir.resolve("landing");
        java.nio.file.Files.createDirectories(landing);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            try (WarehouseLock lock = WarehouseLock.acquire(warehouse, "ingest", Duration.ZERO, m -> { })) {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(held.await(10, TimeUnit.SECONDS));
        List<List<String>> commands = List.of(
                List.of("ingest", "--queue-log", landing.toString()),
                List.of("build"),
                List.of("refresh", "--queue-log", landing.toString()),
                List.of("forget", "--caller", "+46701234567"),
                List.of("optimize"),
                List.of("vacuum", "--retain-hours", "168"),
                List.of("publish", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none"));
        PrintStream err = System.err;
        try {
            for (List<String> command : commands) {
                List<String> args = new ArrayList<>(command);
                args.addAll(List.of("--warehouse", warehouse, "--lock-wait", "1s"));
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
                int exit = IndicateCli.run(args.toArray(String[]::new));
                System.setErr(err);
                String said = captured.toString(StandardCharsets.UTF_8).strip();
                assertEquals(1, exit, command + ": " + said);
                assertEquals(1, said.lines().count(), command + " says one line: " + said);
                assertTrue(said.contains("the warehouse " + warehouse + " is in use by ingest"), command + ": " + said);
            }
        } finally {
            System.setErr(err);
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
    }
}
