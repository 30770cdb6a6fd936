package io.indicate.refresh;

import io.indicate.build.Build;
import io.indicate.build.BuildPlan;
import io.indicate.build.BuildPlanner;
import io.indicate.config.Settings;
import io.indicate.ingest.Ingest;
import io.indicate.ingest.Source;
import io.indicate.privacy.Pseudonymiser;
import io.indicate.progress.Progress;
import io.indicate.publish.Publisher;
import io.indicate.quality.DataQualityChecks;
import io.indicate.warehouse.Warehouse;

import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * One refresh cycle in the caller's SparkSession: ingest of the sources, the incremental build of what was
 * ingested and not yet built, the data-quality checks of the dates that build replaced, and, when a publisher
 * is given and every check passed, the publish of what changed. The same steps as {@code ingest}, {@code build},
 * {@code check} and {@code publish} run one after the other, so the tables end up the same.
 *
 * <p>Each step commits on its own and is idempotent, so stopping between steps (when {@code stopRequested}
 * says so) leaves a state the next cycle completes. A day that fails its checks is not published: its dates
 * are checked again in every later cycle of this object, and publishing waits until they pass.
 */
public final class Refresh {
    /**
     * What a cycle did: the build's plan (null when it stopped before the build or had nothing new, see
     * {@link LastRefresh}), the failed checks, the publish report (null if none ran).
     */
    public record Cycle(BuildPlan plan, List<String> checkFailures, Publisher.Report published, boolean stopped, double seconds) {
        public boolean failed() {
            return !checkFailures.isEmpty();
        }
    }

    private final Warehouse warehouse;
    private final Settings settings;
    private final Pseudonymiser pseudonymiser;
    private final Progress progress;
    /** What a cycle ingests: a file or folder per source. */
    private final Map<Source, String> sources;
    private final Publisher publisher;
    /** The serving database the publisher writes to, as {@link LastRefresh#inputs} takes it (null: no publisher). */
    private final String publishTo;
    private final BooleanSupplier stopRequested;
    private final boolean deferRepeats;
    /** Dates whose checks failed in an earlier cycle: checked again until they pass. */
    private final SortedSet<LocalDate> failedDates = new TreeSet<>();

    /**
     * {@code publisher} may be null (no publish), {@code publishTo} names its database (its JDBC URL and user: a
     * cycle publishing elsewhere is not the same cycle); {@code stopRequested} is asked between steps; {@code deferRepeats}:
     * leave the earlier dates whose calls became repeat contacts to a later build ({@link BuildPlanner#incremental(boolean)}).
     */
    public Refresh(Warehouse warehouse, Settings settings, Pseudonymiser pseudonymiser, Progress progress, Map<Source, String> sources,
                   Publisher publisher, String publishTo, BooleanSupplier stopRequested, boolean deferRepeats) {
        this.warehouse = warehouse;
        this.settings = settings;
        this.pseudonymiser = pseudonymiser;
        this.progress = progress;
        this.sources = Map.copyOf(sources);
        this.publisher = publisher;
        this.publishTo = publisher == null ? null : publishTo;
        this.stopRequested = stopRequested;
        this.deferRepeats = deferRepeats;
    }

    /**
     * One cycle; none when what it would find is what the last completed refresh found and left ({@link LastRefresh}),
     * with no failed checks waiting to be run again.
     */
    public Cycle run() throws IOException {
        long t0 = System.nanoTime();
        Configuration conf = warehouse.spark().sparkContext().hadoopConfiguration();
        String found = inputs(sources, settings, deferRepeats, publishTo, conf);
        if (failedDates.isEmpty() && LastRefresh.unchanged(warehouse.root(), found, conf)) {
            progress.line(nothingNew(t0));
            return new Cycle(null, List.of(), null, false, seconds(t0));
        }
        new Ingest(warehouse, settings, progress).run(sources);
        if (stopRequested.getAsBoolean()) return stopped(null, t0);

        Build build = new Build(warehouse, settings, pseudonymiser, progress);
        BuildPlan plan = build.planner().incremental(deferRepeats);
        build.run(plan);
        if (stopRequested.getAsBoolean()) return stopped(plan, t0);

        SortedSet<LocalDate> toCheck = new TreeSet<>(failedDates);
        toCheck.addAll(plan.dates());
        List<String> failures = check(toCheck);
        if (!failures.isEmpty()) {
            progress.line("refresh: not published, " + failures.size() + " check(s) failed");
            return new Cycle(plan, failures, null, false, seconds(t0));
        }
        Publisher.Report report = null;
        if (publisher != null) {
            if (stopRequested.getAsBoolean()) return stopped(plan, t0);
            long p0 = System.nanoTime();
            report = publisher.publish();
            long rows = report.tables().stream().mapToLong(Publisher.TableResult::rows).sum();
            progress.line(String.format("publish: %d build(s), %,d rows  %.1f s", report.buildsPublished().size(), rows, seconds(p0)));
        }
        LastRefresh.record(warehouse.root(), found, conf);
        double s = seconds(t0);
        progress.line(String.format("refresh: done in %.1f s", s));
        return new Cycle(plan, List.of(), report, false, s);
    }

    /** What a cycle of these sources and settings finds now, for {@link LastRefresh} (the day: the centre's). */
    public static String inputs(Map<Source, String> sources, Settings settings, boolean deferRepeats, String publishTo,
                                Configuration conf) throws IOException {
        return LastRefresh.inputs(sources, settings, deferRepeats, publishTo, LocalDate.now(settings.zone()), conf);
    }

    /** The line of a refresh that found nothing new since the last one. */
    public static String nothingNew(long t0) {
        return String.format("refresh: nothing new since the last refresh (the same landed files, tables, settings and day): "
                + "nothing to do, %.1f s", seconds(t0));
    }

    private List<String> check(SortedSet<LocalDate> dates) {
        long t0 = System.nanoTime();
        DataQualityChecks checks = new DataQualityChecks(warehouse, settings.maxQuarantinePct());
        List<String> failures = new ArrayList<>();
        failedDates.clear();
        checks.run(dates).forEach((day, f) -> {
            if (!f.isEmpty()) failedDates.add(day);
            f.forEach(line -> failures.add(day + ": " + line));
        });
        failures.forEach(f -> progress.line("check " + f));
        progress.line(String.format("check: %d date(s), %d failure(s)  %.1f s", dates.size(), failures.size(), seconds(t0)));
        return failures;
    }

    private Cycle stopped(BuildPlan plan, long t0) {
        progress.line("refresh: stopped between steps as asked; the next run continues from here");
        return new Cycle(plan, List.of(), null, true, seconds(t0));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
