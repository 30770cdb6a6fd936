package io.indicate.digest;

import io.indicate.progress.Progress;
import io.indicate.warehouse.Warehouse;

import java.net.URI;
import java.time.LocalDate;

/**
 * The digest as {@code indicate digest} runs it: the mail server and the dashboards' address are checked when this
 * is made (before any work starts), then {@link #send} mails one local date's digest ({@link Digest}) through that
 * server.
 */
public final class DigestMailing {
    private final SmtpServer server;
    private final Dashboards dashboards;

    /** Fails on a {@code smtpUrl} or {@code dashboardUrl} that cannot be used. */
    public DigestMailing(String smtpUrl, URI dashboardUrl) {
        this.server = SmtpServer.parse(smtpUrl);
        this.dashboards = new Dashboards(dashboardUrl);
    }

    /**
     * Mails {@code day}'s digest, logging in as {@code user} with {@code password} when {@code user} is given;
     * returns the exit code: 1 when a mail failed (after trying the others), else 0.
     */
    public int send(Warehouse warehouse, LocalDate day, LocalDate today, String user, String password, String from,
                    boolean force, Progress progress) throws Exception {
        try (SmtpMailer mailer = new SmtpMailer(server, user, password, from)) {
            Digest.Report report = Digest.of(warehouse, day).today(today)
                    .mailer(mailer).dashboards(dashboards).force(force).progress(progress).build().run();
            return report.failed().isEmpty() ? 0 : 1;
        }
    }
}
