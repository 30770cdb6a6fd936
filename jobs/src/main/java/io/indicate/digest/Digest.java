package io.indicate.digest;

import io.indicate.digest.DigestFacts.Person;
import io.indicate.progress.Progress;
import io.indicate.roster.Role;
import io.indicate.warehouse.Warehouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The daily digest of one local date: each person of the roster valid that day is sent one mail about their own day
 * ({@link DigestMail}), at most once per date.
 *
 * <p>The contract a caller relies on:
 * <ul>
 *   <li>A person who already has a mail of the date in {@code meta.digest_log} is sent nothing, unless the run is
 *   forced; each mail is recorded (in the journal, appended to the table in batches) as soon as the server accepted
 *   it ({@link DigestLog}), so a run that stopped half-way and is run again sends each person's mail once.</li>
 *   <li>A person without an e-mail address in their roster row, with nothing to report that day (a day off), or whose
 *   roster row in force on the sending day marks them as left is skipped and reported, not failed on.</li>
 *   <li>A mail the server refuses is reported with the person's login and the others are still sent
 *   ({@link Report#failed()}); a server that cannot be reached or refuses the login stops the run with that reason
 *   (what was sent until then stays recorded).</li>
 * </ul>
 */
final class Digest {
    /** How often the progress line is printed, at most: every this many mails, or every {@link #PROGRESS_SECONDS}. */
    private static final int PROGRESS_MAILS = 50;
    private static final double PROGRESS_SECONDS = 10;

    /** What a run did. The lists hold logins; {@code failed} maps a login to why its mail was not sent. */
    record Report(LocalDate date, int toSend, int sent, List<String> alreadySent, List<String> withoutAddress,
                  List<String> left, int nothingToReport, Map<String, String> failed, double seconds) {}

    private final Warehouse warehouse;
    private final LocalDate date;
    private final LocalDate today;
    private final Mailer mailer;
    private final Dashboards dashboards;
    private final boolean force;
    private final Progress progress;

    private Digest(Builder b) {
        this.warehouse = Objects.requireNonNull(b.warehouse);
        this.date = Objects.requireNonNull(b.date);
        this.today = Objects.requireNonNull(b.today, "today");
        this.mailer = Objects.requireNonNull(b.mailer, "mailer");
        this.dashboards = Objects.requireNonNull(b.dashboards, "dashboards");
        this.force = b.force;
        this.progress = b.progress;
    }

    static Builder of(Warehouse warehouse, LocalDate date) {
        return new Builder(warehouse, date);
    }

    static final class Builder {
        private final Warehouse warehouse;
        private final LocalDate date;
        private LocalDate today;
        private Mailer mailer;
        private Dashboards dashboards;
        private boolean force;
        private Progress progress = Progress.silent();

        private Builder(Warehouse warehouse, LocalDate date) {
            this.warehouse = warehouse;
            this.date = date;
        }

        /** The local date the mails go out on: whose roster row in force then is a leaver's is sent nothing. */
        Builder today(LocalDate today) { this.today = today; return this; }

        Builder mailer(Mailer mailer) { this.mailer = mailer; return this; }

        Builder dashboards(Dashboards dashboards) { this.dashboards = dashboards; return this; }

        /** Send again to people who already have the date's mail. */
        Builder force(boolean force) { this.force = force; return this; }

        Builder progress(Progress progress) { this.progress = progress; return this; }

        Digest build() { return new Digest(this); }
    }

    Report run() {
        long t0 = System.nanoTime();
        DigestFacts facts = new DigestReader(warehouse).read(date, today);
        try (DigestLog log = new DigestLog(warehouse)) {
            return run(facts, log, t0);
        }
    }

    private Report run(DigestFacts facts, DigestLog log, long t0) {
        Map<String, Long> sentBefore = log.sentOn(date);

        List<String> alreadySent = new ArrayList<>();
        List<String> withoutAddress = new ArrayList<>();
        List<String> left = new ArrayList<>();
        int nothingToReport = 0;
        Map<Person, DigestMail> toSend = new LinkedHashMap<>();
        List<Person> people = facts.people().stream()
                .sorted(Comparator.comparing(Person::role).thenComparing(Person::login)).toList();
        for (Person person : people) {
            Optional<DigestMail> mail = DigestMail.of(person, facts, dashboards);
            LocalDate leftOn = facts.leftSince().get(person.agentId());
            if (mail.isEmpty()) {
                nothingToReport++;
            } else if (leftOn != null) {
                left.add(person.login());
                progress.line("  not sent   " + who(person) + ": left on " + leftOn);
            } else if (sentBefore.containsKey(person.agentId()) && !force) {
                alreadySent.add(person.login());
            } else if (person.email() == null || person.email().isBlank()) {
                withoutAddress.add(person.login());
                progress.line("  not sent   " + who(person) + ": no e-mail address in the roster row valid on " + date);
            } else {
                toSend.put(person, mail.get());
            }
        }
        long again = toSend.keySet().stream().filter(p -> sentBefore.containsKey(p.agentId())).count();
        progress.line(String.format(Locale.ROOT, "digest %s: %d people in the roster that day; %d mails to send (%s)%s%s", date,
                people.size(), toSend.size(), byRole(toSend.keySet()),
                again == 0 ? "" : ", " + again + " of them sent before (--force)",
                alreadySent.isEmpty() ? "" : "; " + alreadySent.size() + " sent before, not again (--force sends again)"));

        int sent = 0;
        Map<String, String> failed = new LinkedHashMap<>();
        long lastLine = System.nanoTime();
        for (Map.Entry<Person, DigestMail> entry : toSend.entrySet()) {
            Person person = entry.getKey();
            long sends = sentBefore.getOrDefault(person.agentId(), 0L);
            try {
                mailer.send(new Mailer.Mail(person.email(), entry.getValue().subject(), entry.getValue().text(),
                        messageId(person.agentId(), sends)));
            } catch (Mailer.Refused e) {
                failed.put(person.login(), e.getMessage());
                progress.line("  FAILED     " + who(person) + ": " + e.getMessage());
                continue;
            }
            log.recordSent(date, person.agentId(), person.role(), sends > 0);
            sent++;
            if (sent % PROGRESS_MAILS == 0 || (System.nanoTime() - lastLine) / 1e9 >= PROGRESS_SECONDS) {
                progress.line(String.format(Locale.ROOT, "  sent %d of %d, %.1f s", sent, toSend.size(), (System.nanoTime() - t0) / 1e9));
                lastLine = System.nanoTime();
            }
        }
        log.flush();
        Report report = new Report(date, toSend.size(), sent, alreadySent, withoutAddress, left, nothingToReport, failed,
                (System.nanoTime() - t0) / 1e9);
        progress.line(String.format(Locale.ROOT, "digest %s: %d sent, %d failed, %d sent before, %d without an address, "
                        + "%d left, %d with nothing to report that day, %.1f s", date, report.sent(), failed.size(),
                alreadySent.size(), withoutAddress.size(), left.size(), nothingToReport, report.seconds()));
        return report;
    }

    private static String who(Person person) {
        return person.login() + " (" + person.role().code() + ")";
    }

    /** {@code 3 agents, 2 team leads, 1 manager}. */
    private static String byRole(Collection<Person> people) {
        Map<Role, Long> counts = new EnumMap<>(Role.class);
        for (Person p : people) counts.merge(p.role(), 1L, Long::sum);
        List<String> parts = new ArrayList<>();
        for (Role role : Role.values()) {
            long n = counts.getOrDefault(role, 0L);
            String noun = switch (role) {
                case AGENT -> "agent";
                case TEAM_LEAD -> "team lead";
                case MANAGEMENT -> "manager";
            };
            parts.add(n + " " + noun + (n == 1 ? "" : "s"));
        }
        return String.join(", ", parts);
    }

    /**
     * The Message-ID of a person's mail of the date: the same for the same send, so a mail sent again because its
     * run stopped before recording it can be recognised as a copy; a new one for each forced send.
     */
    private String messageId(String agentId, long sendsBefore) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((date + "|" + agentId + "|" + sendsBefore).getBytes(StandardCharsets.UTF_8));
            return "digest." + date + "." + HexFormat.of().formatHex(hash, 0, 12) + "@indicate";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
