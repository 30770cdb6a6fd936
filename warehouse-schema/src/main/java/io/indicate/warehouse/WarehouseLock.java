package io.indicate.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One writer per warehouse. Every step that writes (ingest, build, refresh, forget, optimize, vacuum) and publish,
 * which must read one consistent build, holds this lock while it works; a second one waits up to its wait time,
 * then stops with one line naming the holder.
 *
 * <p>The same mechanism gives a warehouse a second, independent lock ({@link Name#DIGEST}, file
 * {@code _digest.lock}): the digest holds it instead of the writer lock, so two digests never send at once, and
 * {@code forget} (and a {@code vacuum} of 0 hours) holds it after the writer lock (always in that order: see
 * {@code WarehouseOptions.writingWithDigestLock}).
 *
 * <p>On a local warehouse the lock is an operating-system lock ({@link FileChannel#tryLock()}) on
 * {@code <warehouse>/_writer.lock}: the kernel releases it when the holding process ends in any way, {@code kill -9}
 * included, so a lock is never stale; the file itself stays and only names the last holder. Inside one JVM a
 * per-lock-file {@link ReentrantLock} comes first (a JVM cannot hold the same file lock twice), so a step that
 * calls another step takes it again without waiting for itself. On an object store ({@code s3a://},
 * {@code abfss://}, {@code gs://}, {@code hdfs://}) there is no such lock: writers must be serialised by the
 * scheduler (the DAGs share the one-slot Airflow pool {@code indicate_warehouse}, digests the one-slot pool
 * {@code indicate_digest}); {@link #acquire} then says so once and returns at once.
 */
public final class WarehouseLock implements AutoCloseable {
    /** The writer lock file's name in the warehouse root. */
    public static final String FILE = "_writer.lock";
    /** The digest lock file's name in the warehouse root. */
    public static final String DIGEST_FILE = "_digest.lock";
    private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();
    /** The step of this JVM that holds a lock file, for the message of one that waits. */
    private static final Map<Path, String> HELD_HERE_BY = new ConcurrentHashMap<>();
    private static final long POLL_MS = 250;

    private final ReentrantLock local;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private WarehouseLock(Path file, ReentrantLock local, FileChannel channel, FileLock lock) {
        this.file = file;
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /** Which of a warehouse's locks: its file in the warehouse root, and the words the messages use for it. */
    public enum Name {
        /** The writer lock: one step that writes the warehouse's tables at a time. */
        WRITER(FILE, "the warehouse", "indicate_warehouse", "writers", "the warehouse %s is in use by %s", "One step writes at a time"),
        /** The digest's lock: one digest (the only writer of {@code meta.digest_log} beside forget) at a time. */
        DIGEST(DIGEST_FILE, "the digest lock", "indicate_digest", "digests", "the digest lock of the warehouse %s is held by %s",
                "One digest (or forget) at a time");

        private final String file;
        private final String what;
        private final String pool;
        /** Who the scheduler must serialise on an object store. */
        private final String holders;
        /** The warehouse and the holder, for the message of a step that waited too long. */
        private final String heldBy;
        private final String rule;

        Name(String file, String what, String pool, String holders, String heldBy, String rule) {
            this.file = file;
            this.what = what;
            this.pool = pool;
            this.holders = holders;
            this.heldBy = heldBy;
            this.rule = rule;
        }
    }

    /** Another writer held the warehouse for longer than this one would wait. */
    public static final class BusyException extends IllegalStateException {
        BusyException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lock of {@code warehouse} for {@code step}, waiting up to {@code wait} for another writer to finish
     * ({@code progress} hears once that it waits, and for whom).
     *
     * @throws BusyException when the other writer still holds it after {@code wait}
     */
    public static WarehouseLock acquire(String warehouse, String step, Duration wait, Consumer<String> progress) {
        return acquire(warehouse, Name.WRITER, step, wait, progress);
    }

    /**
     * Takes the lock {@code name} of {@code warehouse} for {@code step}, as {@link #acquire(String, String, Duration,
     * Consumer)} takes the writer lock.
     *
     * @throws BusyException when another step still holds it after {@code wait}
     */
    public static WarehouseLock acquire(String warehouse, Name name, String step, Duration wait, Consumer<String> progress) {
        Path dir = localRoot(warehouse);
        if (dir == null) {
            progress.accept("note: " + step + " takes no lock on " + warehouse + " (object store): serialise "
                    + name.holders + " in the scheduler (the DAGs share the one-slot pool " + name.pool + ")");
            return new WarehouseLock(null, null, null, null);
        }
        Path file = dir.resolve(name.file);
        long deadline = System.nanoTime() + wait.toNanos();
        ReentrantLock local = IN_THIS_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        if (local.isHeldByCurrentThread()) {
            local.lock();
            return new WarehouseLock(file, local, null, null);
        }
        boolean told = false;
        try {
            while (!local.tryLock(POLL_MS, TimeUnit.MILLISECONDS)) {
                String other = HELD_HERE_BY.getOrDefault(file, "another step") + " in this process";
                if (!told) progress.accept(step + ": waiting for " + name.what + ", held by " + other);
                told = true;
                if (System.nanoTime() > deadline) throw busy(warehouse, name, step, wait, other);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(step + ": interrupted while waiting for " + name.what, e);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(holder(step).getBytes(StandardCharsets.UTF_8)), 0);
                    channel.force(false);
                    HELD_HERE_BY.put(file, step);
                    return new WarehouseLock(file, local, channel, lock);
                }
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!told) progress.accept(step + ": waiting for " + name.what + ", held by " + (holder.isEmpty() ? "another process" : holder));
                told = true;
                if (System.nanoTime() > deadline) throw busy(warehouse, name, step, wait, holder.isEmpty() ? "another process" : holder);
                Thread.sleep(POLL_MS);
            }
        } catch (IOException e) {
            close(channel);
            local.unlock();
            throw new UncheckedIOException("cannot take the lock " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            close(channel);
            local.unlock();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(step + ": interrupted while waiting for " + name.what, e);
        } catch (RuntimeException e) {
            close(channel);
            local.unlock();
            throw e;
        }
    }

    private static BusyException busy(String warehouse, Name name, String step, Duration wait, String holder) {
        return new BusyException(step + ": " + String.format(name.heldBy, warehouse, holder) + "; waited " + wait.toSeconds()
                + " s (--lock-wait). " + name.rule + ": run it again when that one has ended");
    }

    /** What the lock file says while held: the step, process id, host and start time. */
    private static String holder(String step) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return step + " (pid " + ProcessHandle.current().pid() + " on " + host + ", since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")\n";
    }

    /** The folder of a local warehouse ({@code /path}, {@code file:/path}); null for an object store or HDFS. */
    public static Path localRoot(String warehouse) {
        if (warehouse.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") || warehouse.matches("^[A-Za-z][A-Za-z0-9+.-]+:[^\\\\].*")) {
            URI uri = URI.create(warehouse);
            return "file".equalsIgnoreCase(uri.getScheme()) ? Path.of(uri).toAbsolutePath().normalize() : null;
        }
        return Path.of(warehouse).toAbsolutePath().normalize();
    }

    private static void close(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing releases the lock; nothing else to do
        }
    }

    /** Releases the lock (the file stays, naming the last holder). */
    @Override
    public void close() {
        if (local == null) return;
        try {
            if (lock != null) {
                HELD_HERE_BY.remove(file);
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock " + file, e);
        } finally {
            close(channel);
            local.unlock();
        }
    }
}
