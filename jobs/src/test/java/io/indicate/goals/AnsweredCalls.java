package io.indicate.goals;

import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;

/**
 * Queue calls for goals fixtures: each answered in 10 s and completed after 100 s of talk (aht_s 100), ten minutes
 * apart from 09:00 of a local day. Call ids and caller numbers are unique across every day written by one instance.
 */
final class AnsweredCalls {
    private int call;

    /** {@code n} such calls of {@code member} on {@code day} (yyyy-MM-dd), added to {@code lines}. */
    void on(QueueLogLines lines, String member, String day, int n) {
        for (int i = 0; i < n; i++) {
            String id = "c" + (++call);
            String at = String.format("%sT%02d:%02d:", day, 9 + i / 6, (i % 6) * 10);
            lines.at(at + "00", id, "support", "NONE", "ENTERQUEUE", "", "+4670100" + String.format("%04d", call), "1")
                    .at(at + "10", id, "support", member, "CONNECT", "10", "b" + id, "1")
                    .at(at + "50", id, "support", member, "COMPLETEAGENT", "10", "100", "1");
        }
    }

    /**
     * A late queue_log file in folder {@code folder} of {@code wh} with {@code n} more such calls of {@code member} on
     * {@code day}, ingested and built incrementally.
     */
    void ingestLate(TestWarehouse wh, String folder, String member, String day, int n) {
        QueueLogLines late = QueueLogLines.stockholm();
        on(late, member, day, n);
        late.at(day + "T16:00:00", "x", "support", "NONE", "QUEUESTART");
        wh.write(folder, "queue_log", late.content());
        wh.ingest(null, wh.folder(folder));
        wh.build();
    }
}
