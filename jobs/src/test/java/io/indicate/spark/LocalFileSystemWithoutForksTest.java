package io.indicate.spark;

import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local file system that starts no process does what Hadoop's does: a created file or folder gets the permission
 * asked for, its checksum file is written and checked, a file's, a folder's and a symbolic link's status are Hadoop's
 * own, and a rename onto an existing file fails (Delta's log store relies on that to keep two writers from taking the
 * same commit number). A local Spark session uses it.
 */
class LocalFileSystemWithoutForksTest {
    private static Configuration conf() {
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", LocalFileSystemWithoutForks.class.getName());
        conf.set("fs.AbstractFileSystem.file.impl", LocalFsWithoutForks.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return conf;
    }

    private static String posix(java.nio.file.Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aFileAndAFolderGetThePermissionAskedForAndTheFileItsChecksum(@TempDir java.nio.file.Path dir) throws Exception {
        FileSystem fs = FileSystem.get(URI.create("file:///"), conf());
        assertEquals(LocalFileSystemWithoutForks.class, fs.getClass());
        Path folder = new Path(dir.toUri().toString(), "part=1");
        assertTrue(fs.mkdirs(folder, new FsPermission((short) 0750)));
        Path file = new Path(folder, "data.parquet");
        try (var out = fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
            out.write("rows".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("rwxr-x---", posix(dir.resolve("part=1")));
        assertEquals("rw-r-----", posix(dir.resolve("part=1/data.parquet")));
        fs.setPermission(file, new FsPermission((short) 0604));
        assertEquals("rw----r--", posix(dir.resolve("part=1/data.parquet")));
        assertTrue(Files.exists(dir.resolve("part=1/.data.parquet.crc")), "the checksum file is written");

        // a changed byte is caught by the checksum, as with Hadoop's local file system
        Files.write(dir.resolve("part=1/data.parquet"), "rowz".getBytes(StandardCharsets.UTF_8));
        assertThrows(org.apache.hadoop.fs.ChecksumException.class, () -> {
            try (var in = fs.open(file)) {
                in.readFully(new byte[4]);
            }
        });
    }

    @Test
    void aRenameThroughFileContextMovesAFileAndNeverReplacesOne(@TempDir java.nio.file.Path dir) throws Exception {
        FileContext fc = FileContext.getFileContext(URI.create("file:///"), conf());
        Path log = new Path(dir.toUri().toString(), "_delta_log");
        Path tmp = new Path(log, ".00000000000000000001.json.tmp");
        Path commit = new Path(log, "00000000000000000001.json");
        fc.mkdir(log, FsPermission.getDirDefault(), true);
        try (var out = fc.create(tmp, java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE))) {
            out.write("first".getBytes(StandardCharsets.UTF_8));
        }
        fc.rename(tmp, commit, Options.Rename.NONE);
        assertFalse(fc.util().exists(tmp));
        assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(
                dir.resolve("_delta_log/00000000000000000001.json")));

        Path other = new Path(log, ".00000000000000000001.json.other.tmp");
        try (var out = fc.create(other, java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE))) {
            out.write("second".getBytes(StandardCharsets.UTF_8));
        }
        assertThrows(FileAlreadyExistsException.class, () -> fc.rename(other, commit, Options.Rename.NONE));
        assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(
                dir.resolve("_delta_log/00000000000000000001.json")), "the commit taken first stays");
    }

    @Test
    void aFilesAndALinksStatusAreHadoopsOwn(@TempDir java.nio.file.Path dir) throws Exception {
        Configuration hadoops = new Configuration(false);
        hadoops.setBoolean("fs.file.impl.disable.cache", true);
        hadoops.set("fs.AbstractFileSystem.file.impl", org.apache.hadoop.fs.local.LocalFs.class.getName());
        FileSystem theirs = FileSystem.get(URI.create("file:///"), hadoops);
        assertEquals(org.apache.hadoop.fs.LocalFileSystem.class, theirs.getClass());
        FileSystem ours = FileSystem.get(URI.create("file:///"), conf());
        java.nio.file.Path target = Files.writeString(dir.resolve("target.txt"), "x");
        Files.createSymbolicLink(dir.resolve("link.txt"), target);
        Files.createDirectory(dir.resolve("folder"));

        FileContext theirFc = FileContext.getFileContext(URI.create("file:///"), hadoops);
        FileContext ourFc = FileContext.getFileContext(URI.create("file:///"), conf());
        for (String name : new String[] {"target.txt", "link.txt", "folder"}) {
            Path p = new Path(dir.resolve(name).toUri());
            assertSameStatus(theirs.getFileLinkStatus(p), ours.getFileLinkStatus(p), name);
            // FileContext is the log store's way (a rename looks at both paths' link status first)
            assertSameStatus(theirFc.getFileLinkStatus(p), ourFc.getFileLinkStatus(p), name + " (FileContext)");
        }
        assertTrue(ours.getFileLinkStatus(new Path(target.toUri())).isFile());
        Path missing = new Path(dir.resolve("none").toUri());
        assertThrows(FileNotFoundException.class, () -> theirs.getFileLinkStatus(missing));
        assertThrows(FileNotFoundException.class, () -> ours.getFileLinkStatus(missing));
        assertThrows(FileNotFoundException.class, () -> ourFc.getFileLinkStatus(missing));
    }

    private static void assertSameStatus(FileStatus expected, FileStatus actual, String name) throws Exception {
        assertEquals(expected.isFile(), actual.isFile(), name);
        assertEquals(expected.isDirectory(), actual.isDirectory(), name);
        assertEquals(expected.isSymlink(), actual.isSymlink(), name);
        if (expected.isSymlink()) assertEquals(expected.getSymlink(), actual.getSymlink(), name);
        assertEquals(expected.getLen(), actual.getLen(), name);
        assertEquals(expected.getPath(), actual.getPath(), name);
        assertEquals(expected.getModificationTime(), actual.getModificationTime(), name);
    }

    @Nested
    @WarehouseTest
    class ALocalSparkSession {
        @Test
        void usesItForFilesAndForDeltasLogStore() throws Exception {
            Configuration conf = TestWarehouse.spark().sparkContext().hadoopConfiguration();
            assertEquals(LocalFileSystemWithoutForks.class, FileSystem.getFileSystemClass("file", conf));
            assertEquals(LocalFsWithoutForks.class.getName(), conf.get("fs.AbstractFileSystem.file.impl"));
        }
    }
}
