package io.indicate.airflow;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Airflow compose file sets every Variable and Connection the DAG files read ({@code var.value.X} as
 * {@code AIRFLOW_VAR_X}, {@code conn.X} as {@code AIRFLOW_CONN_X}): a DAG whose template names one the deployment
 * lacks fails at run time, not when the file is parsed, so nothing else would notice.
 */
class ComposeVariablesTest {
    private static final Pattern READ = Pattern.compile("\\b(var\\.value|conn)\\.([a-z_][a-z0-9_]*)");

    /** What the DAG files read and {@code compose} does not set, as the compose names it would need. */
    static Set<String> missing(List<String> dagSources, String compose) {
        Set<String> out = new TreeSet<>();
        for (String source : dagSources) {
            Matcher m = READ.matcher(source);
            while (m.find()) {
                String setting = (m.group(1).equals("conn") ? "AIRFLOW_CONN_" : "AIRFLOW_VAR_") + m.group(2).toUpperCase(Locale.ROOT);
                if (!Pattern.compile("(?m)^\\s*" + setting + ":").matcher(compose).find()) out.add(setting);
            }
        }
        return out;
    }

    @Test
    void theComposeFileSetsEveryVariableAndConnectionTheDagsRead() throws IOException {
        Path dags = DagTemplates.dagsFolder();
        List<String> sources;
        try (Stream<Path> files = Files.list(dags)) {
            sources = files.filter(p -> p.toString().endsWith(".py")).sorted().map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(Set.of(), missing(sources, Files.readString(dags.resolve("docker-compose.yml"))));
    }

    @Test
    void theCheckFindsAVariableTheComposeFileLacked() {
        String compose = "    AIRFLOW_VAR_INDICATE_ROSTER: /data/roster.csv\n    AIRFLOW_CONN_INDICATE_SERVING: '{}'\n";
        assertEquals(Set.of("AIRFLOW_VAR_INDICATE_GOALS"), missing(List.of(
                "\"--roster\", \"{{ var.value.indicate_roster }}\", \"--goals\", \"{{ var.value.indicate_goals }}\",",
                "\"{{ conn.indicate_serving.login }}\""), compose));
    }
}
