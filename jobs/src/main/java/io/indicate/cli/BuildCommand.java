package io.indicate.cli;

import io.indicate.build.Build;
import io.indicate.build.BuildPlan;
import io.indicate.build.BuildPlanner;
import io.indicate.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build silver facts and gold KPI marts.",
                "Without options: fold in every batch ingested since the last build, replacing only the dates it touches.",
                "--from/--to: rebuild exactly those local dates. --full: rebuild every date."})
public final class BuildCommand implements Callable<Integer> {
    @Mixin WarehouseOptions options;

    @Option(names = "--from", paramLabel = "DATE", description = "first local date to rebuild (YYYY-MM-DD or ISO timestamp)")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "last local date to rebuild, inclusive (default: --from)")
    String to;

    @Option(names = "--full", description = "rebuild every date the warehouse holds")
    boolean full;

    @Mixin DeferRepeatsOption deferRepeats;

    @Override
    public Integer call() throws Exception {
        if (full && (from != null || to != null)) throw new IllegalArgumentException("--full and --from/--to exclude each other");
        if (to != null && from == null) throw new IllegalArgumentException("--to needs --from");
        if (deferRepeats.defer && (full || from != null)) {
            throw new IllegalArgumentException("--defer-repeat-dates is for an incremental build, not with --full or --from/--to");
        }
        return options.writing("build", options.settings(), session -> {
            Build build = new Build(session.warehouse(), session.settings(), session.pseudonymiser(), new Progress(System.out));
            BuildPlanner planner = build.planner();
            BuildPlan plan;
            if (full) {
                plan = planner.full();
            } else if (from != null) {
                LocalDate f = DateArgument.parse("--from", from, session.settings().zone());
                LocalDate t = to == null ? f : DateArgument.parse("--to", to, session.settings().zone());
                plan = planner.range(f, t);
            } else {
                plan = planner.incremental(deferRepeats.defer);
            }
            build.run(plan);
            return 0;
        });
    }
}
