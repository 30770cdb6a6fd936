package io.indicate.cli;

import io.indicate.config.Settings;
import io.indicate.progress.Progress;
import io.indicate.publish.Publisher;
import io.indicate.refresh.LastRefresh;
import io.indicate.refresh.Refresh;
import io.indicate.warehouse.WarehouseLock;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = {"Ingest, build, check and publish in one process and one Spark session (see Refresh).",
                "Takes the input flags of ingest; publishes when --jdbc-url is given, and only when the checks of the rebuilt dates pass.",
                "--every DURATION keeps the session warm and refreshes again that long after each cycle started;",
                "with --for WINDOW it starts no cycle after WINDOW and exits with the last cycle's result (a scheduler's run).",
                "SIGTERM (or Ctrl-C) stops it between two steps, with exit code 0."})
public final class RefreshCommand implements Callable<Integer> {

    @Mixin WarehouseOptions options;

    @Mixin SourceOptions sources;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "serving database to publish to (as publish); without it nothing is published")
    String jdbcUrl;

    @Mixin ServingOptions serving;

    @Mixin QualityOptions quality;

    @Option(names = "--every", paramLabel = "DURATION",
            description = "run a cycle every DURATION (e.g. 30s, 5m, 1h or ISO-8601 PT30S) until stopped")
    String every;

    @Option(names = "--for", paramLabel = "WINDOW",
            description = "with --every: start cycles for this long (e.g. 13m), then exit with the last cycle's result, 1 if it failed; 0 runs one cycle")
    String window;

    @Mixin DeferRepeatsOption deferRepeats;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Set by SIGTERM / SIGINT; the loop stops at the next step boundary. */
    private volatile boolean stopRequested;
    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        sources.requireAny();
        Duration period = every == null ? null : DurationArgument.parse("--every", every, false);
        if (window != null && period == null) throw new IllegalArgumentException("--for needs --every: the window bounds a warm session's cycles");
        Duration bound = window == null ? null : DurationArgument.parse("--for", window, true);
        long begun = System.nanoTime();
        String password = jdbcUrl == null ? null : serving.password(System::getenv);
        Settings settings = quality.apply(options.settings());
        Progress progress = new Progress(System.out);
        String publishTo = jdbcUrl == null ? null : jdbcUrl + " " + serving.user();
        Session session;
        try (WarehouseLock held = options.lock(settings, "refresh")) {
            // one cycle that would find what the last refresh found and left: done, without a Spark session
            boolean oneCycle = period == null || bound != null && bound.isZero();
            Configuration conf = Session.hadoopConfiguration();
            if (oneCycle && LastRefresh.unchanged(settings.warehouse(),
                    Refresh.inputs(sources.locations(), settings, deferRepeats.defer, publishTo, conf), conf)) {
                progress.line(Refresh.nothingNew(begun));
                return 0;
            }
            session = Session.open(settings);
        }
        Publisher publisher = jdbcUrl == null ? null
                : serving.publisher(session.warehouse(), jdbcUrl, session.settings(), password);
        Refresh refresh = new Refresh(session.warehouse(), session.settings(), session.pseudonymiser(), progress,
                sources.locations(),
                publisher, publishTo, () -> stopRequested, deferRepeats.defer);
        Map<Signal, SignalHandler> previous = handleStopSignals(progress);
        try {
            return loop(refresh, () -> options.lock(settings, "refresh"), period, bound == null ? null : begun + bound.toNanos(), progress);
        } finally {
            previous.forEach(Signal::handle);
        }
    }

    /**
     * Cycles until done, stopped or, with {@code --for}, until the next cycle would start at or after {@code endNanos}
     * ({@link System#nanoTime()}; null without a window); each cycle holds the warehouse's writer lock, so other steps
     * can run between cycles.
     */
    private int loop(Refresh refresh, java.util.function.Supplier<WarehouseLock> lock, Duration period, Long endNanos, Progress progress)
            throws java.io.IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        int cycle = 0;
        while (true) {
            cycle++;
            long started = System.nanoTime();
            if (period != null) progress.line("refresh cycle " + cycle);
            Refresh.Cycle result;
            try (WarehouseLock held = lock.get()) {
                result = refresh.run();
            }
            if (result.published() != null) PublishCommand.print(result.published(), out);
            if (result.stopped() || stopRequested) return 0;
            if (period == null) return result.failed() ? 1 : 0;
            // compared as a difference: nanoTime's origin is arbitrary, so the values themselves may be negative
            if (endNanos != null && started + period.toNanos() - endNanos >= 0) {
                progress.line("refresh: the --for window is over after " + cycle + " cycle(s)" + (result.failed() ? "; the last one failed" : ""));
                return result.failed() ? 1 : 0;
            }
            long waitNanos = period.toNanos() - (System.nanoTime() - started);
            if (waitNanos > 0 && stop.await(waitNanos, TimeUnit.NANOSECONDS)) return 0;
        }
    }

    /**
     * SIGTERM (what Airflow, systemd and Kubernetes send) and SIGINT set the stop flag instead of starting the
     * JVM's shutdown, which would stop Spark under a commit in progress; the loop ends at the next step boundary
     * and the command returns normally. Returns the handlers it replaced, which are put back when the command ends.
     */
    private Map<Signal, SignalHandler> handleStopSignals(Progress progress) {
        Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
        for (String name : new String[]{"TERM", "INT"}) {
            Signal signal = new Signal(name);
            previous.put(signal, Signal.handle(signal, s -> {
                if (!stopRequested) progress.line("refresh: SIG" + s.getName() + " received, stopping after the current step");
                stopRequested = true;
                stop.countDown();
            }));
        }
        return previous;
    }
}
