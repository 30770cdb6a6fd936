package io.indicate.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.indicate.roster.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The CRM and the PBX's CDR of the simulated contact centre, for the same agents as the roster: per local day
 * Zendesk incremental-export pages ({@code crm/tickets-YYYYMMDD.json}, {@code ticket_metrics-...},
 * {@code satisfaction_ratings-...}, SOURCES.md §3) and the agents' outbound calls in {@code cdr/Master.csv}
 * (§2). Each agent has a steady pace and a steady share of good ratings, so CSAT differs between agents.
 * Some tickets appear twice (opened, then solved), some are reopened, some ratings change from bad to good.
 */
final class CrmAndCdrSample {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter FILE_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter PBX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] CHANNELS = {"email", "web", "api", "chat"};

    /** An agent's steady habits. */
    private record Habits(double ticketsPerDay, double goodShare, double outboundPerDay) {}

    private final LocalDays days;
    private final SplittableRandom rng;
    private long nextTicketId = 100_000;
    private long nextRatingId = 900_000;

    CrmAndCdrSample(LocalDays days, SplittableRandom rng) {
        this.days = days;
        this.rng = rng;
    }

    /** Writes the files (replacing those of an earlier run) and returns them. */
    List<Path> write(Organisation organisation, Path outDir) throws IOException {
        Path crm = cleared(outDir.resolve("crm"));
        Path cdr = cleared(outDir.resolve("cdr"));
        Map<String, Organisation.Person> agents = new LinkedHashMap<>();
        Map<String, Habits> habits = new LinkedHashMap<>();
        for (Organisation.Assignment a : organisation.roster()) {
            Organisation.Person p = a.person();
            if (p.role() == Role.AGENT && !agents.containsKey(p.agentId())) {
                agents.put(p.agentId(), p);
                habits.put(p.agentId(), new Habits(4 + rng.nextDouble() * 8, 0.55 + rng.nextDouble() * 0.4, 0.5 + rng.nextDouble() * 4));
            }
        }
        List<Path> files = new ArrayList<>();
        StringBuilder cdrLines = new StringBuilder();
        for (int day = 0; day < days.count(); day++) {
            ArrayNode tickets = JSON.createArrayNode();
            ArrayNode metrics = JSON.createArrayNode();
            ArrayNode ratings = JSON.createArrayNode();
            double weekendFactor = days.isWeekend(day) ? 0.3 : 1.0;
            for (Organisation.Person agent : agents.values()) {
                Habits h = habits.get(agent.agentId());
                int solved = count(h.ticketsPerDay() * weekendFactor);
                for (int i = 0; i < solved; i++) ticket(day, agent, h, tickets, metrics, ratings);
                if (agent.telephonyId() != null) {
                    int outbound = count(h.outboundPerDay() * weekendFactor);
                    for (int i = 0; i < outbound; i++) cdrLines.append(outboundCall(day, agent)).append('\n');
                }
            }
            String stamp = FILE_DAY.format(days.date(day));
            files.add(page(crm.resolve("tickets-" + stamp + ".json"), "tickets", tickets, day));
            files.add(page(crm.resolve("ticket_metrics-" + stamp + ".json"), "ticket_metrics", metrics, day));
            files.add(page(crm.resolve("satisfaction_ratings-" + stamp + ".json"), "satisfaction_ratings", ratings, day));
        }
        Path master = cdr.resolve("Master.csv");
        Files.writeString(master, cdrLines, StandardCharsets.UTF_8);
        files.add(master);
        return files;
    }

    private int count(double mean) {
        return Math.max(0, (int) StrictMath.round(mean + Randoms.gaussian(rng) * StrictMath.sqrt(mean)));
    }

    private long localTime(int day, double fromHour, double toHour) {
        long start = days.epochAt(day, LocalTime.of(0, 0).plusSeconds((long) (fromHour * 3600)));
        return start + (long) (rng.nextDouble() * (toHour - fromHour) * 3600);
    }

    private void ticket(int day, Organisation.Person agent, Habits h, ArrayNode tickets, ArrayNode metrics, ArrayNode ratings) {
        long id = nextTicketId++;
        long solvedAt = localTime(day, 8, 17);
        long createdAt = solvedAt - 600 - (long) Randoms.exponential(rng, 20 * 3600);
        long replyMin = 1 + (long) Randoms.exponential(rng, 90);
        long resolutionMin = Math.max(replyMin, (solvedAt - createdAt) / 60);
        boolean reopened = rng.nextDouble() < 0.08;
        String channel = CHANNELS[rng.nextInt(CHANNELS.length)];
        long requester = 5_000_000L + rng.nextInt(900_000);
        if (rng.nextDouble() < 0.5) tickets.add(ticketVersion(id, agent, "open", channel, requester, createdAt, createdAt + 60));
        tickets.add(ticketVersion(id, agent, "solved", channel, requester, createdAt, solvedAt));

        ObjectNode m = JSON.createObjectNode();
        m.put("id", id + 7_000_000);
        m.put("ticket_id", id);
        m.putObject("reply_time_in_minutes").put("calendar", replyMin).put("business", replyMin);
        m.putObject("full_resolution_time_in_minutes").put("calendar", resolutionMin).put("business", resolutionMin);
        m.put("reopens", reopened ? 1 : 0);
        m.put("replies", 1 + rng.nextInt(4) + (reopened ? 1 : 0));
        m.put("solved_at", iso(solvedAt));
        m.put("created_at", iso(createdAt));
        m.put("updated_at", iso(solvedAt));
        metrics.add(m);

        if (rng.nextDouble() < 0.6) {
            long ratedAt = solvedAt + 300 + rng.nextInt(3 * 3600);
            boolean good = rng.nextDouble() < h.goodShare();
            long ratingId = nextRatingId++;
            if (good && rng.nextDouble() < 0.1) ratings.add(rating(ratingId, id, agent, "bad", ratedAt, ratedAt));
            ratings.add(rating(ratingId, id, agent, good ? "good" : "bad", ratedAt, ratedAt + (good ? 1800 : 0)));
        }
    }

    private static ObjectNode ticketVersion(long id, Organisation.Person agent, String status, String channel, long requester,
                                            long createdAt, long updatedAt) {
        ObjectNode t = JSON.createObjectNode();
        t.put("id", id);
        t.put("created_at", iso(createdAt));
        t.put("updated_at", iso(updatedAt));
        t.put("status", status);
        t.put("assignee_id", Long.parseLong(agent.crmUserId()));
        t.put("requester_id", requester);
        t.put("group_id", 360_000_001L);
        t.putObject("via").put("channel", channel);
        t.putArray("tags").add("sample");
        return t;
    }

    private static ObjectNode rating(long id, long ticketId, Organisation.Person agent, String score, long createdAt, long updatedAt) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        r.put("ticket_id", ticketId);
        r.put("assignee_id", Long.parseLong(agent.crmUserId()));
        r.put("score", score);
        r.put("created_at", iso(createdAt));
        r.put("updated_at", iso(updatedAt));
        return r;
    }

    /** One Master.csv line: the agent dials out from their own extension (the part of the telephony id after '/'). */
    private String outboundCall(int day, Organisation.Person agent) {
        String extension = agent.telephonyId().substring(agent.telephonyId().lastIndexOf('/') + 1);
        long start = localTime(day, 9, 16);
        double outcome = rng.nextDouble();
        String disposition = outcome < 0.75 ? "ANSWERED" : outcome < 0.9 ? "NO ANSWER" : "BUSY";
        long ring = 3 + rng.nextInt(20);
        long billsec = disposition.equals("ANSWERED") ? 10 + (long) Randoms.exponential(rng, 180) : 0;
        long end = start + ring + billsec;
        String dst = "+4670" + (1_000_000 + rng.nextInt(8_999_999));
        String channelId = String.format("%08x", start & 0xffffffffL);
        List<String> f = List.of("", extension, dst, "from-internal", "\"" + agent.fullName() + "\" <" + extension + ">",
                "PJSIP/" + extension + "-" + channelId, "PJSIP/trunk-" + channelId, "Dial", "PJSIP/" + dst + "@trunk,60",
                pbx(start), disposition.equals("ANSWERED") ? pbx(start + ring) : "", pbx(end),
                String.valueOf(ring + billsec), String.valueOf(billsec), disposition, "DOCUMENTATION", start + "." + extension, "");
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < f.size(); i++) {
            if (i > 0) line.append(',');
            boolean number = i == 12 || i == 13;
            line.append(number ? f.get(i) : "\"" + f.get(i).replace("\"", "\"\"") + "\"");
        }
        return line.toString();
    }

    private String pbx(long epoch) {
        return PBX_TIME.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(epoch), days.zone()));
    }

    private static String iso(long epoch) {
        return Instant.ofEpochSecond(epoch).toString();
    }

    private Path page(Path file, String key, ArrayNode records, int day) {
        ObjectNode p = JSON.createObjectNode();
        p.set(key, records);
        p.put("after_cursor", key + "-" + FILE_DAY.format(days.date(day)));
        p.put("end_of_stream", day == days.count() - 1);
        try {
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(p) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static Path cleared(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.delete(f);
        }
        return dir;
    }
}
