package io.indicate.warehouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One writer per warehouse: a second writer waits or stops with one line naming the holder; a killed holder frees it. */
class WarehouseLockTest {

    /**
     * Run in a child JVM: takes the writer lock of args[0] for "ingest" (or with args[1] DIGEST, its digest lock for
     * "digest"), says "held", and keeps it until killed.
     */
    public static final class Holder {
        public static void main(String[] args) throws InterruptedException {
            WarehouseLock.Name name = args.length > 1 ? WarehouseLock.Name.valueOf(args[1]) : WarehouseLock.Name.WRITER;
            WarehouseLock.acquire(args[0], name, name == WarehouseLock.Name.WRITER ? "ingest" : "digest", Duration.ZERO, m -> { });
            System.out.println("held");
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }

    private static Process holderProcess(Path warehouse) throws Exception {
        return holderProcess(warehouse, WarehouseLock.Name.WRITER);
    }

    private static Process holderProcess(Path warehouse, WarehouseLock.Name name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Holder.class.getName(), warehouse.toString(),
                name.name()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertEquals("held", first, "the child JVM took the lock");
        return p;
    }

    @Test
    void aSecondProcessWaitsThenStopsWithOneLineNamingTheHolderAndAKilledHolderFreesTheWarehouse(@TempDir Path warehouse) throws Exception {
        Process holder = holderProcess(warehouse);
        try {
            List<String> said = new ArrayList<>();
            long t0 = System.nanoTime();
            WarehouseLock.BusyException busy = assertThrows(WarehouseLock.BusyException.class,
                    () -> WarehouseLock.acquire(warehouse.toString(), "build", Duration.ofSeconds(1), said::add));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(1000), "it waited the second it was given");
            assertTrue(busy.getMessage().startsWith("build: the warehouse " + warehouse + " is in use by ingest (pid " + holder.pid() + " on "),
                    busy.getMessage());
            assertFalse(busy.getMessage().contains("\n"), "one line");
            assertEquals(1, said.size(), "waiting is said once: " + said);
            assertTrue(said.get(0).contains("held by ingest (pid " + holder.pid()), said.get(0));
        } finally {
            holder.destroyForcibly().waitFor(); // kill -9: no clean-up runs in the holder
        }
        assertTrue(Files.exists(warehouse.resolve(WarehouseLock.FILE)), "the file stays behind");
        try (WarehouseLock lock = WarehouseLock.acquire(warehouse.toString(), "build", Duration.ZERO, m -> { })) {
            assertTrue(Files.readString(warehouse.resolve(WarehouseLock.FILE)).startsWith("build (pid " + ProcessHandle.current().pid()),
                    "a killed holder's lock is free at once and the file names the new holder");
        }
    }

    @Test
    void aWaitingWriterGoesOnAsSoonAsTheHolderEnds(@TempDir Path warehouse) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            try (WarehouseLock lock = WarehouseLock.acquire(warehouse.toString(), "ingest", Duration.ZERO, m -> { })) {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(held.await(10, TimeUnit.SECONDS));
        List<String> said = new ArrayList<>();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try (WarehouseLock lock = WarehouseLock.acquire(warehouse.toString(), "build", Duration.ofSeconds(30), said::add)) {
                return true;
            }
        });
        Thread.sleep(700);
        assertFalse(waiting.isDone(), "the second writer waits while the first holds the warehouse");
        release.countDown();
        assertTrue(waiting.get(10, TimeUnit.SECONDS));
        other.get(10, TimeUnit.SECONDS);
        assertEquals(1, said.size(), said.toString());
    }

    @Test
    void theDigestLockIsFreeWhileAnotherProcessWritesAndASecondDigestStopsNamingTheFirst(@TempDir Path warehouse) throws Exception {
        Process writer = holderProcess(warehouse);
        try (WarehouseLock digest = WarehouseLock.acquire(warehouse.toString(), WarehouseLock.Name.DIGEST, "digest", Duration.ZERO, m -> { })) {
            assertTrue(Files.readString(warehouse.resolve(WarehouseLock.DIGEST_FILE)).startsWith("digest (pid " + ProcessHandle.current().pid()),
                    "taken at once while the other process holds the writer lock");
        } finally {
            writer.destroyForcibly().waitFor();
        }
        Process digest = holderProcess(warehouse, WarehouseLock.Name.DIGEST);
        try {
            List<String> said = new ArrayList<>();
            WarehouseLock.BusyException busy = assertThrows(WarehouseLock.BusyException.class,
                    () -> WarehouseLock.acquire(warehouse.toString(), WarehouseLock.Name.DIGEST, "digest", Duration.ofMillis(300), said::add));
            assertTrue(busy.getMessage().startsWith("digest: the digest lock of the warehouse " + warehouse + " is held by digest (pid "
                    + digest.pid() + " on "), busy.getMessage());
            assertEquals(List.of("digest: waiting for the digest lock, held by digest (pid " + digest.pid()),
                    said.stream().map(s -> s.substring(0, s.indexOf(" on "))).toList());
            try (WarehouseLock writing = WarehouseLock.acquire(warehouse.toString(), "refresh", Duration.ZERO, m -> { })) {
                assertTrue(Files.readString(warehouse.resolve(WarehouseLock.FILE)).startsWith("refresh (pid "),
                        "a writer takes the writer lock at once while a digest holds the digest lock");
            }
        } finally {
            digest.destroyForcibly().waitFor();
        }
    }

    @Test
    void aStepThatCallsAnotherStepTakesTheLockAgainWithoutWaitingForItself(@TempDir Path warehouse) {
        try (WarehouseLock outer = WarehouseLock.acquire(warehouse.toString(), "refresh", Duration.ZERO, m -> { });
             WarehouseLock inner = WarehouseLock.acquire(warehouse.toString(), "build", Duration.ZERO, m -> { })) {
            assertTrue(Files.exists(warehouse.resolve(WarehouseLock.FILE)));
        }
        try (WarehouseLock again = WarehouseLock.acquire(warehouse.toString(), "build", Duration.ZERO, m -> { })) {
            assertTrue(Files.exists(warehouse.resolve(WarehouseLock.FILE)), "released after both ended");
        }
    }

    @Test
    void anObjectStoreWarehouseTakesNoLockAndSaysSo() {
        List<String> said = new ArrayList<>();
        try (WarehouseLock lock = WarehouseLock.acquire("s3a://bucket/indicate", "build", Duration.ZERO, said::add)) {
            assertEquals(1, said.size());
            assertTrue(said.get(0).contains("serialise writers in the scheduler"), said.get(0));
        }
        assertNull(WarehouseLock.localRoot("abfss://c@acct.dfs.core.windows.net/w"));
        assertEquals(Path.of("/tmp/w"), WarehouseLock.localRoot("file:/tmp/w"));
        assertEquals(Path.of("/tmp/w"), WarehouseLock.localRoot("/tmp/w/"));
    }
}
