package io.indicate.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes queue_log lines, in time order, into the files a {@link QueueLogLayout} names. The folder belongs
 * to the generator: {@code queue_log*} files of an earlier run are removed first, so the folder holds exactly
 * one run and a daily run never mixes with slices.
 */
final class QueueLogWriter implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final Path dir;
    private final QueueLogLayout layout;
    private final List<Path> files = new ArrayList<>();
    private final Set<Path> started = new HashSet<>();
    private QueueLogLayout.Span span;
    private Writer out;
    private long lastEpoch = Long.MIN_VALUE;

    QueueLogWriter(Path dir, QueueLogLayout layout) throws IOException {
        this.dir = dir;
        this.layout = layout;
        Files.createDirectories(dir);
        List<Path> earlier;
        try (Stream<Path> list = Files.list(dir)) {
            earlier = list.filter(p -> p.getFileName().toString().startsWith("queue_log") && Files.isRegularFile(p)).toList();
        }
        for (Path p : earlier) Files.delete(p);
    }

    /** Appends one line (without its newline). Lines must come in time order, as Asterisk writes them. */
    void append(long epochSecond, CharSequence line) {
        if (epochSecond < lastEpoch) {
            throw new IllegalStateException("queue_log line at " + epochSecond + " after one at " + lastEpoch + ": " + line);
        }
        lastEpoch = epochSecond;
        try {
            if (span == null || !span.holds(epochSecond)) open(layout.spanOf(epochSecond));
            out.append(line).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(span.fileName()), e);
        }
    }

    /** The files written so far, in the order they were started. */
    List<Path> files() {
        return List.copyOf(files);
    }

    @Override
    public void close() throws IOException {
        if (out != null) out.close();
        out = null;
        for (String name : layout.filesAlwaysWritten()) {
            if (!started.contains(dir.resolve(name))) newWriter(name).close();
        }
    }

    private void open(QueueLogLayout.Span next) throws IOException {
        if (out != null) out.close();
        span = next;
        out = newWriter(next.fileName());
    }

    private Writer newWriter(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!started.add(file)) throw new IllegalStateException(file + " would be written twice");
        files.add(file);
        OutputStream stream = Files.newOutputStream(file);
        if (layout.compressed(name)) stream = new GZIPOutputStream(stream, BUFFER);
        return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER);
    }
}
