package io.indicate.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleDataDeterminismTest {
    @TempDir Path tmp;

    private static SampleDataGenerator.Builder small(long seed) {
        return SampleDataGenerator.builder().agents(6).days(3).start(LocalDate.of(2026, 3, 27)).seed(seed);
    }

    @Test
    void theSameSeedAndOptionsGiveByteIdenticalFiles() throws IOException {
        small(11).build().generate(tmp.resolve("a"));
        small(11).build().generate(tmp.resolve("b"));

        List<Path> a = files(tmp.resolve("a"));
        assertEquals(a, files(tmp.resolve("b")));
        assertTrue(a.size() > 3, "roster and three daily files expected, found " + a);
        for (Path rel : a) {
            assertTrue(Arrays.equals(Files.readAllBytes(tmp.resolve("a").resolve(rel)), Files.readAllBytes(tmp.resolve("b").resolve(rel))),
                    rel + " differs between two runs with the same seed");
        }
    }

    @Test
    void anotherSeedGivesOtherData() throws IOException {
        small(11).build().generate(tmp.resolve("a"));
        small(12).build().generate(tmp.resolve("b"));

        assertFalse(Arrays.equals(Files.readAllBytes(tmp.resolve("a/queue_log/queue_log")),
                Files.readAllBytes(tmp.resolve("b/queue_log/queue_log"))));
        assertFalse(Arrays.equals(Files.readAllBytes(tmp.resolve("a/roster.csv")), Files.readAllBytes(tmp.resolve("b/roster.csv"))));
    }

    @Test
    void aSecondRunIntoTheSameFolderReplacesTheFirst() throws IOException {
        small(11).sliceMinutes(60).build().generate(tmp);
        GenerationSummary daily = small(11).build().generate(tmp);

        List<Path> expected = new ArrayList<>(daily.files().stream().map(tmp::relativize).toList());
        expected.sort(null);
        assertEquals(expected, files(tmp), "no slice files of the first run may be left over");
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
