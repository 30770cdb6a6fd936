package io.indicate.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists and reads landed source files through Hadoop's FileSystem, so a landing folder may be local or on
 * s3a://, abfss:// or hdfs://. Gzipped files are recognised by their magic bytes, whatever their name.
 */
public final class SourceFiles {
    private static final Pattern ROTATION = Pattern.compile("\\.(\\d+)(\\.gz)?$");

    private SourceFiles() {}

    /**
     * The regular files of a folder, oldest rotation first: {@code queue_log.3.gz, queue_log.2.gz,
     * queue_log.1, queue_log}; names without a rotation number sort by name after the numbered ones.
     * Hidden files (leading '.' or '_') are ignored.
     */
    public static List<String> list(Configuration conf, String dir) throws IOException {
        Path p = new Path(dir);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p) || !fs.getFileStatus(p).isDirectory()) {
            throw new IllegalArgumentException("folder not found: " + dir);
        }
        List<FileStatus> files = new ArrayList<>(Arrays.stream(fs.listStatus(p))
                .filter(FileStatus::isFile)
                .filter(s -> !s.getPath().getName().startsWith(".") && !s.getPath().getName().startsWith("_"))
                .toList());
        files.sort(Comparator.comparing((FileStatus s) -> -rotationNumber(s.getPath().getName()))
                .thenComparing(s -> s.getPath().getName()));
        List<String> out = new ArrayList<>();
        for (FileStatus s : files) out.add(s.getPath().toString());
        return out;
    }

    /**
     * Whether {@code path} is a symbolic link on the local file system (Hadoop's local listing follows links and
     * does not tell them apart; object stores have none, HDFS has them disabled).
     */
    public static boolean isSymlink(FileSystem fs, Path path) {
        URI uri = fs.makeQualified(path).toUri();
        return "file".equals(uri.getScheme()) && Files.isSymbolicLink(Paths.get(uri));
    }

    /** Whether the file starts as a gzip does (whatever its name); leaves the stream at its start. */
    public static boolean startsWithGzipMagic(org.apache.hadoop.fs.FSDataInputStream in) throws IOException {
        byte[] magic = in.readNBytes(2);
        in.seek(0);
        return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    }

    static long rotationNumber(String name) {
        Matcher m = ROTATION.matcher(name);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    public static String sha256(byte[] bytes, int length) {
        MessageDigest md = sha256Digest();
        md.update(bytes, 0, length);
        return HexFormat.of().formatHex(md.digest());
    }

    /** A fresh SHA-256 digest, for hashing a content as it streams by. */
    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return sha256(b, b.length);
    }
}
