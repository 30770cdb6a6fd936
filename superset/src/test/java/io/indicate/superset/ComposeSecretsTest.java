package io.indicate.superset;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The compose files ship no secret: every password, key and secret is a variable the operator must set
 * ({@code ${VAR:?…}}, so compose stops when it is missing), never a literal or a default, and no admin
 * password goes into a command's arguments.
 */
class ComposeSecretsTest {
    private static final List<String> COMPOSE_FILES = List.of("superset/docker-compose.yml", "dags/docker-compose.yml");
    private static final Pattern SECRET_SETTING = Pattern.compile("(?m)^\\s*([A-Z_]*(?:PASSWORD|SECRET|KEY)[A-Z_]*):\\s*(.*)$");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?])?([^}]*)}");

    /** What makes {@code compose} weak: one line per problem. */
    static List<String> weakSecrets(String compose) {
        List<String> problems = new ArrayList<>();
        Set<String> required = new TreeSet<>();
        Matcher ref = REFERENCE.matcher(compose);
        while (ref.find()) {
            String name = ref.group(1), op = ref.group(2);
            if (":?".equals(op)) required.add(name);
            if (op != null && op.endsWith("-") && name.matches(".*(PASSWORD|SECRET|KEY).*")) {
                problems.add(name + " has a default (" + ref.group() + ")");
            }
        }
        Matcher setting = SECRET_SETTING.matcher(compose);
        while (setting.find()) {
            String value = setting.group(2).strip().replaceAll("^[\"']|[\"']$", "");
            Matcher whole = REFERENCE.matcher(value);
            if (!whole.matches()) {
                problems.add(setting.group(1) + " is set to " + (value.isEmpty() ? "nothing" : "a literal") + ", not to a required variable");
            } else if (!required.contains(whole.group(1))) {
                problems.add(setting.group(1) + " reads " + whole.group(1) + ", which is never required with ${" + whole.group(1) + ":?…}");
            }
        }
        Matcher url = Pattern.compile("://[^:/\\s]+:([^@\\s]+)@").matcher(compose);
        while (url.find()) {
            if (!url.group(1).startsWith("${")) problems.add("a URL carries the literal password '" + url.group(1) + "'");
        }
        for (String inArguments : List.of("--password", "_AIRFLOW_WWW_USER_PASSWORD")) {
            if (compose.contains(inArguments)) problems.add(inArguments + " puts a password into a command's arguments");
        }
        return problems;
    }

    @Test
    void theComposeFilesRequireEverySecretAndDefaultNone() throws IOException {
        for (String file : COMPOSE_FILES) {
            assertEquals(List.of(), weakSecrets(Files.readString(RepositoryFiles.root().resolve(file))), file);
        }
    }

    @Test
    void theCheckFindsTheWeakDefaultsTheAirflowComposeFileHadBefore() {
        String before = String.join("\n",
                "    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow",
                "    AIRFLOW__CORE__FERNET_KEY: \"\"",
                "      POSTGRES_PASSWORD: airflow",
                "      SUPERSET_SECRET_KEY: ${SUPERSET_SECRET_KEY:-changeme}",
                "      _AIRFLOW_WWW_USER_PASSWORD: ${AIRFLOW_ADMIN_PASSWORD:?set it}",
                "");
        assertEquals(List.of(
                "SUPERSET_SECRET_KEY has a default (${SUPERSET_SECRET_KEY:-changeme})",
                "AIRFLOW__CORE__FERNET_KEY is set to nothing, not to a required variable",
                "POSTGRES_PASSWORD is set to a literal, not to a required variable",
                "SUPERSET_SECRET_KEY reads SUPERSET_SECRET_KEY, which is never required with ${SUPERSET_SECRET_KEY:?…}",
                "a URL carries the literal password 'airflow'",
                "_AIRFLOW_WWW_USER_PASSWORD puts a password into a command's arguments"), weakSecrets(before));
    }
}
