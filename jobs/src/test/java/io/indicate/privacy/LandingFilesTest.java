package io.indicate.privacy;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The landing files still holding an erased caller, requester or agent are listed with how many lines hold them; a
 * rotated gzip is read, a symbolic link and a hidden file are not, and a file without them is not listed.
 */
class LandingFilesTest {
    private final LandingFiles landing = new LandingFiles(new Configuration());

    @Test
    void filesHoldingTheCallerInAnyNotationAreListedWithTheirLineCounts(@TempDir Path dir) throws Exception {
        Path queueLog = Files.createDirectories(dir.resolve("queue_log"));
        Files.writeString(queueLog.resolve("queue_log"), String.join("\n",
                "1773129600|c1|support|NONE|ENTERQUEUE||+46701111111|1",
                "1773129610|c1|support|PJSIP/201|CONNECT|10|b1|1",
                "1773133200|c2|support|NONE|ENTERQUEUE||+46702222222|1",
                "garbled line from 0046 70-111 11 11", ""));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(queueLog.resolve("queue_log.1.gz")))) {
            out.write("1773043200|c0|support|NONE|ENTERQUEUE||+46 70 111 11 11|1\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(queueLog.resolve("queue_log.2"), "1772956800|c9|support|NONE|ENTERQUEUE||+46702222222|1\n");
        Files.writeString(queueLog.resolve(".queue_log.swp"), "1773129600|c1|support|NONE|ENTERQUEUE||+46701111111|1\n");
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "+46701111111\n");
        Files.createSymbolicLink(queueLog.resolve("linked"), elsewhere);

        List<LandingFiles.Holding> found = landing.holding(List.of(queueLog.toString()), LandingFiles.caller("+46 (70) 111-11-11"));

        assertEquals(List.of("queue_log.1.gz: 1", "queue_log: 2"), found.stream()
                .map(h -> Path.of(java.net.URI.create(h.file())).getFileName() + ": " + h.lines()).toList());
    }

    @Test
    void crmPagesHoldingTheRequesterAreListed(@TempDir Path dir) throws Exception {
        Path crm = Files.createDirectories(dir.resolve("crm"));
        Files.writeString(crm.resolve("tickets-1.json"), "{\"tickets\": [\n{\"id\": 1, \"requester_id\": 9001},\n"
                + "{\"id\": 2, \"requester_id\": 90011},\n{\"id\": 3, \"requester_id\": \"9001\"}\n]}\n");
        Files.writeString(crm.resolve("tickets-2.json"), "{\"tickets\": [{\"id\": 4, \"requester_id\": 9002}]}\n");

        List<LandingFiles.Holding> found = landing.holding(List.of(crm.toString()), LandingFiles.requester("9001"));

        assertEquals(1, found.size());
        assertEquals(2L, found.get(0).lines(), "tickets 1 and 3; 90011 is someone else");
    }

    @Test
    void rostersQueueLogsAndCrmPagesNamingTheAgentAreListed(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("landing"));
        Files.writeString(folder.resolve("roster.csv"), String.join("\n",
                "agent_id,login,full_name,email,telephony_id,crm_user_id,team_id,team_name,team_lead_login,role,valid_from",
                "AGT-ZQ7,zelda.quist,Zelda Quist,zelda.quist@example.com,PJSIP/7345,88123,T1,Team North,lead.one,agent,2025-01-01",
                "A2,bo.two,Bo Two,b2@example.com,PJSIP/202,202,T1,Team North,zelda.quist,agent,2025-01-01",
                "A3,cia,Cia Lund,cia@example.com,PJSIP/203,203,T1,Team North,lead.one,agent,2025-01-01", ""));
        Files.writeString(folder.resolve("queue_log"), String.join("\n",
                "1773129610|c1|support|PJSIP/7345|CONNECT|10|b1|1",
                "1773129610|c2|support|PJSIP/202|CONNECT|7345|b2|1",
                "1773129610|c3|support|PJSIP/73456|CONNECT|10|b3|1", ""));
        Files.writeString(folder.resolve("tickets.json"), "{\"tickets\": [\n{\"id\": 1, \"assignee_id\": 88123},\n"
                + "{\"id\": 2, \"assignee_id\": 881234},\n{\"id\": 3, \"assignee_id\": \"88123\"}\n]}\n");
        Erasure.AgentIdentity zelda = new Erasure.AgentIdentity(
                java.util.Set.of("AGT-ZQ7", "zelda.quist", "Zelda Quist", "zelda.quist@example.com", "PJSIP/7345"), java.util.Set.of("88123"));

        List<LandingFiles.Holding> found = landing.holding(List.of(folder.toString()), LandingFiles.agent(zelda));

        assertEquals(List.of("queue_log: 1", "roster.csv: 2", "tickets.json: 2"), found.stream()
                .map(h -> Path.of(java.net.URI.create(h.file())).getFileName() + ": " + h.lines()).sorted().toList(),
                "her row and the row naming her as lead; her member, not 7345 as a number or PJSIP/73456; her assignee id, not 881234");
    }
}
