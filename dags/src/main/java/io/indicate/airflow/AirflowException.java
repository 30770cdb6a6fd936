package io.indicate.airflow;

/**
 * A request to Airflow failed. The message is one line that names what was asked (e.g. "trigger DAG
 * indicate_nightly"), what Airflow answered, and what to check; it never contains a token or a password.
 */
public final class AirflowException extends RuntimeException {
    private final int status;

    AirflowException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status Airflow answered with, or 0 when there was no answer (connection error, timeout). */
    public int status() {
        return status;
    }
}
