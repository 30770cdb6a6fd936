package io.indicate.cli;

import io.indicate.publish.ServingDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code indicate serving-db}: the embedded serving database ({@link ServingDatabase}) on its own, for a
 * benchmark or a script that publishes to it with separate commands. It prints one line
 * {@code serving-db ready: <JDBC URL>} once it accepts connections (as the superuser, from this machine only)
 * and runs until stopped (Ctrl-C, SIGTERM), then shuts PostgreSQL down; the data stays in {@code --dir}.
 */
@Command(name = "serving-db", mixinStandardHelpOptions = true,
        description = "Run the embedded serving PostgreSQL (data in --dir) until stopped.")
public final class ServingDbCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "data folder (created on first start, kept after)")
    Path dir;

    @Option(names = "--port", defaultValue = "0", description = "TCP port (default: a free one)")
    int port;

    @Override
    public Integer call() throws Exception {
        try (ServingDatabase db = ServingDatabase.builder().dataDirectory(dir.toAbsolutePath().normalize()).port(port).start()) {
            System.out.println("serving-db ready: " + db.jdbcUrl());
            System.out.flush();
            DemoCommand.awaitInterrupt();
        }
        return 0;
    }
}
