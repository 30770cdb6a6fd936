package io.indicate.digest;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.indicate.cli.IndicateCli;
import io.indicate.privacy.Erasure;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.WarehouseLock;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code indicate digest} against a real SMTP server (GreenMail, started by the test) on a small warehouse whose
 * numbers are worked out here.
 *
 * <p>Roster: team T1 "Team North" led by lead.one (Lea One): anna.one (Anna One), bo.two (Bo Two); team T2 "Team
 * South" led by lead.two (Lou Two): cy.three (Cy Three), di.four (Di Four, no e-mail address), ed.five (Ed Five, an
 * address that is not one), fay.six (Fay Six, left on 2026-03-01); mia.boss (Mia Boss), management. From 02-09 to
 * 02-12 each agent answers every day the same calls, each completed after the same talk time, so their AHT is their
 * own: anna 5 calls of 100 s (1:40), bo 3 of 130 s (2:10), cy 7 of 170 s (2:50), di 2 of 220 s (3:40), fay 4 of 250 s
 * (4:10). On 02-13 only ed.five works: one call of 280 s (4:40).
 *
 * <p>Goals: the organisation's AHT at most 200 s; calls answered at least 4 for T1 and at least 6 for T2; anna's own
 * at least 5. So on 02-12: anna meets both, bo misses calls, cy meets both, di and fay miss both: 5 of the agents'
 * 10 goals met (AHT 3 of 5, calls 2 of 5). A team's calls are per active agent: T1 meets both its goals (8 calls of 2
 * agents: 4, AHT 1:51), T2 neither (13 calls of 3 agents: 4.3, AHT 3:22): 2 of 4.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DigestTest {
    private static final String PASSWORD_ENV = "INDICATE_TEST_SMTP_PASSWORD";
    private static final String PASSWORD = java.util.Objects.requireNonNull(System.getenv(PASSWORD_ENV),
            PASSWORD_ENV + " is not set: run the test through Maven (jobs/pom.xml sets it)");
    private static final String DAY = "2026-02-12";
    private static final String CRASH_DAY = "2026-02-11";
    private static final String BROKEN_ADDRESS_DAY = "2026-02-13";
    /** Sent while another thread holds the writer lock, then again (forced) after waiting for the digest lock. */
    private static final String WRITER_HELD_DAY = "2026-02-09";
    private static final String DASHBOARDS = "https://insights.example.test";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("digest@example.test", "digest", PASSWORD))
            .withPerMethodLifecycle(false);

    /** Who is who: login, full name, e-mail, the agent's AHT on the days they work (null: not an agent). */
    private record Who(String login, String name, String email, String aht) {}

    private static final Who ANNA = new Who("anna.one", "Anna One", "anna.one@example.test", "1:40");
    private static final Who BO = new Who("bo.two", "Bo Two", "bo.two@example.test", "2:10");
    private static final Who CY = new Who("cy.three", "Cy Three", "cy.three@example.test", "2:50");
    private static final Who DI = new Who("di.four", "Di Four", null, "3:40");
    private static final Who ED = new Who("ed.five", "Ed Five", "ed five@@example.test", "4:40");
    private static final Who FAY = new Who("fay.six", "Fay Six", "fay.six@example.test", "4:10");
    private static final Who LEAD_ONE = new Who("lead.one", "Lea One", "lead.one@example.test", null);
    private static final Who LEAD_TWO = new Who("lead.two", "Lou Two", "lead.two@example.test", null);
    private static final Who BOSS = new Who("mia.boss", "Mia Boss", "mia.boss@example.test", null);
    private static final List<Who> EVERYONE = List.of(ANNA, BO, CY, DI, ED, FAY, LEAD_ONE, LEAD_TWO, BOSS);
    /** Whose numbers and names each person may see: themselves, and a lead their teams' agents. */
    private static final Map<Who, List<Who>> MAY_SEE = Map.of(
            LEAD_ONE, List.of(LEAD_ONE, ANNA, BO),
            LEAD_TWO, List.of(LEAD_TWO, CY, DI, ED, FAY));

    TestWarehouse wh;
    private final StringBuilder everyOutput = new StringBuilder();
    private Run first;

    @BeforeAll
    void ingestAndBuild(@TempDir Path dir) throws IOException {
        wh = new TestWarehouse(dir);
        Path roster = wh.roster(
                "A1,anna.one,Anna One,anna.one@example.test,PJSIP/201,,T1,Team North,lead.one,agent,2025-01-01",
                "A2,bo.two,Bo Two,bo.two@example.test,PJSIP/202,,T1,Team North,lead.one,agent,2025-01-01",
                "A3,cy.three,Cy Three,cy.three@example.test,PJSIP/203,,T2,Team South,lead.two,agent,2025-01-01",
                "A4,di.four,Di Four,,PJSIP/204,,T2,Team South,lead.two,agent,2025-01-01",
                "A5,ed.five,Ed Five,ed five@@example.test,PJSIP/205,,T2,Team South,lead.two,agent,2025-01-01",
                "A6,fay.six,Fay Six,fay.six@example.test,PJSIP/206,,T2,Team South,lead.two,agent,2025-01-01",
                "A6,fay.six,,,,,,,,left,2026-03-01",
                "L1,lead.one,Lea One,lead.one@example.test,,,T1,Team North,lead.one,team_lead,2025-01-01",
                "L2,lead.two,Lou Two,lead.two@example.test,,,T2,Team South,lead.two,team_lead,2025-01-01",
                "M1,mia.boss,Mia Boss,mia.boss@example.test,,,,,,management,2025-01-01");
        QueueLogLines lines = QueueLogLines.stockholm();
        for (String day : List.of("2026-02-09", "2026-02-10", CRASH_DAY, DAY)) {
            lines.answeredCalls("PJSIP/201", day, 5, 100)
                    .answeredCalls("PJSIP/202", day, 3, 130)
                    .answeredCalls("PJSIP/203", day, 7, 170)
                    .answeredCalls("PJSIP/204", day, 2, 220)
                    .answeredCalls("PJSIP/206", day, 4, 250);
        }
        lines.answeredCalls("PJSIP/205", BROKEN_ADDRESS_DAY, 1, 280);
        wh.write("ql", "queue_log", lines.content());
        wh.ingest(roster, wh.folder("ql"));
        Path goals = wh.write("goals", "goals.csv", "scope,scope_id,kpi,direction,value,valid_from,set_by\n"
                + "organisation,,aht_s,lower,200,2026-01-01,mia.boss\n"
                + "team,T1,calls_answered,higher,4,2026-01-01,lead.one\n"
                + "team,T2,calls_answered,higher,6,2026-01-01,lead.two\n"
                + "agent,A1,calls_answered,higher,5,2026-02-01,anna.one\n");
        wh.ingestGoals(goals);
        wh.build();
        first = digest(DAY);
    }

    @Test
    @Order(1)
    void eachPersonWithAnAddressGetsExactlyOneMailOfTheirOwnDay() throws Exception {
        assertEquals(0, first.exit(), first.output());
        List<Received> mails = received(DAY);
        assertEquals(List.of(ANNA.email(), BO.email(), CY.email(), LEAD_ONE.email(), LEAD_TWO.email(), BOSS.email()),
                mails.stream().map(Received::to).sorted().toList());

        String anna = mailTo(mails, ANNA).text();
        assertTrue(anna.startsWith("Hello Anna One,"), anna);
        assertTrue(anna.matches("(?s).*Calls answered\\s+5\\s+at least 5\\s+met\\s+4 days.*"), "her own goal, met 4 days running:\n" + anna);
        assertTrue(anna.matches("(?s).*AHT\\s+1:40\\s+at most 3:20\\s+met\\s+4 days\\s+\\+0:00.*"), anna);
        assertTrue(anna.contains("Your day: 5 calls answered, AHT 1:40"), anna);
        assertTrue(anna.contains(DASHBOARDS + "/superset/dashboard/my-performance/"), anna);
        assertEquals("Your day " + DAY + ": 2 of 2 goals met", mailTo(mails, ANNA).subject());

        String bo = mailTo(mails, BO).text();
        assertTrue(bo.matches("(?s).*Calls answered\\s+3\\s+at least 4\\s+missed\\s+0 days.*"), "the team's goal:\n" + bo);
        assertTrue(mailTo(mails, LEAD_ONE).text().contains(DASHBOARDS + "/superset/dashboard/team/"));
        assertTrue(mailTo(mails, BOSS).text().contains(DASHBOARDS + "/superset/dashboard/organisation/"));
    }

    @Test
    @Order(2)
    void noPersonsMailCarriesAnotherPersonsNumbersOrNames() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Received mail : received(DAY)) {
            Who reader = EVERYONE.stream().filter(w -> mail.to().equals(w.email())).findFirst().orElseThrow();
            List<Who> allowed = MAY_SEE.getOrDefault(reader, List.of(reader));
            for (Who other : EVERYONE) {
                if (allowed.contains(other)) continue;
                for (String mark : Stream.of(other.login(), other.name(), other.email(), other.aht()).filter(m -> m != null).toList()) {
                    if (mail.text().contains(mark) || mail.subject().contains(mark)) leaks.add(reader.login() + "'s mail holds " + mark);
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    @Order(2)
    void aLeadsMailHoldsTheGoalsAndCoachingListOfTheirOwnTeamsOnly() throws Exception {
        String one = mailTo(received(DAY), LEAD_ONE).text();
        assertTrue(one.startsWith("Hello Lea One,"), one);
        assertTrue(one.contains("Team North"), one);
        assertFalse(one.contains("Team South"), one);
        assertTrue(one.matches("(?s).*Calls answered\\s+4\\s+at least 4\\s+met.*"), "the team's day: 5 + 3 calls of 2 agents\n" + one);
        assertTrue(one.contains("A team's calls and tickets are per agent active that day"), one);
        assertTrue(one.contains("""
                Coaching list, the first conversation first:
                  1. bo.two (Bo Two): Calls answered 3, goal at least 4, 1 short (25.0%); missed 4 of the last 4 working days
                """), one);
        assertEquals("Your team " + DAY + ": 1 agent on the coaching list", mailTo(received(DAY), LEAD_ONE).subject());
        String two = mailTo(received(DAY), LEAD_TWO).text();
        assertTrue(two.contains("Team South"), two);
        assertFalse(two.contains("Team North"), two);
        assertTrue(two.matches("(?s).*Calls answered\\s+4\\.3\\s+at least 6\\s+missed.*"), "7 + 2 + 4 calls of 3 agents\n" + two);
        // all missed every day: the larger gap (in percent of the goal) first
        assertTrue(two.contains("""
                Coaching list, the first conversation first:
                  1. di.four (Di Four): Calls answered 2, goal at least 6, 4 short (66.7%); missed 4 of the last 4 working days
                  2. fay.six (Fay Six): Calls answered 4, goal at least 6, 2 short (33.3%); missed 4 of the last 4 working days
                  3. fay.six (Fay Six): AHT 4:10, goal at most 3:20, 0:50 over (25.0%); missed 4 of the last 4 working days
                  4. di.four (Di Four): AHT 3:40, goal at most 3:20, 0:20 over (10.0%); missed 4 of the last 4 working days
                """), two);
    }

    @Test
    @Order(2)
    void theManagersMailHoldsTheOrganisationsGoalAttainment() throws Exception {
        Received boss = mailTo(received(DAY), BOSS);
        assertEquals("The organisation " + DAY + ": 5 of 10 agents' goals met", boss.subject());
        assertTrue(boss.text().contains("Agents' goals met: 5 of 10 (50.0%)"), boss.text());
        assertTrue(boss.text().matches("(?s).*\n  AHT\\s+3 of 5 \\(60\\.0%\\)\n.*"), boss.text());
        assertTrue(boss.text().matches("(?s).*\n  Calls answered\\s+2 of 5 \\(40\\.0%\\)\n.*"), boss.text());
        assertTrue(boss.text().contains("Teams' goals met: 2 of 4 (50.0%)"), boss.text());
        assertTrue(boss.text().contains("Team North") && boss.text().contains("Team South"), boss.text());
    }

    @Test
    @Order(2)
    void aPersonWithoutAnAddressOrWhoLeftIsReportedAndTheOthersAreSent() {
        assertTrue(first.output().contains("not sent   di.four (agent): no e-mail address in the roster row valid on " + DAY), first.output());
        assertTrue(first.output().contains("not sent   fay.six (agent): left on 2026-03-01"), first.output());
        assertTrue(first.output().contains("digest " + DAY + ": 6 sent, 0 failed, 0 sent before, 1 without an address, 1 left, "
                + "1 with nothing to report that day"), "ed.five did not work that day:\n" + first.output());
    }

    @Test
    @Order(3)
    void runningTheSameDateAgainSendsNothing() throws Exception {
        Run again = digest(DAY);
        assertEquals(0, again.exit(), again.output());
        assertEquals(6, received(DAY).size());
        assertTrue(again.output().contains("digest " + DAY + ": 0 sent, 0 failed, 6 sent before"), again.output());
    }

    @Test
    @Order(4)
    void forceSendsEveryoneTheirMailAgain() throws Exception {
        Run forced = digest(DAY, "--force");
        assertEquals(0, forced.exit(), forced.output());
        Map<String, List<Received>> byAddress = received(DAY).stream().collect(Collectors.groupingBy(Received::to, TreeMap::new, Collectors.toList()));
        assertEquals(6, byAddress.size());
        byAddress.forEach((to, mails) -> {
            assertEquals(2, mails.size(), to);
            assertEquals(mails.get(0).text(), mails.get(1).text(), to);
            assertNotEquals(mails.get(0).messageId(), mails.get(1).messageId(), "a forced mail is a new mail: " + to);
        });
        assertEquals(12L, wh.one("select count(*) from meta.digest_log where date_local = DATE'" + DAY + "'").getLong(0));
    }

    @Test
    @Order(5)
    void aMailThatCannotBeSentIsReportedWithTheLoginAndTheRunEndsNonZeroAfterTheOthers() throws Exception {
        Run run = digest(BROKEN_ADDRESS_DAY);
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("FAILED     ed.five (agent): 'ed five@@example.test' is not an e-mail address"), run.output());
        assertEquals(List.of(LEAD_TWO.email(), BOSS.email()), received(BROKEN_ADDRESS_DAY).stream().map(Received::to).sorted().toList(),
                "his lead and the manager still get theirs (T1 had no day: nothing for lead.one)");
    }

    @Test
    @Order(5)
    void aRunThatStopsHalfWaySendsEachPersonExactlyOnceWhenRunAgain() throws Exception {
        try (SmtpMailer smtp = new SmtpMailer(server(), "digest", PASSWORD, "indicate@example.test")) {
            Mailer dyingAfterTwo = new Mailer() {
                private int sent;

                @Override
                public void send(Mail mail) throws Refused {
                    if (sent == 2) throw new IllegalStateException("killed");
                    smtp.send(mail);
                    sent++;
                }

                @Override
                public void close() {}
            };
            assertThrows(IllegalStateException.class, () -> digestOf(CRASH_DAY, dyingAfterTwo));
            assertEquals(2, received(CRASH_DAY).size());
            Digest.Report rerun = digestOf(CRASH_DAY, smtp);
            assertEquals(4, rerun.sent());
            assertEquals(2, rerun.alreadySent().size());
        }
        assertEquals(List.of(ANNA.email(), BO.email(), CY.email(), LEAD_ONE.email(), LEAD_TWO.email(), BOSS.email()),
                received(CRASH_DAY).stream().map(Received::to).sorted().toList());
    }

    @Test
    @Order(5)
    void mailsARunKilledBeforeItsAppendLeftInTheJournalAreAppendedOnceByTheNextRun() throws Exception {
        LocalDate day = LocalDate.parse("2026-01-15"); // a day no other test sends
        Path journal = Path.of(wh.settings().warehouse(), DigestJournal.FILE);
        DigestLog killed = new DigestLog(wh.warehouse());
        killed.recordSent(day, "X1", io.indicate.roster.Role.AGENT, false);
        killed.recordSent(day, "X2", io.indicate.roster.Role.TEAM_LEAD, false);
        // killed here: never closed, so its batch was not appended; the rows are on disk in the journal only
        assertEquals(0L, wh.one("select count(*) from meta.digest_log where date_local = DATE'" + day + "'").getLong(0));
        byte[] written = Files.readAllBytes(journal);
        try (DigestLog next = new DigestLog(wh.warehouse())) {
            assertEquals(Map.of("X1", 1L, "X2", 1L), next.sentOn(day));
        }
        assertEquals(0L, Files.size(journal), "emptied once appended");

        // killed after an append, before it emptied the journal, and in the middle of a third line
        Files.write(journal, (new String(written, StandardCharsets.UTF_8) + day + "\tX3\tag").getBytes(StandardCharsets.UTF_8));
        try (DigestLog next = new DigestLog(wh.warehouse())) {
            assertEquals(Map.of("X1", 1L, "X2", 1L), next.sentOn(day), "appended once; the cut line was no record");
        }
        assertEquals(0L, Files.size(journal));
    }

    @Test
    @Order(5)
    void aDigestSendsWhileARefreshHoldsTheWarehousesWriterLock() throws Exception {
        String day = WRITER_HELD_DAY;
        try (Holder refresh = new Holder(WarehouseLock.Name.WRITER, "refresh")) {
            // --lock-wait 1s: a digest that waited for the writer lock would stop after a second, sending nothing
            Run run = digest(day, "--lock-wait", "1s");
            assertEquals(0, run.exit(), run.output());
            assertFalse(run.output().contains("waiting"), run.output());
            assertEquals(List.of(ANNA.email(), BO.email(), CY.email(), LEAD_ONE.email(), LEAD_TWO.email(), BOSS.email()),
                    received(day).stream().map(Received::to).sorted().toList());
        }
    }

    @Test
    @Order(6)
    void aSecondDigestStopsWhileAnotherSendsOrWaitsForItToEnd() throws Exception {
        String day = WRITER_HELD_DAY; // sent once above; --force sends it again
        CompletableFuture<Run> waiting;
        try (Holder other = new Holder(WarehouseLock.Name.DIGEST, "digest")) {
            Run busy = digest(day, "--force", "--lock-wait", "1s");
            assertEquals(1, busy.exit(), busy.output());
            assertTrue(busy.output().contains("digest: the digest lock of the warehouse " + wh.settings().warehouse()
                    + " is held by digest in this process; waited 1 s (--lock-wait)"), busy.output());

            waiting = CompletableFuture.supplyAsync(() -> digest(day, "--force"), THREAD);
            awaitOutput("digest: waiting for the digest lock, held by digest in this process");
            assertEquals(6, received(day).size(), "nothing is sent while the other digest runs");
        }
        Run run = waiting.get(2, TimeUnit.MINUTES);
        assertEquals(0, run.exit(), run.output());
        assertEquals(12, received(day).size(), run.output());
    }

    @Test
    @Order(6)
    void forgetWaitsForARunningDigestHoldingTheWriterLockMeanwhile() throws Exception {
        // a mail a killed digest journaled and did not append: forget appends it before it re-keys the log
        Path journal = Path.of(wh.settings().warehouse(), DigestJournal.FILE);
        Files.writeString(journal, "2026-01-16\tX9\tagent\tfalse\t1768550400000000\n");
        CompletableFuture<Run> forget;
        try (Holder digest = new Holder(WarehouseLock.Name.DIGEST, "digest")) {
            forget = CompletableFuture.supplyAsync(() -> run("forget", "--warehouse", wh.settings().warehouse(), "--caller", "+46701234567"), THREAD);
            awaitOutput("forget: waiting for the digest lock, held by digest in this process");
            // the writer lock first, then the digest lock: while it waits for the digest, no other writer starts
            assertThrows(WarehouseLock.BusyException.class,
                    () -> WarehouseLock.acquire(wh.settings().warehouse(), "build", Duration.ZERO, m -> { }).close());
        }
        Run run = forget.get(2, TimeUnit.MINUTES);
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("forget: 0 row(s) removed or re-keyed"), run.output());
        assertEquals(1L, wh.one("select count(*) from meta.digest_log where agent_id = 'X9' and date_local = DATE'2026-01-16'").getLong(0));
        assertEquals(0L, Files.size(journal));
    }

    @Test
    @Order(6)
    void thePasswordNeverAppearsInTheOutputNorInAFailedLogin() {
        Run wrongUser = digestAs("intruder", "2026-02-10");
        assertEquals(1, wrongUser.exit(), wrongUser.output());
        assertTrue(wrongUser.output().contains("refused the login of user 'intruder'"), wrongUser.output());
        Run onTheCommandLine = run("digest", "--warehouse", wh.settings().warehouse(), "--date", DAY, "--smtp-url", "smtp://127.0.0.1:1",
                "--from", "indicate@example.test", "--dashboard-url", DASHBOARDS, "--password", "typed-" + PASSWORD);
        assertEquals(2, onTheCommandLine.exit(), onTheCommandLine.output());
        assertTrue(onTheCommandLine.output().contains("--password is not accepted"), onTheCommandLine.output());
        Run inTheUrl = run("digest", "--warehouse", wh.settings().warehouse(), "--date", DAY, "--smtp-url",
                "smtp://digest:" + PASSWORD + "@127.0.0.1:1", "--from", "indicate@example.test", "--dashboard-url", DASHBOARDS);
        assertEquals(1, inTheUrl.exit(), inTheUrl.output());
        assertTrue(inTheUrl.output().contains("--smtp-url may not hold a user or password"), inTheUrl.output());

        assertTrue(PASSWORD != null && PASSWORD.length() > 8, "the test's password comes from " + PASSWORD_ENV + " (jobs/pom.xml)");
        assertFalse(everyOutput.toString().contains(PASSWORD), "a password in the output:\n" + everyOutput);
    }

    @Test
    @Order(7)
    void forgettingAnAgentKeepsTheMailsTheyWereSentRecordedUnderTheirAnonymousId() {
        String sent = "select count(*) from meta.digest_log where agent_id = ";
        assertEquals(5L, wh.one(sent + "'A1'").getLong(0), "02-12 and 02-09 twice (forced), 02-11 once");
        new Erasure(wh.warehouse(), wh.pseudonymiser()).forgetAgent("A1", wh.settings().zone());
        assertEquals(0L, wh.one(sent + "'A1'").getLong(0));
        assertEquals(5L, wh.one("select count(*) from meta.digest_log where agent_id like 'erased-%'").getLong(0));
    }

    // ---- running the digest ----

    private record Run(int exit, String output) {}

    private Run digest(String day, String... more) {
        return digestAs("digest", day, more);
    }

    /** {@code indicate digest} of {@code day} through the test's server, logging in as {@code user}. */
    private Run digestAs(String user, String day, String... more) {
        List<String> args = new ArrayList<>(List.of("digest", "--warehouse", wh.settings().warehouse(), "--date", day,
                "--smtp-url", "smtp://127.0.0.1:" + SMTP.getSmtp().getPort(), "--from", "indicate@example.test",
                "--user", user, "--password-env", PASSWORD_ENV, "--dashboard-url", DASHBOARDS));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** Runs each task on a thread of its own (the common pool may have a single thread, which a lock holder would block). */
    private static final java.util.concurrent.Executor THREAD = task -> {
        Thread t = new Thread(task, "digest-test");
        t.setDaemon(true);
        t.start();
    };

    /** What the CLI run now has printed so far (for a run in another thread). */
    private volatile ByteArrayOutputStream live = new ByteArrayOutputStream();

    /** The CLI in this JVM, with what it prints to standard output and error captured (and kept for the password check). */
    private Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        live = captured;
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        int exit;
        try {
            exit = IndicateCli.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        everyOutput.append(output);
        out.print(output);
        return new Run(exit, output);
    }

    /** Waits until the CLI run in another thread has printed {@code text} (a minute at most). */
    private void awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!live.toString(StandardCharsets.UTF_8).contains(text)) {
            assertTrue(System.nanoTime() < deadline, "not printed within a minute: " + text + "\n" + live.toString(StandardCharsets.UTF_8));
            Thread.sleep(50);
        }
    }

    /** One of the warehouse's locks, held by another thread of this JVM as {@code step} until closed. */
    private final class Holder implements AutoCloseable {
        private final CountDownLatch release = new CountDownLatch(1);
        private final CompletableFuture<Void> thread;

        Holder(WarehouseLock.Name name, String step) throws InterruptedException {
            CountDownLatch held = new CountDownLatch(1);
            thread = CompletableFuture.runAsync(() -> {
                try (WarehouseLock lock = WarehouseLock.acquire(wh.settings().warehouse(), name, step, Duration.ZERO, m -> { })) {
                    held.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, THREAD);
            assertTrue(held.await(10, TimeUnit.SECONDS), step + " took the lock");
        }

        @Override
        public void close() throws Exception {
            release.countDown();
            thread.get(10, TimeUnit.SECONDS);
        }
    }

    private Digest.Report digestOf(String day, Mailer mailer) {
        return Digest.of(wh.warehouse(), LocalDate.parse(day)).today(LocalDate.parse("2026-12-04")).mailer(mailer)
                .dashboards(new Dashboards(URI.create(DASHBOARDS))).build().run();
    }

    private SmtpServer server() {
        return SmtpServer.parse("smtp://127.0.0.1:" + SMTP.getSmtp().getPort());
    }

    // ---- what the server received ----

    private record Received(String to, String subject, String text, String messageId) {}

    /** The mails about {@code day} the server holds, as their recipients read them. */
    private static List<Received> received(String day) throws MessagingException, IOException {
        List<Received> mails = new ArrayList<>();
        for (MimeMessage m : SMTP.getReceivedMessages()) {
            if (!m.getSubject().contains(day)) continue;
            assertEquals(1, m.getAllRecipients().length);
            mails.add(new Received(m.getAllRecipients()[0].toString(), m.getSubject(), ((String) m.getContent()).replace("\r\n", "\n"),
                    m.getMessageID()));
        }
        return mails;
    }

    private static Received mailTo(List<Received> mails, Who who) {
        List<Received> theirs = mails.stream().filter(m -> m.to().equals(who.email())).toList();
        assertEquals(1, theirs.size(), "mails to " + who.login() + ": " + theirs);
        return theirs.get(0);
    }
}
