package io.indicate.generate;

import java.nio.file.Path;
import java.util.List;

/**
 * What a generator run wrote.
 *
 * @param files          every file written: {@code roster.csv} first, then the queue_log files in time order
 * @param rosterRows     data rows of roster.csv
 * @param queueLogLines  lines over all queue_log files
 * @param calls          calls that entered a queue (ENTERQUEUE lines)
 * @param answeredCalls  of those, calls an agent answered (CONNECT lines)
 */
public record GenerationSummary(List<Path> files, int rosterRows, long queueLogLines, long calls, long answeredCalls) {
    public GenerationSummary {
        files = List.copyOf(files);
    }
}
