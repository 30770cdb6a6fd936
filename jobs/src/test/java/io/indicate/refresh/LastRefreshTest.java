package io.indicate.refresh;

import io.indicate.cli.IndicateCli;
import io.indicate.cli.Session;
import io.indicate.config.Settings;
import io.indicate.generate.SampleDataGenerator;
import io.indicate.ingest.Source;
import io.indicate.ingest.Sources;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A refresh that finds what the last completed refresh found and left does nothing, and writes nothing; anything new
 * (a landed file, a grown file, a write to the warehouse by another step, other settings, another day) makes it run.
 */
@WarehouseTest
class LastRefreshTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

    @Test
    void aRefreshFindingNothingNewWritesNothingAndAnythingNewMakesItRun(@TempDir Path dir) throws Exception {
        Path generated = dir.resolve("generated");
        SampleDataGenerator.builder().agents(4).days(1).start(LocalDate.parse("2026-03-10")).seed(11).zone(ZONE)
                .sliceMinutes(60).build().generate(generated);
        Path landing = Files.createDirectories(dir.resolve("landing/queue_log"));
        List<Path> slices;
        try (Stream<Path> all = Files.list(generated.resolve("queue_log"))) {
            slices = all.filter(p -> p.toFile().length() > 0).sorted().toList();
        }
        assertTrue(slices.size() >= 3, "slices to land one after the other: " + slices);
        Files.copy(slices.get(0), landing.resolve(slices.get(0).getFileName()));
        String warehouse = dir.resolve("warehouse").toString();
        List<String> args = List.of("refresh", "--warehouse", warehouse, "--queue-log", landing.toString(),
                "--roster", generated.resolve("roster.csv").toString());
        Configuration conf = Session.hadoopConfiguration();

        assertRan(refresh(args), "the first refresh");
        Map<Table, Long> after = Warehouse.committedVersions(warehouse, conf);
        String output = refresh(args);
        assertTrue(output.contains("refresh: nothing new since the last refresh"), output);
        assertEquals(after, Warehouse.committedVersions(warehouse, conf), "a refresh with nothing new commits nothing");

        // a new file
        Files.copy(slices.get(1), landing.resolve(slices.get(1).getFileName()));
        assertRan(refresh(args), "a refresh after a new file landed");
        assertTrue(refresh(args).contains("nothing new"), "and the one after it has nothing new again");

        // a file that grew: the next slice's lines appended to the last one landed
        Files.write(landing.resolve(slices.get(1).getFileName()), Files.readAllBytes(slices.get(2)), StandardOpenOption.APPEND);
        assertRan(refresh(args), "a refresh after a landed file grew");

        // another step's write to the warehouse
        assertTrue(refresh(args).contains("nothing new"));
        assertEquals(0, IndicateCli.run("build", "--warehouse", warehouse, "--from", "2026-03-10", "--to", "2026-03-10"));
        assertRan(refresh(args), "a refresh after a build wrote the warehouse");

        // other settings, or a publish where the last one did not publish
        List<String> otherSettings = new ArrayList<>(args);
        otherSettings.addAll(List.of("--max-quarantine-pct", "5"));
        assertRan(refresh(otherSettings), "a refresh with other settings");
    }

    @Test
    void whatARefreshFindsDependsOnTheDaySettingsAndServingDatabase(@TempDir Path dir) throws Exception {
        Path roster = Files.writeString(dir.resolve("roster.csv"), "agent_id\n");
        Map<Source, String> sources = Sources.locations(roster.toString(), null, null, null, null);
        Settings settings = Settings.defaults().with().warehouse(dir.resolve("warehouse").toString()).build();
        Configuration conf = Session.hadoopConfiguration();
        LocalDate day = LocalDate.parse("2026-03-10");
        String found = LastRefresh.inputs(sources, settings, true, null, day, conf);
        assertEquals(found, LastRefresh.inputs(sources, settings, true, null, day, conf), "the same inputs read the same");
        assertNotEquals(found, LastRefresh.inputs(sources, settings, true, null, day.plusDays(1), conf), "another day");
        assertNotEquals(found, LastRefresh.inputs(sources, settings.with().timezone("Europe/London").build(), true, null, day, conf),
                "other settings");
        assertNotEquals(found, LastRefresh.inputs(sources, settings, false, null, day, conf), "without deferring repeat dates");
        assertNotEquals(found, LastRefresh.inputs(sources, settings, true, "jdbc:postgresql://db/serving publisher", day, conf),
                "publishing");
        assertTrue(!found.contains("secret") && !LastRefresh.inputs(sources, settings, true,
                "jdbc:postgresql://db/serving?password=secret publisher", day, conf).contains("secret"), "no password is kept");
    }

    private static void assertRan(String output, String what) {
        assertTrue(output.contains("refresh: done in"), what + " ran a cycle:\n" + output);
    }

    /** Runs the CLI; returns what it printed. */
    private static String refresh(List<String> args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = IndicateCli.run(args.toArray(String[]::new));
        } finally {
            System.setOut(out);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        out.print(printed);
        assertEquals(0, exit, printed);
        return printed;
    }
}
