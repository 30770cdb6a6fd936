package io.indicate.cli;

import io.indicate.crm.ZendeskExtract;
import io.indicate.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "crm", mixinStandardHelpOptions = true,
        description = "Pull a Zendesk cursor-based incremental export page by page into a landing folder; the next run continues where this one stopped.")
public final class CrmExtractCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "first page of the export, e.g. https://SUB.zendesk.com/api/v2/incremental/tickets/cursor.json?start_time=0 (used until a cursor is stored in --out)")
    String url;

    @Option(names = "--token-env", required = true, paramLabel = "VAR", description = "environment variable holding the token (never printed)")
    String tokenEnv;

    @Option(names = "--email", paramLabel = "EMAIL",
            description = "the agent the API token belongs to (Zendesk API-token auth); without it the token is sent as an OAuth Bearer token")
    String email;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "landing folder for the pages (and the stored cursor, .cursor)")
    Path out;

    @Option(names = "--max-attempts", defaultValue = "6", paramLabel = "N", description = "tries per page on HTTP 429/5xx or network errors (default ${DEFAULT-VALUE})")
    int maxAttempts;

    @Override
    public Integer call() throws Exception {
        String token = System.getenv(tokenEnv);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("environment variable " + tokenEnv + " is not set or empty (it must hold the CRM API token)");
        }
        ZendeskExtract.Result r = new ZendeskExtract(email, token, d -> Thread.sleep(d.toMillis()), Duration.ofSeconds(2), maxAttempts,
                new Progress(System.out)).run(url, out);
        System.out.println("crm extract: " + r.pages() + " page(s) to " + out + (r.endOfStream() ? ", up to date" : ""));
        return 0;
    }
}
