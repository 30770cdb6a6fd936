package io.indicate.goals;

import io.indicate.ingest.ValidFromCsvSource;
import io.indicate.privacy.AnonymousAgents;
import io.indicate.warehouse.Table;

import java.io.IOException;
import java.io.Reader;
import java.util.Map;

/**
 * The goals CSV ({@link GoalsReader}) in {@code bronze.goals}, as every {@link ValidFromCsvSource}: a changed goal is a
 * new row with a later {@code valid_from}. A goal of an erased agent, or set by them, is re-keyed.
 */
public final class GoalsSource extends ValidFromCsvSource {
    private static final long serialVersionUID = 1L;
    private static final String SOURCE = "goals";

    public GoalsSource() {
        super(SOURCE, Table.BRONZE_GOALS, GoalsReader.COLUMNS);
    }

    @Override
    protected Read read(Reader reader, String file) throws IOException {
        GoalsReader.Result result = GoalsReader.read(reader, file);
        return new Read(result.accepted().stream().map(a -> new Accepted(a.line(), a.fields())).toList(),
                result.rejected().stream().map(r -> new Rejected(r.line(), r.raw(), r.reason())).toList());
    }

    @Override
    protected Map<String, String> rekeyed(AnonymousAgents agents, Map<String, String> row) {
        return agents.goalRow(row);
    }
}
