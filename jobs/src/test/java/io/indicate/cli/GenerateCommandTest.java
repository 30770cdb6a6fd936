package io.indicate.cli;

import io.indicate.cli.IndicateCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateCommandTest {
    @TempDir Path tmp;

    @Test
    void fewerThanOneAgentIsAUsageError() {
        assertUsageError("--agents must be at least 1, got 0", "--agents", "0", "--days", "1", "--out", tmp.toString());
    }

    @Test
    void fewerThanOneDayIsAUsageError() {
        assertUsageError("--days must be at least 1, got -2", "--agents", "3", "--days", "-2", "--out", tmp.toString());
    }

    @Test
    void anOutputFolderThatCannotBeCreatedIsAUsageError() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        String message = usageError("--agents", "3", "--days", "1", "--out", file.resolve("out").toString());
        assertTrue(message.startsWith("--out " + file.resolve("out") + " cannot be created"), message);
    }

    @Test
    void aSliceLengthOutsideOneDayIsAUsageError() {
        assertUsageError("--slice-minutes must be between 1 and 1440, got 0",
                "--agents", "3", "--days", "1", "--out", tmp.toString(), "--slice-minutes", "0");
    }

    @Test
    void theCommandWritesTheSampleAndPrintsWhatItWrote() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new GenerateCommand()).setOut(new PrintWriter(out));
        int code = cli.execute("--agents", "4", "--days", "2", "--out", tmp.toString(), "--start", "2026-02-02", "--seed", "9",
                "--timezone", "Europe/Helsinki");

        assertEquals(0, code);
        assertTrue(Files.isRegularFile(tmp.resolve("roster.csv")));
        assertTrue(Files.isRegularFile(tmp.resolve("goals.csv")));
        assertTrue(Files.isRegularFile(tmp.resolve("queue_log/queue_log.1")));
        String summary = out.toString();
        assertTrue(summary.startsWith("generated 2026-02-02 .. 2026-02-03 (Europe/Helsinki) into " + tmp + ": 11 files, "), summary);
        assertTrue(summary.matches("(?s).* \\d+ queue_log lines, \\d+ calls \\(\\d+ answered\\) in \\d+\\.\\d s\\n"), summary);
    }

    @Test
    void withoutStartTheRangeEndsTodayInTheZone() throws IOException {
        ZoneId zone = ZoneId.of("Pacific/Auckland");
        int code = new CommandLine(new GenerateCommand()).setOut(new PrintWriter(new StringWriter()))
                .execute("--agents", "2", "--days", "3", "--out", tmp.toString(), "--timezone", zone.toString());

        assertEquals(0, code);
        LocalDate firstDay = LocalDate.now(zone).minusDays(2);
        String firstRow = Files.readAllLines(tmp.resolve("roster.csv")).get(1);
        assertTrue(firstRow.endsWith("," + firstDay.minusDays(60)), "initial rows start 60 days before " + firstDay + ": " + firstRow);
    }

    @Test
    void indicateGenerateIsRegisteredInTheCli() {
        assertEquals(0, IndicateCli.run("generate", "--agents", "1", "--days", "1", "--start", "2026-06-01", "--out", tmp.toString()));
        assertTrue(Files.isRegularFile(tmp.resolve("queue_log/queue_log")));
        assertFalse(Files.exists(tmp.resolve("queue_log/queue_log.1")));
    }

    private void assertUsageError(String expected, String... args) {
        assertEquals(expected, usageError(args));
    }

    private static String usageError(String... args) {
        GenerateCommand command = new GenerateCommand();
        new CommandLine(command).parseArgs(args);
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, command::call);
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }
}
