package io.indicate.digest;

import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import io.indicate.warehouse.WarehouseLock;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The digest's journal, {@code <warehouse>/_digest.journal} next to its lock: one line per mail the SMTP server
 * accepted, on disk ({@link FileChannel#force}) before the next mail is sent. It is what lets {@link DigestLog} append
 * {@code meta.digest_log} in batches and still leave no accepted mail unrecorded when a run is killed between two
 * appends: the next digest (and forget, which re-keys the log) first appends the journal's rows the log does not
 * hold yet ({@link #recover}), then empties it. Only the holder of the digest lock reads or writes it.
 *
 * <p>Only a local warehouse has one, as only a local warehouse has the lock; on an object store there is no journal
 * ({@link #open} returns null) and each mail is its own commit.
 */
public final class DigestJournal implements AutoCloseable {
    /** The journal's name in the warehouse root. */
    static final String FILE = "_digest.journal";

    private final Path file;
    private final FileChannel channel;

    private DigestJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** The journal of {@code warehouse}, opened (created when missing); null for a warehouse on an object store. */
    static DigestJournal open(Warehouse warehouse) {
        Path root = WarehouseLock.localRoot(warehouse.root());
        if (root == null) return null;
        Path file = root.resolve(FILE);
        try {
            return new DigestJournal(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the digest journal " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends to {@code meta.digest_log} the mails a digest journaled and did not append (it was killed between two
     * appends, or after an append before it emptied the journal: rows the log holds already are not appended again),
     * then empties the journal. For forget, which must see every mail recorded before it re-keys the log; the digest
     * lock must be held.
     */
    public static void recover(Warehouse warehouse) {
        try (DigestJournal journal = open(warehouse)) {
            if (journal != null) journal.recoverInto(warehouse);
        }
    }

    void recoverInto(Warehouse warehouse) {
        List<Row> rows = rows();
        if (!rows.isEmpty()) {
            warehouse.insertNew(Table.META_DIGEST_LOG, warehouse.spark().createDataFrame(rows, DigestLog.ROW),
                    List.of("date_local", "agent_id", "sent_at"), null);
        }
        clear();
    }

    /** Adds one row of {@code meta.digest_log} ({@link DigestLog#ROW}) and forces it to disk. */
    void write(Row row) {
        Instant sentAt = ((Timestamp) row.get(4)).toInstant();
        String line = row.getDate(0).toLocalDate() + "\t" + URLEncoder.encode(row.getString(1), StandardCharsets.UTF_8) + "\t"
                + row.getString(2) + "\t" + row.getBoolean(3) + "\t" + ChronoUnit.MICROS.between(Instant.EPOCH, sentAt) + "\n";
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        try {
            long at = channel.size();
            while (bytes.hasRemaining()) at += channel.write(bytes, at);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the digest journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** The rows of the journal's complete lines (a line cut short by a kill was never a record: its mail goes again). */
    List<Row> rows() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the digest journal " + file + ": " + e.getMessage(), e);
        }
        List<Row> rows = new ArrayList<>();
        int end;
        for (int start = 0; (end = text.indexOf('\n', start)) >= 0; start = end + 1) {
            String[] f = text.substring(start, end).split("\t", -1);
            rows.add(RowFactory.create(Date.valueOf(LocalDate.parse(f[0])), URLDecoder.decode(f[1], StandardCharsets.UTF_8), f[2],
                    Boolean.parseBoolean(f[3]), Timestamp.from(Instant.EPOCH.plus(Long.parseLong(f[4]), ChronoUnit.MICROS))));
        }
        return rows;
    }

    /** Empties the journal: its rows are in {@code meta.digest_log}. */
    void clear() {
        try {
            channel.truncate(0);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the digest journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the digest journal " + file, e);
        }
    }
}
