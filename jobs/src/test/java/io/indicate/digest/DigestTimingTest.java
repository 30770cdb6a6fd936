package io.indicate.digest;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.indicate.generate.SampleDataGenerator;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How long the digest of one day takes for a generated contact centre ({@link SampleDataGenerator}: the
 * {@code indicate.digest.agents} system property, default 200 agents, plus their team leads and a manager), against
 * a real SMTP server (GreenMail): prints the mails sent, the seconds and the seconds per mail, and checks that every
 * person was sent exactly one mail, recorded once in {@code meta.digest_log}. Tagged {@code large}: not in
 * {@code bin/test}; run it with {@code ./mvnw -pl jobs -am test -Dtest=DigestTimingTest -Dgroups=large,warehouse
 * -Dtest.excludedGroups=none} (add {@code -Dindicate.digest.agents=N} for another size).
 */
@Tag("large")
@WarehouseTest
class DigestTimingTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    private static final LocalDate START = LocalDate.of(2026, 2, 9);
    /** The second generated day, a Tuesday: the digest's day. */
    private static final LocalDate DAY = START.plusDays(1);

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void theDigestOfAGeneratedCentreSendsEachPersonOneMailRecordedOnce(@TempDir Path dir) throws Exception {
        int agents = Integer.getInteger("indicate.digest.agents", 200);
        SampleDataGenerator.builder().agents(agents).days(2).start(START).zone(ZONE).seed(11).build().generate(dir.resolve("sample"));
        TestWarehouse wh = new TestWarehouse(dir.resolve("warehouse"));
        wh.ingest(dir.resolve("sample/roster.csv"), dir.resolve("sample/queue_log"));
        wh.ingestGoals(dir.resolve("sample/goals.csv"));
        wh.build();

        Digest.Report report;
        try (SmtpMailer smtp = new SmtpMailer(SmtpServer.parse("smtp://127.0.0.1:" + SMTP.getSmtp().getPort()), null, null,
                "indicate@example.test")) {
            report = Digest.of(wh.warehouse(), DAY).today(DAY.plusDays(1)).mailer(smtp)
                    .dashboards(new Dashboards(URI.create("https://insights.example.test"))).build().run();
        }
        System.out.printf(Locale.ROOT, "DigestTimingTest: %d agents generated, %d mails sent in %.1f s (%.3f s per mail)%n",
                agents, report.sent(), report.seconds(), report.seconds() / Math.max(1, report.sent()));

        assertEquals(Map.of(), report.failed());
        assertTrue(report.sent() > agents / 2, "most generated agents worked on " + DAY + ": " + report);
        Map<String, Long> mailsPerAddress = Arrays.stream(SMTP.getReceivedMessages())
                .collect(Collectors.groupingBy(DigestTimingTest::to, Collectors.counting()));
        assertEquals(report.sent(), mailsPerAddress.size());
        assertEquals(Map.of(), mailsPerAddress.entrySet().stream().filter(e -> e.getValue() != 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "addresses sent more than one mail");
        assertEquals(report.sent(), wh.one("select count(*) from meta.digest_log where date_local = DATE'" + DAY + "'").getLong(0));
        assertEquals(report.sent(), wh.one("select count(distinct agent_id) from meta.digest_log where date_local = DATE'" + DAY + "'").getLong(0));
    }

    private static String to(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
