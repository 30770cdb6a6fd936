package io.indicate.ingest;

import io.indicate.crm.CrmSource;
import io.indicate.goals.GoalsSource;
import io.indicate.roster.RosterSource;
import io.indicate.telephony.CdrSource;
import io.indicate.telephony.QueueLogSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Every source, in the order a batch ingests them: the roster first (so a build sees the people), then the goals, telephony, the CRM. */
public final class Sources {
    public static final RosterSource ROSTER = new RosterSource();
    public static final GoalsSource GOALS = new GoalsSource();
    public static final QueueLogSource QUEUE_LOG = new QueueLogSource();
    public static final CdrSource CDR = new CdrSource();
    public static final CrmSource CRM = new CrmSource();

    /** The registry: adding a source is adding it here. */
    public static final List<Source> ALL = List.of(ROSTER, GOALS, QUEUE_LOG, CDR, CRM);

    private Sources() {}

    /** What a run ingests, by source, for callers in Java (the CLI's flags: {@code SourceOptions}); a null location leaves the source out of the batch. */
    public static Map<Source, String> locations(String roster, String queueLog, String cdr, String crm, String goals) {
        Map<Source, String> out = new LinkedHashMap<>();
        out.put(ROSTER, roster);
        out.put(GOALS, goals);
        out.put(QUEUE_LOG, queueLog);
        out.put(CDR, cdr);
        out.put(CRM, crm);
        out.values().removeIf(Objects::isNull);
        return out;
    }
}
