package io.indicate.airflow;

import java.util.Objects;
import java.util.function.Function;

/**
 * How the client proves who it is: a ready JWT, or a user name and password that the client exchanges for a
 * JWT at {@code POST /auth/token}. Neither the token nor the password is ever part of {@link #toString()} or
 * of a message the client builds ({@link #redact(String)} scrubs them from text that comes back from Airflow).
 */
public final class AirflowCredentials {
    public static final String TOKEN_ENV = "AIRFLOW_TOKEN";
    public static final String USERNAME_ENV = "AIRFLOW_USERNAME";
    public static final String PASSWORD_ENV = "AIRFLOW_PASSWORD";

    private static final String HIDDEN = "***";
    /**
     * Shorter secrets are not scrubbed from text: they would garble ordinary words ("ConnectE***ception") while
     * protecting nothing a guess could not find.
     */
    private static final int SCRUBBED_FROM_LENGTH = 4;

    private final String token;
    private final String username;
    private final String password;

    private AirflowCredentials(String token, String username, String password) {
        this.token = token;
        this.username = username;
        this.password = password;
    }

    public static AirflowCredentials token(String token) {
        return new AirflowCredentials(requireText(token, "token"), null, null);
    }

    public static AirflowCredentials password(String username, String password) {
        return new AirflowCredentials(null, requireText(username, "username"), requireText(password, "password"));
    }

    /**
     * Reads {@value #TOKEN_ENV} or, when it is not set, {@value #USERNAME_ENV} and {@value #PASSWORD_ENV}. A ready
     * token wins because it saves a round trip and may have been issued for a narrower purpose.
     */
    public static AirflowCredentials fromEnvironment(Function<String, String> environment) {
        String token = blankToNull(environment.apply(TOKEN_ENV));
        if (token != null) {
            return token(token);
        }
        String username = blankToNull(environment.apply(USERNAME_ENV));
        String password = blankToNull(environment.apply(PASSWORD_ENV));
        if (username == null && password == null) {
            throw new IllegalArgumentException("no Airflow credentials: set " + TOKEN_ENV + ", or " + USERNAME_ENV
                    + " and " + PASSWORD_ENV);
        }
        if (username == null || password == null) {
            throw new IllegalArgumentException((username == null ? USERNAME_ENV : PASSWORD_ENV) + " is not set but "
                    + (username == null ? PASSWORD_ENV : USERNAME_ENV) + " is: set both, or " + TOKEN_ENV);
        }
        return password(username, password);
    }

    /** True when a token must first be fetched (and may be fetched again) with the user name and password. */
    boolean exchangesPassword() {
        return token == null;
    }

    String presetToken() {
        return token;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    /** Where these credentials came from, for error messages ("check AIRFLOW_TOKEN"). */
    String source() {
        return token != null ? TOKEN_ENV : USERNAME_ENV + "/" + PASSWORD_ENV;
    }

    /** {@code text} with every occurrence of the token, the password and {@code alsoSecret} replaced by ***. */
    String redact(String text, String alsoSecret) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : new String[]{token, password, alsoSecret}) {
            if (secret != null && secret.length() >= SCRUBBED_FROM_LENGTH) {
                out = out.replace(secret, HIDDEN);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return token != null ? "AirflowCredentials[token=" + HIDDEN + "]"
                : "AirflowCredentials[username=" + username + ", password=" + HIDDEN + "]";
    }

    private static String requireText(String value, String what) {
        if (Objects.requireNonNull(value, what).isBlank()) {
            throw new IllegalArgumentException("Airflow " + what + " is empty");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
