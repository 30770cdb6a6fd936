package io.indicate.ingest;

/** A source record that could not be loaded: where it came from, its raw text and why. */
public record QuarantineRecord(String source, String file, long line, String raw, String reason) {
}
