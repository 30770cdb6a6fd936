package io.indicate.cli;

import io.indicate.build.Build;
import io.indicate.build.BuildPlan;
import io.indicate.digest.DigestJournal;
import io.indicate.maintenance.TableMaintenance;
import io.indicate.privacy.Erasure;
import io.indicate.privacy.LandingFiles;
import io.indicate.progress.Progress;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

@Command(name = "forget", mixinStandardHelpOptions = true,
        description = {"Right to erasure: delete one person from bronze and silver, then rebuild the marts of the dates they were on",
                "and, with --jdbc-url, publish those dates to the serving database. The person is recorded (by keyed hash)",
                "in meta.erased_subject, so no later ingest brings them back. An agent's records are kept under an anonymous id",
                "instead, so team, queue and organisation totals stay the same.",
                "Deleted rows stay in older Delta versions until VACUUM: give --vacuum to remove those files now",
                "(this also ends time travel to earlier versions of the tables the person was removed from)."})
public final class ForgetCommand implements Callable<Integer> {
    @Mixin WarehouseOptions options;

    static final class Person {
        @Option(names = "--caller", paramLabel = "NUMBER", description = "a caller's phone number (any common notation)")
        String caller;

        @Option(names = "--requester", paramLabel = "ID", description = "a CRM requester id")
        String requester;

        @Option(names = "--agent", paramLabel = "ID", description = "a leaving agent's roster agent_id: their identity goes, their numbers stay (anonymous id)")
        String agent;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Person person;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "serving database to publish the rebuilt dates to (as publish), so it no longer shows the person")
    String jdbcUrl;

    @Mixin ServingOptions serving;

    @Spec CommandSpec spec;

    @Option(names = "--landing", paramLabel = "DIR",
            description = "a landing folder (queue_log, CDR, CRM pages, rosters; repeatable) whose files are listed when they still hold the person: they are not changed")
    List<String> landing = new ArrayList<>();

    @Option(names = "--vacuum", description = "VACUUM the tables the person was removed from with 0 hours retention afterwards, so the deleted rows' files are gone")
    boolean vacuum;

    @Override
    public Integer call() throws Exception {
        String password = jdbcUrl == null ? null : serving.password(System::getenv);
        // Also the digest lock: erasing an agent re-keys their rows of meta.digest_log, and a digest running meanwhile
        // could append a row under their id after the re-keying (Delta commits an UPDATE and a concurrent append
        // without a conflict). The writer lock first, then the digest lock, as every step that takes both, so two
        // such steps never each hold one and wait for the other (WarehouseOptions#writingWithDigestLock).
        return options.writingWithDigestLock("forget", options.settings(), session -> {
            Progress progress = new Progress(System.out);
            // mails a killed digest left in its journal are in the log before the log is re-keyed
            DigestJournal.recover(session.warehouse());
            Erasure erasure = new Erasure(session.warehouse(), session.pseudonymiser());
            // an agent's identifiers are read before they are replaced, for finding them in the landing files
            Predicate<String> inLandingLine = person.caller != null ? LandingFiles.caller(person.caller)
                    : person.requester != null ? LandingFiles.requester(person.requester)
                    : LandingFiles.agent(erasure.agentIdentity(person.agent));
            Erasure.Report report = person.caller != null ? erasure.forgetCaller(person.caller)
                    : person.requester != null ? erasure.forgetRequester(person.requester)
                    : erasure.forgetAgent(person.agent, session.settings().zone());
            report.removed().forEach((table, rows) -> progress.line(String.format("forget: %,d row(s) removed from %s", rows, table.qualifiedName())));
            report.rekeyed().forEach((table, rows) -> progress.line(String.format("forget: %,d row(s) re-keyed to the anonymous id in %s",
                    rows, table.qualifiedName())));
            new Build(session.warehouse(), session.settings(), session.pseudonymiser(), progress)
                    .run(new BuildPlan("forget", List.of(), report.datesToRebuild()));
            if (jdbcUrl != null) {
                PublishCommand.print(serving.publisher(session.warehouse(), jdbcUrl, session.settings(), password).publish(),
                        spec.commandLine().getOut());
            }
            if (vacuum) new TableMaintenance(session.warehouse(), progress).vacuum(report.changed());
            LandingFiles files = new LandingFiles(session.warehouse().spark().sparkContext().hadoopConfiguration());
            for (LandingFiles.Holding h : files.holding(landing, inLandingLine)) {
                progress.line(String.format("forget: landing file %s: %,d line(s) hold the person; delete or redact it (not changed here)",
                        h.file(), h.lines()));
            }
            progress.line(String.format("forget: %,d row(s) removed or re-keyed, %d date(s) rebuilt%s", report.total(), report.datesToRebuild().size(),
                    vacuum ? ", files vacuumed" : "; the rows remain in older table versions until VACUUM (--vacuum)"));
            return 0;
        });
    }
}
