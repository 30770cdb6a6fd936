package io.indicate.cli;

import picocli.CommandLine.Option;

/** {@code --defer-repeat-dates} of {@code build} and {@code refresh}: see {@link io.indicate.build.BuildPlanner#incremental(boolean)}. */
final class DeferRepeatsOption {
    @Option(names = "--defer-repeat-dates",
            description = "rebuild only the dates the new data falls on: the earlier days whose calls just became repeat "
                    + "contacts are owed to the next build without this flag (the nightly build), not rebuilt every cycle")
    boolean defer;
}
