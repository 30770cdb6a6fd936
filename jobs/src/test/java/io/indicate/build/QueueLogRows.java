package io.indicate.build;

import io.indicate.telephony.QueueLogEvent;
import io.indicate.telephony.QueueLogIngest;
import io.indicate.telephony.QueueLogParser;
import io.indicate.testing.QueueLogLines;

import java.util.List;

/**
 * bronze.queue_log rows for a model test, from hand-made queue_log lines ({@link QueueLogLines}) as ingest stores
 * them: each line parsed by {@link QueueLogParser}, dated by {@link QueueLogIngest#eventDate}, in file order.
 */
final class QueueLogRows {
    static final String COLUMNS = "line_hash, epoch, callid, queue, agent, event, data1, data2, data3, data4, data5, "
            + "event_date, _source_file, _source_line";

    private QueueLogRows() {}

    static Object[][] of(QueueLogLines log) {
        List<String> lines = log.lines();
        Object[][] rows = new Object[lines.size()][];
        for (int i = 0; i < lines.size(); i++) {
            long line = i + 1;
            QueueLogParser.Result parsed = QueueLogParser.parse(lines.get(i));
            if (!parsed.ok()) throw new IllegalArgumentException("line " + line + " '" + lines.get(i) + "': " + parsed.reason());
            QueueLogEvent e = parsed.event();
            rows[i] = new Object[] {"line-" + line, e.epoch(), e.callid(), e.queue(), e.agent(), e.event(), e.data1(), e.data2(),
                    e.data3(), e.data4(), e.data5(), QueueLogIngest.eventDate(e.epoch()).toString(), "queue_log", line};
        }
        return rows;
    }
}
