package io.indicate.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Generates realistic sample data for the pipeline: an agent roster ({@code roster.csv}, SOURCES.md §4),
 * the Asterisk queue_log of a simulated contact centre ({@code queue_log/}, SOURCES.md §1), rotated daily at
 * local midnight or cut into minute slices, and the same agents' CRM pages ({@code crm/}) and outbound CDR
 * ({@code cdr/Master.csv}).
 *
 * <p>Deterministic: the same options and seed give byte-identical files. Nothing in the output depends on
 * the wall clock, on hash order or on the machine.
 */
public final class SampleDataGenerator {
    public static final long DEFAULT_SEED = 42;
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Stockholm");

    private final int agents;
    private final LocalDays days;
    private final long seed;
    private final int sliceMinutes;

    private SampleDataGenerator(Builder b) {
        this.agents = b.agents;
        this.days = new LocalDays(b.start, b.days, b.zone);
        this.seed = b.seed;
        this.sliceMinutes = b.sliceMinutes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes {@code roster.csv}, {@code goals.csv}, the {@code queue_log} folder and the {@code crm} and {@code cdr} folders into {@code outDir} (created if missing).
     * Files of the same names are replaced, and {@code queue_log*} files and {@code crm}/{@code cdr} files of an earlier run are removed, so the
     * folder afterwards holds exactly this run.
     */
    public GenerationSummary generate(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom peopleRandom = root.split();
        SplittableRandom shiftRandom = root.split();
        SplittableRandom trafficRandom = root.split();

        Organisation organisation = Organisation.generate(agents, days, peopleRandom);
        Path roster = outDir.resolve("roster.csv");
        RosterCsv.write(organisation.roster(), roster);

        List<TelephonyMember> members = organisation.telephonyMembers();
        ShiftPlanner planner = new ShiftPlanner(days, members, shiftRandom);
        QueueLogLayout layout = sliceMinutes > 0 ? new MinuteSlices(sliceMinutes) : new DailyRotation(days);
        ContactCentreSimulation.Totals totals;
        QueueLogWriter queueLog = new QueueLogWriter(outDir.resolve("queue_log"), layout);
        try (queueLog) {
            totals = new ContactCentreSimulation(days, members, planner, new ArrivalProfile(agents), trafficRandom, queueLog).run();
        }
        List<Path> files = new ArrayList<>(List.of(roster));
        files.addAll(queueLog.files());
        // split last, so the roster and queue_log of a seed stay what they were before CRM and CDR were added
        files.addAll(new CrmAndCdrSample(days, root.split()).write(organisation, outDir));
        Path goals = outDir.resolve("goals.csv");
        GoalsCsv.write(organisation, days, root.split(), goals);
        files.add(goals);
        return new GenerationSummary(files, organisation.roster().size(), totals.lines(), totals.calls(), totals.answered());
    }

    /** Options of a run; {@code agents}, {@code days} and {@code start} have no default. */
    public static final class Builder {
        private int agents;
        private int days;
        private LocalDate start;
        private long seed = DEFAULT_SEED;
        private ZoneId zone = DEFAULT_ZONE;
        private int sliceMinutes;

        private Builder() {}

        /** Agents taking calls (role {@code agent}); team leads and two managers come on top. */
        public Builder agents(int agents) {
            this.agents = agents;
            return this;
        }

        /** Local days to generate, from {@link #start}. */
        public Builder days(int days) {
            this.days = days;
            return this;
        }

        /** First local day of the generated range. */
        public Builder start(LocalDate start) {
            this.start = start;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The contact centre's zone: shifts, opening hours and the daily rotation follow its local time. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** Cut the queue_log into UTC-aligned files of this many minutes instead of rotating it daily; 0 = daily. */
        public Builder sliceMinutes(int sliceMinutes) {
            this.sliceMinutes = sliceMinutes;
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad option and what was expected */
        public SampleDataGenerator build() {
            if (agents < 1) throw new IllegalArgumentException("agents must be at least 1, got " + agents);
            if (days < 1) throw new IllegalArgumentException("days must be at least 1, got " + days);
            if (start == null) throw new IllegalArgumentException("start date is required");
            if (sliceMinutes < 0 || sliceMinutes > 1440) {
                throw new IllegalArgumentException("slice minutes must be 1..1440 (or 0 for daily files), got " + sliceMinutes);
            }
            return new SampleDataGenerator(this);
        }
    }
}
