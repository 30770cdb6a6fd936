package io.indicate.ingest;

/**
 * What an ingest did with one source file. {@code rowsIn = rowsLoaded + rowsDuplicate + rowsQuarantined + rowsErased};
 * {@code rowsErased} counts records of a person erased before ({@code meta.erased_subject}), dropped before they were
 * written anywhere; {@code rowsPending} counts a trailing line still being written, held back for a later batch. A
 * skipped file (content already loaded under this or another name) reads no rows and says which file it repeats.
 */
public record FileReport(String file, String checksum, long bytesConsumed, long linesConsumed, String prefixChecksum,
                         long rowsIn, long rowsLoaded, long rowsDuplicate, long rowsQuarantined, long rowsErased, long rowsPending,
                         Long minEpoch, Long maxEpoch, String skippedBecause) {

    /** Why a file is skipped whose very content an earlier run loaded under the same name. */
    public static final String ALREADY_LOADED = "already loaded";

    public static FileReport skipped(String file, String checksum, String because) {
        return new FileReport(file, checksum, 0, 0, "", 0, 0, 0, 0, 0, 0, null, null, because);
    }

    /** A file read whole (a roster, a goals file) whose rows were counted: accepted ones loaded or duplicate, the rejected quarantined. */
    public static FileReport readWhole(String file, String checksum, long bytes, long accepted, long rejected, long loaded) {
        return new FileReport(file, checksum, bytes, 0, checksum, accepted + rejected, loaded, accepted - loaded, rejected, 0, 0, null, null, null);
    }

    /** A file read whole that was refused as a whole (quarantined as one record). */
    public static FileReport refusedWhole(String file, String checksum, long bytes) {
        return readWhole(file, checksum, bytes, 0, 1, 0);
    }

    /**
     * This report with {@code loaded} of the rows it counted as duplicates loaded after all: a file whose rows are
     * written together with the other files of its run is reported before that write, its stored candidates as
     * duplicates.
     */
    public FileReport withLoaded(long loaded) {
        if (loaded > rowsDuplicate) {
            throw new IllegalStateException(file + ": " + loaded + " row(s) loaded, more than its " + rowsDuplicate + " candidate(s)");
        }
        return new FileReport(file, checksum, bytesConsumed, linesConsumed, prefixChecksum, rowsIn, rowsLoaded + loaded,
                rowsDuplicate - loaded, rowsQuarantined, rowsErased, rowsPending, minEpoch, maxEpoch, skippedBecause);
    }

    public boolean isSkipped() {
        return skippedBecause != null;
    }

    /** Skipped because an earlier run loaded this very content under this name (a landing file kept on). */
    public boolean isAlreadyLoaded() {
        return ALREADY_LOADED.equals(skippedBecause);
    }

    public String describe() {
        if (isSkipped()) return file + ": skipped, " + skippedBecause;
        return String.format("%s: read %d, loaded %d, duplicate %d, quarantined %d, erased %d%s", file, rowsIn, rowsLoaded,
                rowsDuplicate, rowsQuarantined, rowsErased, rowsPending > 0 ? ", pending (incomplete last line) " + rowsPending : "");
    }
}
