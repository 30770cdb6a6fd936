package io.indicate.privacy;

import io.indicate.ingest.SourceFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The landed source files that still hold an erased person: the warehouse forgets them, but a landing folder is
 * the operator's (an archive, a share the PBX writes to), so its files are listed for the operator to delete or
 * redact, never changed here. A file is read as ingest reads it (gzip recognised by its magic bytes, hidden files
 * and symbolic links left alone); a line counts when it holds the person, whatever notation it uses.
 */
public final class LandingFiles {
    /** A landed file and how many of its lines hold the person. */
    public record Holding(String file, long lines) {}

    private final Configuration conf;

    public LandingFiles(Configuration conf) {
        this.conf = conf;
    }

    /** A line holds the caller when one of the phone numbers it has is theirs (as the pseudonymiser normalises it). */
    public static Predicate<String> caller(String number) {
        String normalised = Pseudonymiser.normalisePhone(number);
        return line -> PhoneNumbersInText.candidates(line).contains(normalised);
    }

    /** A line holds the requester when one of its {@code requester_id} fields, quoted or not, is theirs. */
    public static Predicate<String> requester(String id) {
        String wanted = id.trim();
        return line -> Erasure.requesterIdsIn(line).stream().anyMatch(wanted::equalsIgnoreCase);
    }

    /**
     * A line holds the agent when one of its pieces (between | , quotes, angle brackets, colons, braces) is one of
     * their identifiers (case aside), or a CRM {@code assignee_id} field is one of their CRM user ids. A bare
     * extension is not looked for: durations and counts hold the same digits.
     */
    public static Predicate<String> agent(Erasure.AgentIdentity identity) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        for (String id : identity.identifiers()) wanted.add(id.trim().toLowerCase(java.util.Locale.ROOT));
        java.util.regex.Pattern assignee = java.util.regex.Pattern.compile("\"assignee_id\"\\s*:\\s*\"?([^\",}\\]\\s]+)");
        return line -> {
            java.util.regex.Matcher piece = AnonymousAgents.PIECE.matcher(line);
            while (piece.find()) if (wanted.contains(piece.group().trim().toLowerCase(java.util.Locale.ROOT))) return true;
            java.util.regex.Matcher a = assignee.matcher(line);
            while (a.find()) if (identity.crmUserIds().contains(a.group(1))) return true;
            return false;
        };
    }

    /** The files of each folder with at least one line {@code holds}, in listing order. */
    public List<Holding> holding(List<String> folders, Predicate<String> holds) throws IOException {
        List<Holding> out = new ArrayList<>();
        for (String folder : folders) {
            for (String file : SourceFiles.list(conf, folder)) {
                Path p = new Path(file);
                FileSystem fs = p.getFileSystem(conf);
                if (SourceFiles.isSymlink(fs, p)) continue;
                long lines = linesHolding(fs, p, holds);
                if (lines > 0) out.add(new Holding(file, lines));
            }
        }
        return out;
    }

    private static long linesHolding(FileSystem fs, Path p, Predicate<String> holds) throws IOException {
        try (FSDataInputStream raw = fs.open(p)) {
            InputStream content = SourceFiles.startsWithGzipMagic(raw) ? new GZIPInputStream(raw) : raw;
            // bytes that are not UTF-8 cannot be part of a number or an id: read past them
            BufferedReader lines = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
            long n = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (holds.test(line)) n++;
            }
            return n;
        }
    }
}
