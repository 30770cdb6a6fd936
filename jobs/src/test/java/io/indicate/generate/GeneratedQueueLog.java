package io.indicate.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Test-side reader of generated queue_log files, independent of the generator's own code. */
final class GeneratedQueueLog {
    private GeneratedQueueLog() {}

    /** One parsed line; {@code data(1)} is data1. */
    record Event(String file, long epoch, String callid, String queue, String agent, String name, List<String> data, String line) {
        String data(int n) {
            return n <= data.size() ? data.get(n - 1) : null;
        }

        long number(int n) {
            return Long.parseLong(data(n));
        }
    }

    /** The text of a file, gunzipped when its name ends in .gz. */
    static String text(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        String text = text(file);
        if (text.isEmpty()) return List.of();
        if (!text.endsWith("\n")) throw new AssertionError(file + " does not end with a newline");
        return List.of(text.substring(0, text.length() - 1).split("\n", -1));
    }

    static Event parse(String file, String line) {
        String[] f = line.split("\\|", -1);
        if (f.length < 5) throw new AssertionError(file + ": fewer than five fields: " + line);
        return new Event(file, Long.parseLong(f[0]), f[1], f[2], f[3], f[4], List.of(Arrays.copyOfRange(f, 5, f.length)), line);
    }

    static List<Event> events(Path file) {
        List<Event> events = new ArrayList<>();
        for (String line : lines(file)) events.add(parse(file.getFileName().toString(), line));
        return events;
    }

    /** Names of the daily files, oldest day first. */
    static List<String> dailyFileNames(int days) {
        List<String> names = new ArrayList<>();
        for (int age = days - 1; age >= 0; age--) {
            names.add(age == 0 ? "queue_log" : age == 1 ? "queue_log.1" : "queue_log." + age + ".gz");
        }
        return names;
    }

    /** All events of a daily-rotated folder, oldest file first. */
    static List<Event> daily(Path queueLogDir, int days) {
        List<Event> events = new ArrayList<>();
        for (String name : dailyFileNames(days)) events.addAll(events(queueLogDir.resolve(name)));
        return events;
    }

    /** The events of each call (callid other than NONE), in the order they were written. */
    static Map<String, List<Event>> byCall(List<Event> events) {
        Map<String, List<Event>> calls = new LinkedHashMap<>();
        for (Event e : events) {
            if (!e.callid().equals("NONE")) calls.computeIfAbsent(e.callid(), k -> new ArrayList<>()).add(e);
        }
        return calls;
    }
}
