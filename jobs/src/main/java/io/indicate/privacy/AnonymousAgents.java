package io.indicate.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.indicate.ingest.SourceFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.indicate.privacy.ErasedSubjects.Kind;

/**
 * How a record naming an erased agent is re-keyed: each of their identifiers it holds is replaced by their
 * anonymous id ({@code meta.erased_subject.replaced_by}), so the record still counts for their team, their queue
 * and the organisation, and no longer says who they were. {@code forget --agent} applies these rules to what the
 * warehouse holds and every later ingest to what arrives, before it is parsed and stored: the same text gives the
 * same re-keyed text, so a re-delivered line is still a duplicate. A record naming no erased agent is returned
 * unchanged (the same instance). Identifiers that pass from one person to the next (a telephony member, an
 * extension, a login) are replaced only on the dates they were the erased agent's.
 */
public final class AnonymousAgents implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** queue_log events whose data1 is the member's channel or interface. */
    private static final Set<String> MEMBER_DATA_EVENTS = Set.of("AGENTLOGIN", "AGENTLOGOFF", "ADDMEMBER", "REMOVEMEMBER");
    private static final CSVFormat CDR_CSV = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL).setRecordSeparator("").build();
    private static final int SRC = 1;
    private static final int DST = 2;
    private static final int CLID = 4;
    private static final int CHANNEL = 5;
    private static final int DSTCHANNEL = 6;
    /** The pieces of a free text (a quarantined line, a CSV row, a JSON record) an identifier may be one of. */
    static final Pattern PIECE = Pattern.compile("[^|,\"<>:{}\\[\\]\\t\\n]+");
    private static final List<Kind> TEXT_KINDS = List.of(Kind.AGENT, Kind.LOGIN, Kind.NAME, Kind.EMAIL, Kind.MEMBER);

    private final ErasedSubjects erased;
    private final ZoneId zone;

    /** {@code zone}: where a queue_log epoch's local date is read, the dates the registry's validity is in. */
    public AnonymousAgents(ErasedSubjects erased, ZoneId zone) {
        this.erased = erased;
        this.zone = zone;
    }

    /** Whether there is anyone to re-key: when not, every method returns its input. */
    public boolean active() {
        return erased.hasAgents();
    }

    /** A queue_log line: the member field, and data1 of the events naming the member's interface. */
    public String queueLogLine(String line, long epoch) {
        if (!active() || line == null) return line;
        String[] f = line.split("\\|", -1);
        if (f.length < 5) return line;
        LocalDate day = Instant.ofEpochSecond(epoch).atZone(zone).toLocalDate();
        boolean changed = replace(f, 3, Kind.MEMBER, day);
        if (f.length > 5 && MEMBER_DATA_EVENTS.contains(f[4])) changed |= replace(f, 5, Kind.MEMBER, day);
        return changed ? String.join("|", f) : line;
    }

    /**
     * A CDR line of the given (parsed) fields, started on that local date: its src and dst when an erased
     * agent's extension, the caller id of a call from it (their name), and channels of their member; the line is
     * written again as quoted CSV.
     */
    public String cdrLine(String line, List<String> fields, LocalDate startDate) {
        if (!active() || line == null) return line;
        String[] f = fields.toArray(new String[0]);
        String fromAgent = extension(f[SRC], startDate);
        boolean changed = false;
        if (fromAgent != null) {
            f[SRC] = fromAgent;
            f[CLID] = "\"" + fromAgent + "\" <" + fromAgent + ">";
            changed = true;
        }
        String toAgent = extension(f[DST], startDate);
        if (toAgent != null) {
            f[DST] = toAgent;
            changed = true;
        }
        changed |= replaceChannel(f, CHANNEL, startDate) | replaceChannel(f, DSTCHANNEL, startDate);
        if (!changed) return line;
        int columns = f.length;
        while (columns > 18 && f[columns - 1] == null) columns--;
        return CDR_CSV.format((Object[]) Arrays.copyOf(f, columns));
    }

    /** A CRM ticket or rating record: its {@code assignee_id} when an erased agent's CRM user. Changes the node. */
    public boolean crmRecord(JsonNode record) {
        if (!active() || !(record instanceof ObjectNode o) || o.get("assignee_id") == null || o.get("assignee_id").isContainerNode()) {
            return false;
        }
        String anonymous = erased.replacement(Kind.CRM_USER, o.get("assignee_id").asText(), null);
        if (anonymous == null) return false;
        o.put("assignee_id", anonymous);
        return true;
    }

    /** A stored CRM record's JSON text, re-keyed as {@link #crmRecord}; unchanged when it is not JSON or names nobody. */
    public String crmJson(String json) {
        if (!active() || json == null) return json;
        try {
            JsonNode node = JSON.readTree(json);
            return crmRecord(node) ? node.toString() : json;
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    /** An assignee id: their anonymous id when an erased agent's CRM user, else unchanged. */
    public String crmUser(String assigneeId) {
        if (!active()) return assigneeId;
        String anonymous = erased.replacement(Kind.CRM_USER, assigneeId, null);
        return anonymous == null ? assigneeId : anonymous;
    }

    /**
     * A roster row (column to value, in the roster's column order): an erased agent's own rows keep only their team,
     * role and dates (agent_id, login, telephony_id, crm_user_id become their anonymous id, name and e-mail empty);
     * another agent's row naming them as team lead (on a date the login was theirs) names the anonymous id instead.
     */
    public Map<String, String> rosterRow(Map<String, String> row) {
        if (!active()) return row;
        LocalDate day = date(row.get("valid_from"));
        Map<String, String> out = new LinkedHashMap<>(row);
        boolean changed = false;
        String anonymous = erased.replacement(Kind.AGENT, row.get("agent_id"), null);
        if (anonymous != null) {
            out.put("agent_id", anonymous);
            out.put("login", anonymous);
            out.put("full_name", "");
            out.put("email", "");
            if (!isBlank(row.get("telephony_id"))) out.put("telephony_id", anonymous);
            if (!isBlank(row.get("crm_user_id"))) out.put("crm_user_id", anonymous);
            changed = true;
        }
        String lead = erased.replacement(Kind.LOGIN, row.get("team_lead_login"), day);
        if (lead != null) {
            out.put("team_lead_login", lead);
            changed = true;
        }
        return changed ? out : row;
    }

    /**
     * A goals row (column to value, in the goals file's column order): an erased agent's personal goal names their
     * anonymous id as scope_id, and a goal set by them (on a date the login was theirs) names it as set_by, so their
     * goals stay attached to their anonymous days and say no longer whose they were.
     */
    public Map<String, String> goalRow(Map<String, String> row) {
        if (!active()) return row;
        Map<String, String> out = new LinkedHashMap<>(row);
        boolean changed = false;
        String agent = "agent".equals(row.get("scope")) ? erased.replacement(Kind.AGENT, row.get("scope_id"), null) : null;
        if (agent != null) {
            out.put("scope_id", agent);
            changed = true;
        }
        String setBy = erased.replacement(Kind.LOGIN, row.get("set_by"), date(row.get("valid_from")));
        if (setBy != null) {
            out.put("set_by", setBy);
            changed = true;
        }
        return changed ? out : row;
    }

    /** A roster row's key: the SHA-256 of its values in column order (an empty or missing value as empty). */
    public static String rosterRowHash(Map<String, String> row) {
        return SourceFiles.sha256(String.join("\u0001", row.values().stream().map(v -> v == null ? "" : v).toList()));
    }

    /**
     * A free text (a quarantined line or record): every piece between separators (| , " < > : { } [ ] tab) that is
     * an erased agent's id, login, name, e-mail or member, on any date, becomes their anonymous id.
     */
    public String text(String text) {
        if (!active() || text == null) return text;
        Matcher m = PIECE.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean changed = false;
        int last = 0;
        while (m.find()) {
            String anonymous = anyKind(m.group().trim());
            if (anonymous == null) continue;
            out.append(text, last, m.start()).append(anonymous);
            last = m.end();
            changed = true;
        }
        if (!changed) return text;
        return out.append(text, last, text.length()).toString();
    }

    private String anyKind(String piece) {
        if (piece.isEmpty()) return null;
        for (Kind k : TEXT_KINDS) {
            String anonymous = erased.replacement(k, piece, null);
            if (anonymous != null) return anonymous;
        }
        return null;
    }

    private boolean replace(String[] f, int i, Kind kind, LocalDate day) {
        String anonymous = erased.replacement(kind, f[i], day);
        if (anonymous == null) return false;
        f[i] = anonymous;
        return true;
    }

    /** An extension (or a whole telephony id written as a CDR src/dst) of an erased agent on that day: their anonymous id. */
    private String extension(String value, LocalDate day) {
        String anonymous = erased.replacement(Kind.EXTENSION, value, day);
        return anonymous != null ? anonymous : erased.replacement(Kind.MEMBER, value, day);
    }

    /** A channel {@code PJSIP/201-0000001a}: the member part before the last '-'. */
    private boolean replaceChannel(String[] f, int i, LocalDate day) {
        String channel = f[i];
        if (channel == null) return false;
        int dash = channel.lastIndexOf('-');
        if (dash <= 0) return false;
        String anonymous = erased.replacement(Kind.MEMBER, channel.substring(0, dash), day);
        if (anonymous == null) return false;
        f[i] = anonymous + channel.substring(dash);
        return true;
    }

    private static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text.trim().substring(0, Math.min(10, text.trim().length())));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The extension of a telephony id: its part after the last '/' ({@code PJSIP/201} → {@code 201}). */
    public static String extensionOf(String telephonyId) {
        return telephonyId.substring(telephonyId.lastIndexOf('/') + 1);
    }
}
