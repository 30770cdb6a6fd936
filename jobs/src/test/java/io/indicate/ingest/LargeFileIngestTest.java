package io.indicate.ingest;

import io.indicate.generate.SampleDataGenerator;
import io.indicate.testing.CliJvm;
import io.indicate.testing.TestWarehouse;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slow lane's proof of issue 15's first target: one queue_log file of more than 1 GiB ingests in a JVM of
 * {@code -Xmx2g} (the {@code indicate ingest} command, in a process of its own), and every line is accounted
 * for. The file is a generated week of a 1,000-agent centre repeated with its times shifted a week each time
 * (a quarter of a year that was never rotated). Tagged {@code large}: not in {@code bin/test}; run it with
 * {@code mvn -pl jobs -am test -Dgroups=large -Dtest.excludedGroups=none}. It prints the file's size and lines,
 * the wall time, the peak resident memory (from {@code /usr/bin/time -v} when there is one) and the rows in bronze.
 */
@Tag("large")
class LargeFileIngestTest {
    private static final long ONE_GIB = 1L << 30;
    private static final long WEEK_S = 7 * 86_400L;
    private static final Pattern PEAK_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

    @Test
    void aQueueLogOfMoreThanAGibibyteIngestsInATwoGibibyteHeap(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("generated");
        SampleDataGenerator.builder().agents(1000).days(7).start(LocalDate.parse("2026-01-05")).build().generate(landing);
        Path big = Files.createDirectories(dir.resolve("queue_log")).resolve("queue_log");
        long lines = repeatWeekUntil(landing.resolve("queue_log"), big, ONE_GIB);
        long size = Files.size(big);

        Path root = dir.resolve("lake");
        List<String> command = new ArrayList<>();
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        if (timed) command.addAll(List.of("/usr/bin/time", "-v"));
        command.addAll(CliJvm.command(List.of("-Xmx2g")));
        command.addAll(List.of("ingest", "--queue-log", big.getParent().toString(),
                "--roster", landing.resolve("roster.csv").toString(), "--warehouse", root.resolve("warehouse").toString()));
        Path log = dir.resolve("ingest.log");
        long began = System.nanoTime();
        int rc = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
        double seconds = (System.nanoTime() - began) / 1e9;
        String output = Files.readString(log);
        assertEquals(0, rc, "indicate ingest under -Xmx2g failed:\n" + tail(output));

        TestWarehouse wh = new TestWarehouse(root);
        Row r = wh.one("select rows_in, rows_loaded, rows_duplicate, rows_quarantined, rows_pending, bytes_consumed"
                + " from meta.ingest_log where source = 'queue_log'");
        long bronze = wh.one("select count(*) from bronze.queue_log").getLong(0);
        Matcher rss = PEAK_RSS.matcher(output);
        System.out.printf(Locale.ROOT, "large file ingest: %,d bytes, %,d lines, %.1f s, peak RSS %s, bronze rows %,d"
                        + " (loaded %,d, duplicate %,d, quarantined %,d)%n", size, lines, seconds,
                rss.find() ? String.format(Locale.ROOT, "%,d KB", Long.parseLong(rss.group(1))) : "not measured (no /usr/bin/time)",
                bronze, r.getLong(1), r.getLong(2), r.getLong(3));

        assertTrue(size > ONE_GIB, "the file is over 1 GiB: " + size);
        assertEquals(lines, r.getLong(0), "every line was read");
        assertEquals(r.getLong(0), r.getLong(1) + r.getLong(2) + r.getLong(3), "every line is loaded, a duplicate or quarantined");
        assertEquals(0, r.getLong(4), "the file ends with a newline: nothing waits");
        assertEquals(size, r.getLong(5), "the whole file was consumed");
        assertEquals(r.getLong(1), bronze, "bronze holds the loaded lines");
    }

    /**
     * Writes the generated week (its rotations in order) again and again, each copy a week later, until the
     * file holds at least {@code bytes}; returns the number of lines written.
     */
    private static long repeatWeekUntil(Path rotations, Path out, long bytes) throws IOException {
        List<Path> oldestFirst;
        try (Stream<Path> files = Files.list(rotations)) {
            oldestFirst = files.sorted(Comparator.comparingLong((Path p) -> -SourceFiles.rotationNumber(p.getFileName().toString())))
                    .toList();
        }
        long lines = 0;
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int week = 0; written < bytes; week++) {
                for (Path p : oldestFirst) {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(open(p), StandardCharsets.UTF_8))) {
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            int bar = line.indexOf('|');
                            String shifted = (Long.parseLong(line.substring(0, bar)) + week * WEEK_S) + line.substring(bar);
                            w.write(shifted);
                            w.write('\n');
                            written += shifted.length() + 1;
                            lines++;
                        }
                    }
                }
            }
        }
        return lines;
    }

    private static InputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        return p.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }

    private static String tail(String output) {
        return output.length() <= 4000 ? output : output.substring(output.length() - 4000);
    }
}
