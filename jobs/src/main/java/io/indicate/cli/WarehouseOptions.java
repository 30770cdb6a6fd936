package io.indicate.cli;

import io.indicate.config.Settings;
import io.indicate.warehouse.WarehouseLock;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every warehouse step takes: a YAML settings file, and flags that override it. */
public final class WarehouseOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML settings (warehouse path, time zone, thresholds, ...)")
    Path config;

    @Option(names = "--warehouse", paramLabel = "DIR", description = "warehouse root: a folder, or s3a:// abfss:// hdfs:// URL")
    String warehouse;

    @Option(names = "--timezone", paramLabel = "ZONE", description = "local time zone of the contact centre (default Europe/Stockholm)")
    String timezone;

    @Option(names = "--spark-master", paramLabel = "URL", description = "Spark master (default local[2]; spark-submit sets its own)")
    String sparkMaster;

    @Mixin LockOptions lock;

    /** Takes the writer lock of the settings' warehouse for {@code step} (see {@link WarehouseLock}). */
    public WarehouseLock lock(Settings settings, String step) {
        return lock.lock(settings.warehouse(), step);
    }

    /** A step's work on an opened warehouse; returns the exit code. */
    @FunctionalInterface
    public interface Work {
        int run(Session session) throws Exception;
    }

    /** Opens the warehouse of {@code settings} under its writer lock for {@code step} and runs {@code work}; the
     * lock is released when it ends, however it ends. */
    public int writing(String step, Settings settings, Work work) throws Exception {
        try (WarehouseLock held = lock(settings, step)) {
            return work.run(Session.open(settings));
        }
    }

    /**
     * As {@link #writing}, also holding the digest lock: for a step that rewrites or deletes rows of
     * {@code meta.digest_log} (forget re-keys an agent's rows, a VACUUM without retention deletes the files no
     * version uses), which must not interleave with a digest appending to it (see {@link #digesting}). Under Delta's
     * default WriteSerializable isolation an UPDATE and a concurrent blind append both commit without a conflict,
     * so a row the digest appended while forget ran would keep the erased agent's id; and a VACUUM of 0 hours deletes
     * the data file of an append not yet committed, whose commit then names a missing file.
     *
     * <p>Always the writer lock first, then the digest lock, and never the other way round ({@link #digesting} never
     * waits for the writer lock while it holds the digest lock): two steps that each held one lock and waited for
     * the other would otherwise wait for each other until both gave up after --lock-wait.
     */
    public int writingWithDigestLock(String step, Settings settings, Work work) throws Exception {
        try (WarehouseLock held = lock(settings, step);
             WarehouseLock digest = lock.lock(settings.warehouse(), WarehouseLock.Name.DIGEST, step)) {
            return work.run(Session.open(settings));
        }
    }

    /**
     * Opens the warehouse of {@code settings} and runs {@code work} under the digest lock, not the writer lock:
     * the digest reads gold marts and {@code silver.dim_agent}, which a refresh may be writing meanwhile, and that
     * is safe under Delta's snapshot isolation (each query reads the last committed version of each table it
     * names, never a half-written one; six small queries, so a refresh that commits one of the date's marts
     * in between can leave one mail with one table's numbers from before it and another's from after it, as a
     * dashboard opened at that moment would show). What it writes, {@code meta.digest_log}, no refresh, build,
     * ingest or publish writes: only forget (an UPDATE) and the maintenance steps do. Optimize's compaction never
     * conflicts with an append in Delta (it only removes files it read; an append removes none and reads none), and
     * a vacuum that keeps an hour or more leaves alone the seconds-old file of an append in flight; forget and a
     * vacuum of 0 hours take the digest lock too ({@link #writingWithDigestLock}). The one write to
     * other tables, creating or migrating them on the first open under a new contract, happens under the writer
     * lock, released again before the digest lock is taken (the lock order of {@link #writingWithDigestLock}).
     */
    public int digesting(String step, Settings settings, Work work) throws Exception {
        Session session = Session.open(settings, () -> lock(settings, step));
        try (WarehouseLock held = lock.lock(settings.warehouse(), WarehouseLock.Name.DIGEST, step)) {
            return work.run(session);
        }
    }

    /** The settings: defaults, then the config file, then the flags. */
    public Settings settings() {
        Settings base = config == null ? Settings.defaults() : Settings.load(config);
        Settings s = base.with().warehouse(warehouse).timezone(timezone).sparkMaster(sparkMaster).build();
        if (s.warehouse() == null) {
            throw new IllegalArgumentException("no warehouse: give --warehouse DIR or 'warehouse:' in --config FILE");
        }
        return s;
    }
}
