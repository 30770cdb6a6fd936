package io.indicate.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A config file's mistakes are one clear line naming the key; an empty key is an empty list or map. */
class SettingsTest {
    private static Settings load(Path dir, String yaml) throws IOException {
        Path f = dir.resolve("indicate.yaml");
        Files.writeString(f, yaml);
        return Settings.load(f);
    }

    private static String error(Path dir, String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> load(dir, yaml)).getMessage();
    }

    @Test
    void keysGivenWithoutAValueAreEmpty(@TempDir Path dir) throws IOException {
        Settings s = load(dir, "sl_threshold_s_by_queue:\nacw_pause_reasons:\nmax_quarantine_pct: 2.5\n");
        assertEquals(Map.of(), s.slThresholdByQueue());
        assertEquals(Set.of(), s.acwPauseReasons());
        assertEquals(2.5, s.maxQuarantinePct());
    }

    @Test
    void theIngestChunkIsANumberOfLinesWithADefault(@TempDir Path dir) throws IOException {
        assertEquals(100_000, Settings.defaults().ingestChunkLines());
        assertEquals(5_000, load(dir, "ingest_chunk_lines: 5000\n").ingestChunkLines());
    }

    @Test
    void badValuesAreOneLineNamingTheKey(@TempDir Path dir) {
        assertEquals("timezone is empty (expected a zone id such as Europe/Stockholm)", error(dir, "timezone:\n"));
        assertEquals("timezone 'Mars/Olympus' is not a known zone id (expected e.g. Europe/Stockholm)", error(dir, "timezone: Mars/Olympus\n"));
        assertEquals("acw_pause_reasons has an empty entry (expected pause reasons such as ACW)", error(dir, "acw_pause_reasons: [ACW, '']\n"));
        assertEquals("sl_threshold_s_by_queue.sales must be >= 0", error(dir, "sl_threshold_s_by_queue: {sales: -1}\n"));
        assertEquals("max_quarantine_pct must be between 0 and 100, got 120.0", error(dir, "max_quarantine_pct: 120\n"));
        assertEquals("min_team_size must be at least 1 (agents), got 0", error(dir, "min_team_size: 0\n"));
        assertEquals("ingest_chunk_lines must be a whole number of lines > 0 (e.g. 100000), got 0", error(dir, "ingest_chunk_lines: 0\n"));
    }

    @Test
    void valuesOfTheWrongKindAreOneLineNamingTheKeyAndTheKindExpected(@TempDir Path dir) {
        String config = "config " + dir.resolve("indicate.yaml") + ": ";
        assertEquals(config + "interval_minutes must be a whole number, got 15.9", error(dir, "interval_minutes: 15.9\n"));
        assertEquals(config + "interval_minutes is empty (expected a whole number)", error(dir, "interval_minutes:\n"));
        assertEquals(config + "sl_threshold_s is empty (expected a whole number)", error(dir, "sl_threshold_s:\n"));
        assertEquals(config + "max_quarantine_pct must be a number, got lots", error(dir, "max_quarantine_pct: lots\n"));
        assertEquals(config + "sl_threshold_s_by_queue.sales must be a whole number, got fast",
                error(dir, "sl_threshold_s_by_queue: {sales: fast}\n"));
        assertEquals(config + "sl_threshold_s_by_queue must be a map such as {sales: 30}", error(dir, "sl_threshold_s_by_queue: [30]\n"));
        assertEquals(config + "acw_pause_reasons must be a list such as [ACW]", error(dir, "acw_pause_reasons: {ACW: 1}\n"));
        assertEquals(config + "unknown key 'intervall_minutes'", error(dir, "intervall_minutes: 15\n"));
    }

    @Test
    void ingestLimitsHaveDefaultsFarAboveRealFilesAndRefuseNonsense(@TempDir Path dir) throws IOException {
        Settings defaults = Settings.defaults();
        assertEquals(1 << 20, defaults.ingestMaxLineBytes());
        assertEquals(256L << 30, defaults.ingestMaxFileBytes());
        assertEquals(100, defaults.ingestMaxGzipRatio());
        Settings s = load(dir, "ingest_max_line_bytes: 4096\ningest_max_file_bytes: 5000000000\ningest_max_gzip_ratio: 50\n");
        assertEquals(4096, s.ingestMaxLineBytes());
        assertEquals(5_000_000_000L, s.ingestMaxFileBytes());
        assertEquals(50, s.ingestMaxGzipRatio());
        assertEquals("ingest_max_line_bytes must be at least 1024 (bytes), got 80", error(dir, "ingest_max_line_bytes: 80\n"));
        assertEquals("ingest_max_file_bytes must be at least 1 (byte), got 0", error(dir, "ingest_max_file_bytes: 0\n"));
        assertEquals("ingest_max_gzip_ratio must be at least 2, got 1", error(dir, "ingest_max_gzip_ratio: 1\n"));
    }

    @Test
    void buildsOfFewerThanHalfAMillionLinesRunSmallUnlessConfigured(@TempDir Path dir) throws IOException {
        assertEquals(500_000, Settings.defaults().smallBuildLines());
        assertEquals(0, load(dir, "small_build_lines: 0\n").smallBuildLines());
        assertEquals("small_build_lines must be >= 0 (0: always Spark's defaults), got -1", error(dir, "small_build_lines: -1\n"));
    }

    @Test
    void theMinimumTeamSizeIs3AgentsUnlessConfigured(@TempDir Path dir) throws IOException {
        assertEquals(3, Settings.defaults().minTeamSize());
        assertEquals(5, load(dir, "min_team_size: 5\n").minTeamSize());
        assertEquals(4, Settings.defaults().with().minTeamSize(4).build().minTeamSize());
    }
}
