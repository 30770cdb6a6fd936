package io.indicate.cli;

import io.indicate.quality.DataQualityChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Data-quality checks of one local date; exit code 1 with the reasons when any fails.")
public final class CheckCommand implements Callable<Integer> {
    @Mixin WarehouseOptions options;

    @Option(names = "--date", required = true, paramLabel = "DATE", description = "local date (YYYY-MM-DD or ISO timestamp)")
    String date;

    @Mixin QualityOptions quality;

    @Override
    public Integer call() {
        Session session = Session.open(quality.apply(options.settings()));
        LocalDate day = DateArgument.parse("--date", date, session.settings().zone());
        List<String> failures = new DataQualityChecks(session.warehouse(), session.settings().maxQuarantinePct()).run(day);
        if (failures.isEmpty()) {
            System.out.println("check " + day + ": all checks passed");
            return 0;
        }
        failures.forEach(f -> System.err.println("check " + day + ": FAILED " + f));
        return 1;
    }
}
