package io.indicate.spark;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Hadoop's local file system ({@code file:}, with its checksum files) without the process it starts for each file
 * it creates and each file Delta's log store renames. Without Hadoop's native library (which no Spark distribution
 * ships for this) the raw local file system sets a new file's permissions by running {@code chmod} and, before a
 * rename, tells a symbolic link from a file by running {@code readlink}: 2,170 and 1,008 of them in one
 * {@code bin/indicate demo} (6,765 processes by the kernel's count), each spawned from a JVM with a large heap. Here Java's own file API does both, with the
 * same result; a sticky bit (which Java cannot set) and a file that is a symbolic link still take Hadoop's way.
 *
 * <p>{@link SparkSessions} installs it for a local master ({@code fs.file.impl}, and {@link LocalFsWithoutForks} for
 * {@code FileContext}, which Delta's log store uses); a cluster keeps its own file systems.
 */
public class LocalFileSystemWithoutForks extends LocalFileSystem {
    public LocalFileSystemWithoutForks() {
        super(new Raw());
    }

    /** The raw local file system under the checksums (also under {@link LocalFsWithoutForks}). */
    static final class Raw extends RawLocalFileSystem {
        private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            if (!POSIX || permission.getStickyBit() || NativeIO.isAvailable()) {
                super.setPermission(p, permission);
                return;
            }
            Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(
                    permission.getUserAction().SYMBOL + permission.getGroupAction().SYMBOL
                            + permission.getOtherAction().SYMBOL));
        }

        /** What Hadoop's own returns (it reads the link with {@code readlink} first): a plain file's status. */
        @Override
        public FileStatus getFileLinkStatus(Path f) throws IOException {
            if (!POSIX || Files.isSymbolicLink(pathToFile(f).toPath())) return super.getFileLinkStatus(f);
            return getFileStatus(f);
        }
    }
}
