package io.indicate.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/** A DAG file Airflow could not import, with the Python stack trace it recorded. */
public record DagImportError(String filename, String timestamp, String stackTrace) {

    /** The last non-blank line of the stack trace: in a Python traceback, the exception and its message. */
    public String reason() {
        String[] lines = stackTrace == null ? new String[0] : stackTrace.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return "(no stack trace)";
    }

    static DagImportError fromJson(JsonNode error) {
        return new DagImportError(DagRun.text(error, "filename"), DagRun.text(error, "timestamp"),
                DagRun.text(error, "stack_trace"));
    }
}
