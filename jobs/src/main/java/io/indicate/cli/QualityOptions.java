package io.indicate.cli;

import io.indicate.config.Settings;
import picocli.CommandLine.Option;

/** The data-quality threshold of the steps that check (check, refresh), over the configuration's. */
public final class QualityOptions {
    @Option(names = "--max-quarantine-pct", paramLabel = "PCT",
            description = "largest share (%%) of a source's records in one ingest run that may be quarantined"
                    + " (default: the config's max_quarantine_pct, else 1.0)")
    Double maxQuarantinePct;

    /** The settings with this flag applied when given. */
    public Settings apply(Settings settings) {
        return settings.with().maxQuarantinePct(maxQuarantinePct).build();
    }
}
