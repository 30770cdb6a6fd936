package io.indicate.generate;

import java.util.List;

/** Which file of the {@code queue_log} folder an event goes to, and how that file is written. */
interface QueueLogLayout {

    /** A file and the epoch seconds {@code [from, until)} whose events it holds. */
    record Span(String fileName, long from, long until) {
        boolean holds(long epochSecond) {
            return epochSecond >= from && epochSecond < until;
        }
    }

    /** The file for an event at this epoch second. Spans of later epochs are later files. */
    Span spanOf(long epochSecond);

    /** Whether the file is gzipped, as logrotate's compress option leaves older rotations. */
    boolean compressed(String fileName);

    /** Files that exist even when no event falls in them (a rotated day without calls is still a file). */
    List<String> filesAlwaysWritten();
}
