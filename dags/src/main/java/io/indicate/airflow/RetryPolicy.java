package io.indicate.airflow;

import java.time.Duration;

/**
 * How often a request is sent again after Airflow answered 5xx or could not be reached, and how long to wait
 * in between: the wait doubles after every attempt up to {@code maxBackoff}. Always bounded.
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= firstBackoff <= maxBackoff, got " + firstBackoff + " and " + maxBackoff);
        }
    }

    /** Four attempts, waiting 1 s, 2 s, 4 s: rides out an api-server restart without hiding a real outage. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(8));
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    Duration backoffAfter(int attempt) {
        Duration wait = firstBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
