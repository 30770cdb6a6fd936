package io.indicate.cli;

import io.indicate.warehouse.WarehouseLock;
import picocli.CommandLine.Option;

/**
 * How long a step that writes waits for another writer of the same warehouse, and the digest (and forget) for the
 * digest lock (see {@link WarehouseLock}).
 */
public final class LockOptions {
    @Option(names = "--lock-wait", paramLabel = "DURATION", defaultValue = "10m",
            description = "how long to wait while another step writes to the warehouse (digest: while another digest or forget runs), e.g. 0s, 30s, 10m (default ${DEFAULT-VALUE})")
    String lockWait;

    /** Takes the warehouse's writer lock for {@code step}; waiting is said on standard output. */
    public WarehouseLock lock(String warehouse, String step) {
        return lock(warehouse, WarehouseLock.Name.WRITER, step);
    }

    /** Takes the warehouse's lock {@code name} for {@code step}; waiting is said on standard output. */
    public WarehouseLock lock(String warehouse, WarehouseLock.Name name, String step) {
        return WarehouseLock.acquire(warehouse, name, step, DurationArgument.parse("--lock-wait", lockWait, true), System.out::println);
    }
}
