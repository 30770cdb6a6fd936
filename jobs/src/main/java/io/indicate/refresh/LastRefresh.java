package io.indicate.refresh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.indicate.config.Settings;
import io.indicate.ingest.Source;
import io.indicate.ingest.SourceFiles;
import io.indicate.ingest.Sources;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a refresh found when it last completed, so that a refresh finding the same again knows it has nothing to do
 * without starting Spark: a cycle that would ingest no new line, build nothing and publish nothing then costs a listing
 * of the landing folders and of the tables' logs instead of a Spark session and an empty ingest batch (the 15-minute
 * cycles of a night or a weekend, and a warm session's cycles between two landings).
 *
 * <p>What is compared, as text in the warehouse's {@value #FILE} (readable by whoever wonders why a run skipped):
 * <ul>
 * <li>every landed file of the sources, with its length and modification time, as listed when that refresh started
 * (a file that landed or grew while it ran is new to the next one): the quick check rsync makes;</li>
 * <li>the latest committed version of every warehouse table when it ended: any write since (a build, a forget, an
 * optimize, another refresh) makes the next refresh run;</li>
 * <li>the settings, whether and where it published, whether it deferred repeat contacts, the code (the job's jar)
 * and the contact centre's local day: a new day publishes its access tables as of that day, so it always runs.</li>
 * </ul>
 * It is written only after a cycle whose checks passed and whose publish (when asked) completed: a failed or
 * stopped cycle leaves the previous one, which no longer matches the tables it changed. A missing or unreadable
 * file only means the next refresh runs.
 */
public final class LastRefresh {
    /** The file at the warehouse root. */
    public static final String FILE = "_last_refresh.txt";

    private LastRefresh() {}

    /**
     * What a refresh starting now finds, except the tables: its inputs and circumstances (see the class comment).
     * {@code publishTo} identifies the serving database (null: no publish); only its digest is kept.
     */
    public static String inputs(Map<Source, String> sources, Settings settings, boolean deferRepeats, String publishTo,
                                LocalDate today, Configuration conf) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("day ").append(today).append('\n');
        out.append("code ").append(code()).append('\n');
        out.append("settings ").append(SourceFiles.sha256(settingsText(settings))).append('\n');
        out.append("publish ").append(publishTo == null ? "no" : SourceFiles.sha256(publishTo)).append('\n');
        out.append("defer_repeat_dates ").append(deferRepeats).append('\n');
        for (Source source : Sources.ALL) {
            String location = sources.get(source);
            if (location == null) continue;
            out.append("source ").append(source.name()).append(' ').append(location).append('\n');
            for (String file : files(location, conf)) out.append("  ").append(file).append('\n');
        }
        return out.toString();
    }

    /** The latest committed version of every table of the warehouse at {@code root}. */
    public static String tables(String root, Configuration conf) throws IOException {
        StringBuilder out = new StringBuilder();
        Warehouse.committedVersions(root, conf).forEach((t, v) -> out.append("table ").append(t.qualifiedName()).append(' ').append(v).append('\n'));
        return out.toString();
    }

    /** True when the last completed refresh found exactly {@code inputs} and left exactly the tables there are now. */
    public static boolean unchanged(String root, String inputs, Configuration conf) throws IOException {
        String recorded;
        try {
            recorded = Warehouse.rootFile(root, FILE, conf);
        } catch (UncheckedIOException e) {
            return false;
        }
        return recorded != null && recorded.equals(inputs + tables(root, conf));
    }

    /** Records a completed refresh: what it found when it started ({@link #inputs}) and the tables it left. */
    public static void record(String root, String inputs, Configuration conf) throws IOException {
        Warehouse.writeRootFile(root, FILE, inputs + tables(root, conf), conf);
    }

    /** Every file under {@code location} (a file or a folder), with its length and modification time, sorted. */
    private static TreeSet<String> files(String location, Configuration conf) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        Path p = new Path(location);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus status;
        try {
            status = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            return out;
        }
        if (!status.isDirectory()) {
            out.add(describe(status));
            return out;
        }
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
        while (it.hasNext()) out.add(describe(it.next()));
        return out;
    }

    private static String describe(FileStatus f) {
        return f.getPath() + " " + f.getLen() + " " + f.getModificationTime();
    }

    private static String settingsText(Settings settings) {
        try {
            return JsonMapper.builder().enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build().writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the settings", e);
        }
    }

    /** The code that runs: the job's jar (its length and modification time), or the folder of its classes. */
    private static String code() {
        try {
            File f = new File(LastRefresh.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return f.isFile() ? f.getName() + " " + f.length() + " " + f.lastModified() : f.getPath();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
