package io.indicate.cli;

import io.indicate.generate.GenerationSummary;
import io.indicate.generate.SampleDataGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code indicate generate}: writes a deterministic sample roster and Asterisk queue_log for demos and tests. */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        description = {
                "Simulates a contact centre and writes what its systems deliver:",
                "  DIR/roster.csv   HR roster, with team moves inside the range",
                "  DIR/queue_log/   Asterisk queue_log rotated at local midnight",
                "                   (queue_log, queue_log.1, queue_log.2.gz, ...)",
                "                   or in minute slices with --slice-minutes",
                "  DIR/crm/         Zendesk export pages per day (tickets, ticket_metrics,",
                "                   satisfaction_ratings) for the roster's agents",
                "  DIR/cdr/         Asterisk Master.csv with the agents' outbound calls",
                "The same options and seed give byte-identical files."})
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--agents", required = true, paramLabel = "N", description = "agents taking calls (team leads and management come on top)")
    int agents;

    @Option(names = "--days", required = true, paramLabel = "D", description = "local days to generate")
    int days;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created if missing)")
    Path out;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--start", paramLabel = "YYYY-MM-DD", description = "first local day (default: today minus D-1 days)")
    LocalDate start;

    @Option(names = "--timezone", defaultValue = "Europe/Stockholm", paramLabel = "ZONE",
            description = "the contact centre's time zone (default: ${DEFAULT-VALUE})")
    ZoneId zone;

    @Option(names = "--slice-minutes", paramLabel = "M",
            description = "write queue_log.YYYYMMDDTHHMM files of M minutes (UTC-aligned) instead of daily rotation")
    Integer sliceMinutes;

    @Override
    public Integer call() throws IOException {
        if (agents < 1) throw usage("--agents must be at least 1, got " + agents);
        if (days < 1) throw usage("--days must be at least 1, got " + days);
        if (sliceMinutes != null && (sliceMinutes < 1 || sliceMinutes > 1440)) {
            throw usage("--slice-minutes must be between 1 and 1440, got " + sliceMinutes);
        }
        ensureWritable(out);
        LocalDate first = start != null ? start : LocalDate.now(zone).minusDays(days - 1L);
        SampleDataGenerator generator = SampleDataGenerator.builder()
                .agents(agents).days(days).start(first).seed(seed).zone(zone)
                .sliceMinutes(sliceMinutes == null ? 0 : sliceMinutes)
                .build();
        long began = System.nanoTime();
        GenerationSummary summary = generator.generate(out);
        double seconds = (System.nanoTime() - began) / 1e9;
        spec.commandLine().getOut().printf(Locale.ROOT,
                "generated %s .. %s (%s) into %s: %d files, %d roster rows, %d queue_log lines, %d calls (%d answered) in %.1f s%n",
                first, first.plusDays(days - 1L), zone, out, summary.files().size(), summary.rosterRows(),
                summary.queueLogLines(), summary.calls(), summary.answeredCalls(), seconds);
        return 0;
    }

    private void ensureWritable(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | UnsupportedOperationException e) {
            throw usage("--out " + dir + " cannot be created (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) throw usage("--out " + dir + " is not a writable folder");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message.replace('\n', ' '));
    }
}
