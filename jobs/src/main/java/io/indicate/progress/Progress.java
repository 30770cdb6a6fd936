package io.indicate.progress;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/** Prints what a long step does: its name, the rows it wrote and the seconds it took. */
public final class Progress {
    private final PrintStream out;

    public Progress(PrintStream out) {
        this.out = out;
    }

    public static Progress silent() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    public void line(String message) {
        out.println(message);
        out.flush();
    }

    /** Runs a step that returns the number of rows it wrote, and reports it. */
    public long step(String name, LongSupplier step) {
        long t0 = System.nanoTime();
        long rows = step.getAsLong();
        line(String.format("  %-32s %,10d rows  %6.1f s", name, rows, (System.nanoTime() - t0) / 1e9));
        return rows;
    }
}
