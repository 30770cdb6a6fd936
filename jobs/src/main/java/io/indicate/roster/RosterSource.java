package io.indicate.roster;

import io.indicate.ingest.ValidFromCsvSource;
import io.indicate.privacy.AnonymousAgents;
import io.indicate.warehouse.Table;

import java.io.IOException;
import java.io.Reader;
import java.util.Map;

/**
 * The agent roster CSV ({@link RosterReader}) in {@code bronze.roster}, as every {@link ValidFromCsvSource}: a row
 * delivered again in a later export is stored once; an agent twice on one date makes the file unreadable as a whole.
 * A row of an erased agent, or naming them as lead, is re-keyed.
 */
public final class RosterSource extends ValidFromCsvSource {
    private static final long serialVersionUID = 1L;
    private static final String SOURCE = "roster";

    public RosterSource() {
        super(SOURCE, Table.BRONZE_ROSTER, RosterReader.COLUMNS);
    }

    @Override
    protected Read read(Reader reader, String file) throws IOException {
        RosterReader.Result result = RosterReader.read(reader, file);
        return new Read(result.accepted().stream().map(a -> new Accepted(a.sourceLine(), result.rawByLine().get(a.sourceLine()))).toList(),
                result.rejected().stream().map(r -> new Rejected(r.line(), r.raw(), r.reason())).toList());
    }

    @Override
    protected Map<String, String> rekeyed(AnonymousAgents agents, Map<String, String> row) {
        return agents.rosterRow(row);
    }
}
