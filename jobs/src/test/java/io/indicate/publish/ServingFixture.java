package io.indicate.publish;

import io.indicate.config.Settings;
import io.indicate.roster.RosterReader;
import io.indicate.roster.RosterRow;
import io.indicate.spark.SparkSessions;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small hand-made warehouse, built once per test JVM (Spark writes are the slow part of these tests): a roster of seven people (agent {@code bo} moves from team T1 "North", led by
 * {@code lena}, to T2 "South", led by {@code lars}, on {@link #MOVE}; {@code maja} is management), and gold
 * and silver rows for four days around the move, written through {@link Warehouse} so they match the table
 * contracts. Columns a test does not care about get neutral values from the contract's types.
 */
public final class ServingFixture {
    public static final LocalDate D1 = LocalDate.of(2025, 3, 8);
    public static final LocalDate D2 = D1.plusDays(1);
    public static final LocalDate MOVE = D1.plusDays(2);
    public static final LocalDate D4 = D1.plusDays(3);
    public static final List<LocalDate> DAYS = List.of(D1, D2, MOVE, D4);
    public static final Instant REFRESHED = Instant.parse("2025-03-11T12:00:00Z");
    public static final String UNKNOWN_AGENT = "unknown:PJSIP/999";

    public static final String ROSTER_CSV = String.join("\n",
            "agent_id,login,full_name,email,telephony_id,crm_user_id,team_id,team_name,team_lead_login,role,valid_from",
            "A1,anna,Anna Berg,anna@example.com,PJSIP/201,9001,T1,North,lena,agent,2025-01-01",
            "A2,bo,Bo Ek,bo@example.com,PJSIP/202,9002,T1,North,lena,agent,2025-01-01",
            "A2,bo,Bo Ek,bo@example.com,PJSIP/202,9002,T2,South,lars,agent," + MOVE,
            "A3,cia,Cia Lund,cia@example.com,PJSIP/203,9003,T2,South,lars,agent,2025-01-01",
            "L1,lena,Lena Dahl,lena@example.com,PJSIP/301,9101,T1,North,maja,team_lead,2025-01-01",
            "L2,lars,Lars Holm,lars@example.com,PJSIP/302,9102,T2,South,maja,team_lead,2025-01-01",
            "M1,maja,Maja Sten,maja@example.com,,,,,,management,2025-01-01",
            "");

    private static Warehouse shared;

    private ServingFixture() {}

    /**
     * The fixture warehouse of this JVM, created on first use. {@link PublisherTest} adds builds to it that
     * change values of {@code kpi_agent_daily} but never which rows exist, which is all that the readers of
     * this fixture rely on.
     */
    public static synchronized Warehouse shared() {
        if (shared == null) {
            try {
                Path root = Files.createTempDirectory("indicate-serving-fixture");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
                shared = create(Warehouse.open(SparkSessions.getOrCreate(Settings.defaults()), root.toString()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return shared;
    }


    public static List<RosterRow> roster() {
        try {
            RosterReader.Result r = RosterReader.read(new StringReader(ROSTER_CSV), "fixture roster");
            if (!r.rejected().isEmpty()) throw new IllegalStateException("fixture roster rejected: " + r.rejected());
            return r.accepted();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path writeRoster(Path dir) throws java.io.IOException {
        return Files.writeString(dir.resolve("roster.csv"), ROSTER_CSV);
    }

    /** The team of an agent on a date, from the roster (null when they were in none). */
    public static String teamOn(String agentId, LocalDate day) {
        return roster().stream()
                .filter(r -> r.agentId().equals(agentId) && !r.validFrom().isAfter(day))
                .max(Comparator.comparing(RosterRow::validFrom))
                .map(RosterRow::teamId).orElse(null);
    }

    /** Agents with call rows: the four people who take calls and one no roster row explains. */
    static final List<String> CALL_TAKERS = List.of("A1", "A2", "A3", "L1", UNKNOWN_AGENT);

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a leftover temporary folder is harmless
        }
    }

    /** Writes every table the publisher reads, and build {@code b1} covering all four days. */
    public static Warehouse create(Warehouse w) {
        w.overwrite(Table.SILVER_DIM_AGENT, df(w, Table.SILVER_DIM_AGENT, dimAgent()));
        for (Table t : List.of(Table.GOLD_KPI_AGENT_DAILY, Table.GOLD_KPI_AGENT_INTERVAL, Table.GOLD_KPI_TEAM_DAILY,
                Table.GOLD_KPI_QUEUE_DAILY, Table.GOLD_KPI_QUEUE_INTERVAL, Table.GOLD_KPI_ORG_DAILY,
                Table.GOLD_DATA_QUALITY_DAILY, Table.GOLD_KPI_AGENT_GOAL_DAILY, Table.GOLD_KPI_TEAM_GOAL_DAILY,
                Table.GOLD_KPI_COACHING_DAILY, Table.SILVER_FACT_QUEUE_CALL, Table.SILVER_FACT_AGENT_SESSION, Table.SILVER_FACT_TICKET)) {
            w.overwrite(t, df(w, t, rowsFor(t, DAYS, 0)));
        }
        appendBuild(w, "b1", DAYS);
        return w;
    }

    /**
     * A build that rebuilt {@code days}: rewrites them in {@code kpi_agent_daily} with call counts raised by
     * {@code bump} and logs the build. (The other marts keep their files: the publisher replaces a build's
     * dates in every mart all the same.)
     */
    public static void rebuild(Warehouse w, String buildId, List<LocalDate> days, int bump) {
        rebuild(w, buildId, days, bump, null);
    }

    /**
     * As {@link #rebuild(Warehouse, String, List, int)}, the build logged with the tables it wrote ({@code wrote},
     * each on every one of {@code days}; null: logged as builds were before they recorded their tables).
     */
    static void rebuild(Warehouse w, String buildId, List<LocalDate> days, int bump, List<Table> wrote) {
        Table t = Table.GOLD_KPI_AGENT_DAILY;
        w.replaceDates(t, df(w, t, rowsFor(t, days, bump)), days);
        appendBuild(w, buildId, days, wrote);
    }

    static void appendBuild(Warehouse w, String buildId, List<LocalDate> days) {
        appendBuild(w, buildId, days, null);
    }

    private static void appendBuild(Warehouse w, String buildId, List<LocalDate> days, List<Table> wrote) {
        Map<String, Object> b = new HashMap<>();
        b.put("build_id", buildId);
        b.put("kind", "test");
        b.put("batch_ids", List.of("batch-" + buildId));
        b.put("dates_rebuilt", days.stream().map(Date::valueOf).toList());
        if (wrote != null) {
            Map<String, List<Date>> byTable = new HashMap<>();
            wrote.forEach(table -> byTable.put(table.qualifiedName(), days.stream().map(Date::valueOf).toList()));
            b.put("dates_by_table", byTable);
        }
        b.put("started_at", REFRESHED);
        b.put("finished_at", REFRESHED);
        w.append(Table.META_BUILD_LOG, df(w, Table.META_BUILD_LOG, List.of(b)));
    }

    static List<Map<String, Object>> dimAgent() {
        return dimAgent(roster());
    }

    /**
     * Writes {@code silver.dim_agent} of {@code w} as the build makes it from {@code roster}: one row per roster
     * row, valid until the agent's next row (for tests that publish the access tables of another roster).
     */
    public static void writeDimAgent(Warehouse w, List<RosterRow> roster) {
        w.overwrite(Table.SILVER_DIM_AGENT, df(w, Table.SILVER_DIM_AGENT, dimAgent(roster)));
    }

    static List<Map<String, Object>> dimAgent(List<RosterRow> roster) {
        List<RosterRow> rows = new ArrayList<>(roster);
        rows.sort(Comparator.comparing(RosterRow::agentId).thenComparing(RosterRow::validFrom));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            RosterRow r = rows.get(i);
            boolean last = i + 1 == rows.size() || !rows.get(i + 1).agentId().equals(r.agentId());
            Map<String, Object> m = new HashMap<>();
            m.put("agent_id", r.agentId());
            m.put("login", r.login());
            m.put("full_name", r.fullName());
            m.put("team_id", r.teamId());
            m.put("team_name", r.teamName());
            m.put("team_lead_login", r.teamLeadLogin());
            m.put("role", r.left() ? RosterRow.LEFT : r.role().code());
            m.put("valid_from", r.validFrom());
            m.put("valid_to", last ? null : rows.get(i + 1).validFrom());
            m.put("is_current", last);
            out.add(m);
        }
        return out;
    }

    private static final Map<String, String> LOGINS = Map.of("A1", "anna", "A2", "bo", "A3", "cia", "L1", "lena");
    private static final Map<String, String> TEAM_NAMES = Map.of("T1", "North", "T2", "South");

    /** Deterministic, distinct numbers per agent and day, so medians and changes can be checked. */
    static long calls(String agentId, LocalDate day, int bump) {
        return 10L + CALL_TAKERS.indexOf(agentId) * 7L + DAYS.indexOf(day) * 3L + bump;
    }

    static double aht(String agentId, LocalDate day) {
        return 140.0 + CALL_TAKERS.indexOf(agentId) * 10 + DAYS.indexOf(day);
    }

    /** A3 has no rating on the first day: medians must skip a missing value, and a goal on it has no "met". */
    static Double csat(String agentId, LocalDate day) {
        return agentId.equals("A3") && day.equals(D1) ? null : 70.0 + CALL_TAKERS.indexOf(agentId) * 4 + DAYS.indexOf(day);
    }

    static long teamCalls(String teamId, int bump) {
        return 100L + (teamId.equals("T1") ? 0 : 50) + bump;
    }

    /** A goal as the goals marts apply it to one day (README, Goals). */
    record Goal(String direction, double value, String scope, String setBy) {
        static final LocalDate VALID_FROM = LocalDate.of(2025, 1, 1);

        /** Null for a day without a value, as in the marts. */
        Boolean met(Double v) {
            return v == null ? null : direction.equals("higher") ? v >= value : v <= value;
        }
    }

    static final List<String> AGENT_GOAL_KPIS = List.of("calls_answered", "aht_s", "csat_pct");

    /**
     * The goal of an agent's KPI on a day: anna's personal goal on calls answered, team T1's own AHT goal for
     * whoever is in T1 that day (bo before his move), else the organisation's.
     */
    static Goal agentGoal(String agentId, String kpi, LocalDate day) {
        if (kpi.equals("calls_answered") && agentId.equals("A1")) return new Goal("higher", 15, "agent", "anna");
        if (kpi.equals("aht_s") && "T1".equals(teamOn(agentId, day))) return new Goal("lower", 145, "team", "lena");
        return switch (kpi) {
            case "calls_answered" -> new Goal("higher", 20, "organisation", "maja");
            case "aht_s" -> new Goal("lower", 160, "organisation", "maja");
            default -> new Goal("higher", 75, "organisation", "maja");
        };
    }

    static Double agentValue(String agentId, String kpi, LocalDate day) {
        return switch (kpi) {
            case "calls_answered" -> (double) calls(agentId, day, 0);
            case "aht_s" -> aht(agentId, day);
            default -> csat(agentId, day);
        };
    }

    /**
     * The coaching list: goals missed on at least 3 of the recent days, from the fixture's goal rows. From the move
     * on, lena (AHT, every day) and anna (CSAT, every day) in T1, lena first (the larger gap); on the last day also cia
     * (AHT, 3 of 4) in T2 and the agent no roster row explains, who belongs to no team.
     * Each entry: day, agent, KPI, days judged, days missed, priority.
     */
    private static final List<Object[]> COACHING = List.of(
            new Object[]{MOVE, "L1", "aht_s", 3L, 3L, 1}, new Object[]{MOVE, "A1", "csat_pct", 3L, 3L, 2},
            new Object[]{D4, "L1", "aht_s", 4L, 4L, 1}, new Object[]{D4, "A1", "csat_pct", 4L, 4L, 2},
            new Object[]{D4, "A3", "aht_s", 4L, 3L, 1}, new Object[]{D4, UNKNOWN_AGENT, "aht_s", 4L, 4L, 1});

    private static Map<String, Object> coachingRow(Object[] entry) {
        LocalDate day = (LocalDate) entry[0];
        String agent = (String) entry[1], kpi = (String) entry[2];
        Map<String, Object> m = agentGoalRow(agent, kpi, day);
        Goal goal = agentGoal(agent, kpi, day);
        double gap = goal.direction().equals("higher") ? goal.value() - (Double) m.get("value") : (Double) m.get("value") - goal.value();
        m.put("days_judged", entry[3]);
        m.put("days_missed", entry[4]);
        m.put("missed_repeatedly", true);
        m.put("trend_turned", false);
        m.put("reason", "missed_repeatedly");
        m.put("gap", gap);
        m.put("gap_pct", 100 * gap / Math.abs(goal.value()));
        m.put("priority", entry[5]);
        return m;
    }

    /** Team goals on calls answered: T1's own (not met), the organisation's for T2 (met). */
    static Goal teamGoal(String teamId) {
        return teamId.equals("T1") ? new Goal("higher", 120, "team", "lena") : new Goal("higher", 140, "organisation", "maja");
    }

    private static Map<String, Object> agentGoalRow(String agentId, String kpi, LocalDate day) {
        return goalRow(day, kpi, d -> agentValue(agentId, kpi, d), d -> agentGoal(agentId, kpi, d), m -> {
            m.put("agent_id", agentId);
            m.put("agent_login", LOGINS.get(agentId));
            m.put("team_id", agentId.startsWith("unknown:") ? null : teamOn(agentId, day));
        });
    }

    /**
     * A goals-mart row of {@code day}: the value, the goal, met, the streak of days met and the mean of the days
     * before, over the fixture's days (a day without a value neither extends nor breaks the streak).
     */
    private static Map<String, Object> goalRow(LocalDate day, String kpi, Function<LocalDate, Double> valueOn,
                                               Function<LocalDate, Goal> goalOn, Consumer<Map<String, Object>> subject) {
        long streak = 0;
        for (LocalDate d : DAYS.subList(0, DAYS.indexOf(day) + 1)) {
            Boolean met = goalOn.apply(d).met(valueOn.apply(d));
            if (met != null) streak = met ? streak + 1 : 0;
        }
        OptionalDouble previous = DAYS.subList(0, DAYS.indexOf(day)).stream().map(valueOn)
                .filter(Objects::nonNull).mapToDouble(Double::doubleValue).average();
        Double value = valueOn.apply(day);
        Goal goal = goalOn.apply(day);
        Map<String, Object> m = base(day);
        m.put("kpi", kpi);
        m.put("value", value);
        m.put("goal_value", goal.value());
        m.put("direction", goal.direction());
        m.put("goal_scope", goal.scope());
        m.put("goal_set_by", goal.setBy());
        m.put("goal_valid_from", Goal.VALID_FROM);
        m.put("met", goal.met(value));
        m.put("streak_days", streak);
        m.put("previous_7_avg", previous.isPresent() ? previous.getAsDouble() : null);
        m.put("change_vs_previous_7", previous.isPresent() && value != null ? value - previous.getAsDouble() : null);
        subject.accept(m);
        return m;
    }

    static List<Map<String, Object>> rowsFor(Table t, List<LocalDate> days, int bump) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LocalDate day : days) {
            switch (t) {
                case GOLD_KPI_AGENT_DAILY -> CALL_TAKERS.forEach(a -> rows.add(agentRow(a, day, bump, m -> {
                    long calls = calls(a, day, bump);
                    m.put("calls_answered", calls);
                    m.putAll(work(calls, (long) aht(a, day), 1, csat(a, day), 2L + CALL_TAKERS.indexOf(a)));
                    m.put("aht_s", aht(a, day));
                    m.put("occupancy_pct", 50.0 + CALL_TAKERS.indexOf(a) * 5);
                    m.put("csat_pct", csat(a, day));
                })));
                case GOLD_KPI_AGENT_GOAL_DAILY -> CALL_TAKERS.forEach(a -> AGENT_GOAL_KPIS.forEach(kpi -> rows.add(agentGoalRow(a, kpi, day))));
                case GOLD_KPI_COACHING_DAILY -> COACHING.stream().filter(e -> e[0].equals(day)).forEach(e -> rows.add(coachingRow(e)));
                case GOLD_KPI_AGENT_INTERVAL -> CALL_TAKERS.forEach(a -> {
                    for (int slot = 0; slot < 2; slot++) {
                        LocalDateTime start = day.atTime(9, 0).plusMinutes(15L * slot);
                        int s = slot;
                        rows.add(agentRow(a, day, bump, m -> {
                            m.put("interval_start_local", start.toInstant(ZoneOffset.UTC));
                            m.put("interval_start_utc", start.minusHours(1).toInstant(ZoneOffset.UTC));
                            m.put("utc_offset", "+01:00");
                            long calls = calls(a, day, bump) / 2 + s;
                            m.put("calls_answered", calls);
                            m.put("calls_completed", calls);
                            m.put("talk_s", calls * ((long) aht(a, day) - 20));
                            m.put("acw_s", calls * 20);
                        }));
                    }
                });
                case GOLD_KPI_TEAM_DAILY -> TEAM_NAMES.forEach((team, name) -> {
                    Map<String, Object> m = base(day);
                    m.put("team_id", team);
                    m.put("team_name", name);
                    m.put("team_lead_login", team.equals("T1") ? "lena" : "lars");
                    m.put("calls_answered", teamCalls(team, bump));
                    // the call takers in the team that day: T1 has A1, A2 and L1 before the move and A1 and L1
                    // after it; T2 has A3 before it and A2 and A3 after it (the minimum group size reads this)
                    long agents = CALL_TAKERS.stream().filter(a -> team.equals(teamOn(a, day))).count();
                    m.put("agents_active", agents);
                    m.putAll(work(teamCalls(team, bump), team.equals("T1") ? 150 : 145, agents, 78.0 + DAYS.indexOf(day), 4 * agents));
                    rows.add(m);
                });
                case GOLD_KPI_TEAM_GOAL_DAILY -> TEAM_NAMES.forEach((team, name) -> rows.add(goalRow(day, "calls_answered",
                        d -> (double) teamCalls(team, 0), d -> teamGoal(team), m -> {
                            m.put("team_id", team);
                            m.put("team_name", name);
                        })));
                case GOLD_KPI_QUEUE_INTERVAL -> QUEUES.forEach(queue -> {
                    for (int slot = 0; slot < QUEUE_SLOTS; slot++) {
                        LocalDateTime start = day.atTime(9, 0).plusMinutes(15L * slot);
                        Map<String, Object> m = base(day);
                        m.put("queue", queue);
                        m.put("interval_start_local", start.toInstant(ZoneOffset.UTC));
                        m.put("interval_start_utc", start.minusHours(1).toInstant(ZoneOffset.UTC));
                        m.put("utc_offset", "+01:00");
                        m.putAll(queueCalls(queue, slot, bump));
                        rows.add(m);
                    }
                });
                case GOLD_KPI_QUEUE_DAILY -> QUEUES.forEach(queue -> {
                    Map<String, Object> m = base(day);
                    m.put("queue", queue);
                    m.putAll(queueCalls(List.of(queue), bump));
                    rows.add(m);
                });
                case GOLD_KPI_ORG_DAILY -> {
                    Map<String, Object> m = base(day);
                    m.put("calls_answered", 250L + bump);
                    m.put("agents_active", (long) CALL_TAKERS.size());
                    m.putAll(work(250L + bump, 148, CALL_TAKERS.size(), 80.0 + DAYS.indexOf(day), 14));
                    m.putAll(queueCalls(QUEUES, bump));
                    rows.add(m);
                }
                case GOLD_DATA_QUALITY_DAILY -> {
                    Map<String, Object> m = base(day);
                    m.put("source", "queue_log");
                    m.put("check", "ingest");
                    m.put("rows_in", 1000L + bump);
                    m.put("rows_loaded", 996L + bump);
                    m.put("rows_duplicate", 1L);
                    m.put("rows_quarantined", 2L + DAYS.indexOf(day) % 2);
                    m.put("rows_erased", 0L);
                    m.put("rows_pending", 1L - DAYS.indexOf(day) % 2);
                    m.put("unknown_ids", (long) DAYS.indexOf(day));
                    rows.add(m);
                }
                case SILVER_FACT_QUEUE_CALL -> CALL_TAKERS.forEach(a -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put("date_local", day);
                    m.put("interval_start_local", day.atTime(9, 0).toInstant(ZoneOffset.UTC));
                    m.put("interval_start_utc", day.atTime(8, 0).toInstant(ZoneOffset.UTC));
                    m.put("utc_offset", "+01:00");
                    m.put("queue", "sales");
                    m.put("callid", day + "-" + a);
                    m.put("caller_hash", "h" + Math.abs((day + a).hashCode()));
                    m.put("entered_at_utc", day.atTime(8, 1).toInstant(ZoneOffset.UTC));
                    m.put("outcome", "answered");
                    m.put("agent_id", a);
                    rows.add(m);
                });
                case SILVER_FACT_AGENT_SESSION -> CALL_TAKERS.forEach(a -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put("date_local", day);
                    m.put("agent_id", a);
                    m.put("member", "PJSIP/" + a);
                    m.put("segment", "logged_in");
                    m.put("start_utc", day.atTime(7, 0).toInstant(ZoneOffset.UTC));
                    m.put("end_utc", day.atTime(15, 0).toInstant(ZoneOffset.UTC));
                    m.put("seconds", 28_800L);
                    rows.add(m);
                });
                case SILVER_FACT_TICKET -> CALL_TAKERS.forEach(a -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put("date_local", day);
                    m.put("ticket_id", 1000L + DAYS.indexOf(day) * 10L + CALL_TAKERS.indexOf(a));
                    m.put("status", "solved");
                    m.put("requester_hash", "r" + Math.abs((a + day).hashCode()));
                    m.put("agent_id", a);
                    m.put("updated_at_utc", day.atTime(12, 0).toInstant(ZoneOffset.UTC));
                    rows.add(m);
                });
                default -> throw new IllegalArgumentException("no fixture rows for " + t);
            }
        }
        return rows;
    }

    /**
     * The work columns of a day of {@code people} call takers with {@code calls} answered: talk and after-call work
     * that give an AHT of {@code aht} seconds, eight hours logged in and one paused each, ratings that give a CSAT of
     * {@code csat} % (none when null), tickets solved.
     */
    static Map<String, Object> work(long calls, long aht, long people, Double csat, long tickets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls_completed", calls);
        m.put("talk_s", calls * (aht - 20));
        m.put("acw_s", calls * 20);
        m.put("logged_in_s", people * 28_800L);
        m.put("paused_s", people * 3_600L);
        m.put("csat_good", csat == null ? 0L : Math.round(csat));
        m.put("csat_bad", csat == null ? 0L : 100L - Math.round(csat));
        m.put("tickets_solved", tickets);
        return m;
    }

    static final List<String> QUEUES = List.of("sales", "support");
    /** The queue intervals of each day: 09:00, 09:15, 09:30, 09:45. */
    static final int QUEUE_SLOTS = 4;

    /**
     * A queue's calls in one interval, the counts adding up as the queue call's outcomes do (offered = answered +
     * abandoned + short abandoned + timed out); service level and abandon rate differ from interval to interval.
     */
    static Map<String, Object> queueCalls(String queue, int slot, int bump) {
        long answered = 8L + slot + QUEUES.indexOf(queue) * 3L + bump, abandoned = 1L + slot % 2, shortAbandoned = 1, timedOut = slot / 3;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("offered", answered + abandoned + shortAbandoned + timedOut);
        m.put("answered", answered);
        m.put("answered_within_sl", answered - slot);
        m.put("abandoned", abandoned);
        m.put("short_abandoned", shortAbandoned);
        m.put("timed_out", timedOut);
        m.put("answered_wait_s", answered * (15L + 5L * slot));
        m.put("max_wait_s", 60L + 10L * slot);
        return m;
    }

    /** The calls of {@code queues} over the day's intervals: the sums, and the largest wait. */
    static Map<String, Object> queueCalls(List<String> queues, int bump) {
        Map<String, Object> day = new LinkedHashMap<>();
        for (String queue : queues) {
            for (int slot = 0; slot < QUEUE_SLOTS; slot++) {
                queueCalls(queue, slot, bump).forEach((column, v) -> day.merge(column, v,
                        (a, b) -> column.equals("max_wait_s") ? Math.max((Long) a, (Long) b) : (Long) a + (Long) b));
            }
        }
        return day;
    }

    private static Map<String, Object> base(LocalDate day) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date_local", day);
        m.put("_refreshed_at", REFRESHED);
        return m;
    }

    private static Map<String, Object> agentRow(String agentId, LocalDate day, int bump, Consumer<Map<String, Object>> values) {
        Map<String, Object> m = base(day);
        m.put("agent_id", agentId);
        m.put("agent_login", LOGINS.get(agentId));
        String team = agentId.startsWith("unknown:") ? null : teamOn(agentId, day);
        m.put("team_id", team);
        m.put("team_name", team == null ? null : TEAM_NAMES.get(team));
        values.accept(m);
        return m;
    }

    /** A DataFrame of {@code rows} in the table's contract; columns missing from a row get neutral values. */
    static Dataset<Row> df(Warehouse w, Table t, List<Map<String, Object>> rows) {
        StructType schema = w.schema(t);
        List<Row> out = new ArrayList<>();
        for (Map<String, Object> m : rows) {
            Object[] values = new Object[schema.fields().length];
            for (int i = 0; i < values.length; i++) {
                StructField f = schema.fields()[i];
                Object v = m.containsKey(f.name()) ? m.get(f.name()) : (f.nullable() ? null : neutral(f.dataType()));
                values[i] = toSpark(v, f.dataType());
            }
            out.add(RowFactory.create(values));
        }
        return w.spark().createDataFrame(out, schema);
    }

    private static Object neutral(DataType t) {
        if (t instanceof StringType) return "n/a";
        if (t instanceof BooleanType) return false;
        if (t instanceof ArrayType) return List.of();
        if (t instanceof TimestampType) return REFRESHED;
        return 0L;
    }

    private static Object toSpark(Object v, DataType t) {
        if (v == null) return null;
        if (t instanceof LongType) return ((Number) v).longValue();
        if (t instanceof IntegerType) return ((Number) v).intValue();
        if (t instanceof DoubleType) return ((Number) v).doubleValue();
        if (t instanceof DateType && v instanceof LocalDate d) return Date.valueOf(d);
        if (t instanceof TimestampType && v instanceof Instant i) return Timestamp.from(i);
        return v;
    }
}
