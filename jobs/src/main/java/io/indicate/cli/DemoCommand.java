package io.indicate.cli;

import io.indicate.build.Build;
import io.indicate.config.Settings;
import io.indicate.demo.DemoSummary;
import io.indicate.generate.SampleDataGenerator;
import io.indicate.ingest.Ingest;
import io.indicate.progress.Progress;
import io.indicate.publish.Publisher;
import io.indicate.publish.ServingDatabase;
import io.indicate.superset.SupersetDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate sample data, ingest, build and publish it on the embedded defaults, and print a summary.",
                "Everything lives under --out: landing files, the Delta warehouse, the embedded PostgreSQL."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo", description = "demo folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--agents", defaultValue = "20", description = "agents taking calls (default ${DEFAULT-VALUE})")
    int agents;

    @Option(names = "--days", defaultValue = "14", description = "days of traffic, ending today (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--port", defaultValue = "54329", description = "port of the embedded PostgreSQL (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--serve", description = "keep PostgreSQL running for Superset after the run, until Ctrl-C")
    boolean serve;

    @Option(names = "--superset", description = "also start the real Superset (bin/stack up superset), sync the demo roster "
            + "into it and keep everything running until Ctrl-C; then stop what this demo started")
    boolean superset;

    @Option(names = "--screenshots", paramLabel = "DIR", description = "with Superset (implies --superset): log in as the "
            + "example agent, team lead and manager in headless Chromium, save a PNG of every dashboard each may open into "
            + "DIR, then stop instead of waiting for Ctrl-C; exit 1 when a chart shows an error")
    Path screenshots;

    @Override
    public Integer call() throws Exception {
        if (agents < 1 || days < 1) throw new IllegalArgumentException("--agents and --days must be at least 1");
        long t0 = System.nanoTime();
        Progress progress = new Progress(System.out);
        Path root = out.toAbsolutePath().normalize();
        Path landing = root.resolve("landing");
        Settings settings = Settings.defaults().with().warehouse(root.resolve("warehouse").toString()).build();
        LocalDate today = LocalDate.now(settings.zone());

        progress.line("demo: generating " + agents + " agents x " + days + " days into " + landing);
        var summary = SampleDataGenerator.builder().agents(agents).days(days).start(today.minusDays(days - 1L))
                .seed(seed).zone(settings.zone()).build().generate(landing);
        progress.line(String.format("  %,d queue_log lines, %,d calls, %d roster rows", summary.queueLogLines(),
                summary.calls(), summary.rosterRows()));

        Session session = Session.open(settings);
        new Ingest(session.warehouse(), settings, progress)
                .run(landing.resolve("roster.csv").toString(), landing.resolve("queue_log").toString(),
                        landing.resolve("cdr").toString(), landing.resolve("crm").toString(), landing.resolve("goals.csv").toString());
        Build build = new Build(session.warehouse(), settings, session.pseudonymiser(), progress);
        build.run(build.planner().incremental());

        // with --serve, Superset in a container must reach the database: listen beyond loopback (only password
        // logins are accepted from there; the superuser has none)
        try (ServingDatabase db = ServingDatabase.builder().dataDirectory(root.resolve("serving-db")).port(port)
                .listenAddresses(serve ? "*" : "localhost").start()) {
            progress.line("publish: embedded PostgreSQL " + db.jdbcUrl());
            Publisher.Report report = Publisher.builder(session.warehouse(), db.jdbcUrl())
                    .user(ServingDatabase.SUPERUSER).password("").intervalWindowDays(settings.servingIntervalDays()).today(java.time.Clock.systemUTC(), settings.zone()).minTeamAgents(settings.minTeamSize())
                    .build().publish();
            for (Publisher.TableResult r : report.tables()) {
                if (r.changed()) progress.line(String.format("  %-28s %3d date(s) %,9d rows  %5.1f s", r.table(), r.datesReplaced(), r.rows(), r.seconds()));
            }
            DemoSummary.print(session.warehouse().spark(), System.out);
            System.out.println();
            System.out.println("warehouse:  " + settings.warehouse());
            System.out.println("export:     bin/indicate export kpi_agent_daily --warehouse " + settings.warehouse() + " --out agent_daily.csv");
            System.out.printf("demo done in %.0f s%n", (System.nanoTime() - t0) / 1e9);
            if (superset || screenshots != null) {
                SupersetDemo demo = new SupersetDemo(Path.of(System.getProperty("indicate.home", ".")).toAbsolutePath(), System.out, settings.zone());
                Runtime.getRuntime().addShutdownHook(new Thread(demo::stop));
                System.out.println();
                System.out.println("superset: starting and syncing the demo roster");
                demo.start(landing.resolve("roster.csv"), db.sqlalchemyUrl("superset_reader", "127.0.0.1"), readerPassword(db, root),
                        root.resolve("superset-passwords"), today);
                if (screenshots != null) {
                    int problems = demo.screenshots(screenshots.toAbsolutePath().normalize());
                    if (problems > 0) {
                        System.out.println("demo: " + problems + " chart(s) showed an error");
                        return 1;
                    }
                    return 0;
                }
                System.out.println("press Ctrl-C to stop (Superset too, if this demo started it)");
                awaitInterrupt();
            } else if (serve) {
                serve(db, root);
            }
        }
        return 0;
    }

    /** The serving reader's password, generated once into a 0600 file under the demo folder. */
    private static String readerPassword(ServingDatabase db, Path root) throws Exception {
        Path passwordFile = root.resolve("serving-reader.password");
        if (!Files.exists(passwordFile)) {
            byte[] raw = new byte[18];
            new SecureRandom().nextBytes(raw);
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, HexFormat.of().formatHex(raw));
        }
        String password = Files.readString(passwordFile).trim();
        db.createReader("superset_reader", password);
        return password;
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM); the shutdown hooks then close what was started. */
    static void awaitInterrupt() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
    }

    private static void serve(ServingDatabase db, Path root) throws Exception {
        Path passwordFile = root.resolve("serving-reader.password");
        readerPassword(db, root);
        System.out.println();
        System.out.println("serving PostgreSQL is up; Superset connects as user superset_reader (password in " + passwordFile + "):");
        System.out.println("  JDBC:       " + db.jdbcUrl() + "?user=superset_reader");
        System.out.println("  SQLAlchemy: " + db.sqlalchemyUrl("superset_reader", "localhost")
                + "   (from Superset in Docker: " + db.sqlalchemyUrl("superset_reader", "host.docker.internal") + ")");
        System.out.println("press Ctrl-C to stop");
        awaitInterrupt();
    }
}
