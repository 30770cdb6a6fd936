package io.indicate.superset;

import io.indicate.roster.Role;
import io.indicate.roster.RosterOnDate;
import io.indicate.roster.RosterReader;
import io.indicate.roster.RosterRow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;

/**
 * The Superset part of {@code indicate demo --superset}: starts the real Superset with {@code bin/stack} (unless
 * it already runs), syncs the demo roster into it against the demo's serving database, and prints the URL and
 * one agent, one team lead and one manager to log in as. {@link #stop()} stops Superset again if this demo
 * started it.
 */
public final class SupersetDemo {
    private final Path home;
    private final PrintStream out;
    private final ZoneId zone;
    private boolean startedHere;
    private URI url;
    /** The example people printed by {@link #start}, each with their password where this demo knows it. */
    private final Map<Role, Person> examples = new EnumMap<>(Role.class);

    private record Person(String login, String password) {}

    /**
     * {@code home}: the project folder holding {@code bin/stack} and {@code superset/assets}; {@code zone}: the centre's
     * time zone, in which a Superset this demo starts runs (its "today" is the date of its clock) and the sync shows
     * the refresh time.
     */
    public SupersetDemo(Path home, PrintStream out, ZoneId zone) {
        this.home = home;
        this.out = out;
        this.zone = zone;
    }

    /**
     * Starts Superset if needed and syncs {@code roster}; {@code databaseUri} and {@code databasePassword} are how
     * Superset reaches the serving database. New users get {@code INDICATE_NEW_USER_PASSWORD} (demo only) if set,
     * else each their own random password in {@code passwordDir/<login>.password}.
     */
    public void start(Path roster, String databaseUri, String databasePassword, Path passwordDir, LocalDate today) throws IOException, InterruptedException {
        if (!Files.isExecutable(home.resolve("bin/stack"))) {
            throw new IllegalStateException("no bin/stack under " + home + ": run the demo through bin/indicate from the project folder");
        }
        startedHere = !stack("status").contains("superset: running");
        if (stack("up", "superset") == null) throw new IllegalStateException("bin/stack up superset failed (see its message above)");
        Path stackDir = home.resolve(".stack/superset");
        url = URI.create(Files.readString(stackDir.resolve("url")).strip());
        String adminPassword = System.getenv("SUPERSET_ADMIN_PASSWORD");
        if (adminPassword == null || adminPassword.isEmpty()) adminPassword = Files.readString(stackDir.resolve("admin_password")).strip();
        String sharedPassword = System.getenv("INDICATE_NEW_USER_PASSWORD");
        if (sharedPassword != null && sharedPassword.isEmpty()) sharedPassword = null;

        SupersetProvisioner.Report report = new SupersetProvisioner(new SupersetProvisioner.Options(url, "admin", adminPassword, roster,
                home.resolve("superset/assets"), databasePassword, databaseUri, sharedPassword,
                sharedPassword == null ? passwordDir : null, today, zone, false)).sync();
        report.lines().forEach(l -> out.println("  " + l));
        report.warnings().forEach(w -> out.println("  warning: " + w));

        out.println();
        out.println("superset ready: " + url);
        Map<Role, RosterRow> example = new EnumMap<>(Role.class);
        RosterOnDate.people(RosterReader.read(roster).accepted(), today).stream()
                .sorted(Comparator.comparing(RosterRow::login))
                .forEach(r -> example.putIfAbsent(r.role(), r));
        for (Role role : Role.values()) {
            RosterRow r = example.get(role);
            if (r == null) continue;
            Path file = passwordDir.resolve(r.login() + ".password");
            String password = sharedPassword != null ? "the password in INDICATE_NEW_USER_PASSWORD"
                    : Files.exists(file) ? "password in " + file
                    : "the password given when this demo first created the user";
            out.printf("  %-11s %-24s %s%n", role.code() + ":", r.login(), password);
            examples.put(role, new Person(r.login(), sharedPassword != null ? sharedPassword
                    : Files.exists(file) ? Files.readString(file).strip() : null));
        }
    }

    /**
     * Logs in as each example person in headless Chromium, opens every dashboard they may see, and saves a PNG of
     * each as {@code dir/<role>-<slug>.png}. Returns the number of charts that showed an error (each printed).
     */
    public int screenshots(Path dir) throws IOException, InterruptedException {
        Process install = new ProcessBuilder(home.resolve("tools/stack/browser.sh").toString()).directory(home.toFile())
                .redirectErrorStream(true).start();
        String said = new String(install.getInputStream().readAllBytes()).strip();
        if (install.waitFor() != 0) throw new IllegalStateException("cannot install the browser: " + said);
        Files.createDirectories(dir);
        int problems = 0;
        out.println();
        out.println("screenshots: each example person's dashboards, as they see them, into " + dir);
        for (Map.Entry<Role, Person> e : examples.entrySet()) {
            Person p = e.getValue();
            if (p.password() == null) {
                out.println("  " + e.getKey().code() + " " + p.login() + ": skipped, this demo does not know the password");
                continue;
            }
            try (DashboardBrowser browser = new DashboardBrowser(url)) {
                browser.logIn(p.login(), p.password());
                for (DashboardBrowser.Visible d : DashboardBrowser.visibleTo(url, p.login(), p.password())) {
                    DashboardBrowser.Rendered r = browser.open(d.slug(), d.charts(), java.time.Duration.ofMinutes(3));
                    Path png = dir.resolve(e.getKey().code() + "-" + d.slug() + ".png");
                    Files.write(png, r.screenshot());
                    out.printf("  %-11s %-24s %-16s %2d charts, %d showing an error, %d without rows  %s%n", e.getKey().code(), p.login(),
                            d.slug(), r.charts(), r.problems().size(), r.empty().size(), png);
                    r.problems().forEach(t -> out.println("      error: " + t));
                    problems += r.problems().size() + Math.max(0, d.charts() - r.charts());
                }
            }
        }
        return problems;
    }

    /** Stops Superset if {@link #start} started it. */
    public void stop() {
        if (!startedHere) return;
        try {
            stack("down", "superset");
        } catch (IOException | InterruptedException e) {
            out.println("could not stop Superset: " + e.getMessage() + " (bin/stack down superset)");
        }
    }

    /**
     * Runs bin/stack; its lines about Superset go to this demo's output as they come (a first {@code up} installs
     * for minutes, and says so first). Returns the output, or null when it failed.
     */
    private String stack(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = home.resolve("bin/stack").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("INDICATE_TIMEZONE", zone.getId());
        Process p = builder.start();
        StringBuilder text = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = lines.readLine(); l != null; l = lines.readLine()) {
                text.append(l).append('\n');
                if (l.startsWith("superset")) out.println("  " + l);
            }
        }
        return p.waitFor() == 0 || args[0].equals("status") ? text.toString() : null;
    }
}
