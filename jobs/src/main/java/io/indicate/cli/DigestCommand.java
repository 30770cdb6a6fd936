package io.indicate.cli;

import io.indicate.digest.DigestMailing;
import io.indicate.config.Settings;
import io.indicate.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code indicate digest}: the daily digest of one local date ({@link io.indicate.digest.DigestMailing}), through an SMTP server. The SMTP
 * password is read from the environment variable {@code --password-env} names, never from a flag, and is never
 * printed. Holds the warehouse's digest lock while it runs, not its writer lock ({@link WarehouseOptions#digesting}):
 * two digests of a warehouse never send at once, and a refresh is not held up by one. Exit code 1 when a mail failed
 * (after trying the others) or the server could not be used.
 */
@Command(name = "digest", mixinStandardHelpOptions = true,
        description = "Mail each person their own day: an agent their goals and streaks, a team lead the coaching list, "
                + "a manager the organisation's goal attainment; once per person and date.")
public final class DigestCommand implements Callable<Integer> {
    @Mixin WarehouseOptions options;

    @Option(names = "--date", required = true, paramLabel = "DATE", description = "the local date the mails are about (YYYY-MM-DD or ISO timestamp)")
    String date;

    @Option(names = "--smtp-url", required = true, paramLabel = "URL",
            description = "mail server: smtp://host[:port] (STARTTLS when offered; required with a password unless the host is this machine) or smtps://host[:port] (TLS)")
    String smtpUrl;

    @Option(names = "--from", required = true, paramLabel = "ADDRESS", description = "sender address of the mails")
    String from;

    /** The SMTP login; without --user the mails are sent without logging in. */
    @Mixin Login login;

    @Option(names = "--dashboard-url", required = true, paramLabel = "URL",
            description = "Superset's address as people open it, for the link to each person's dashboard, e.g. https://insights.example.com")
    URI dashboardUrl;

    @Option(names = "--force", description = "send again to people who were already sent the date's mail")
    boolean force;

    private final UnaryOperator<String> environment;

    public DigestCommand() {
        this(System::getenv);
    }

    /** For tests: reads environment variables from {@code environment} instead of the process. */
    DigestCommand(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        String password = login.password(environment);
        DigestMailing mailing = new DigestMailing(smtpUrl, dashboardUrl);
        Settings settings = options.settings();
        LocalDate day = DateArgument.parse("--date", date, settings.zone());
        return options.digesting("digest", settings, session -> mailing.send(session.warehouse(), day,
                LocalDate.now(settings.zone()), login.user(), password, from, force, new Progress(System.out)));
    }
}
