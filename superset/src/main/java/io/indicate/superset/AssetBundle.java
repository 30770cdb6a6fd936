package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The dashboards-as-code folder ({@code superset/assets}) in Superset's import-bundle format, ready to send
 * to {@code /api/v1/assets/import/}.
 *
 * <p>Superset cannot say whether what it holds equals a bundle, so the bundle carries its own fingerprint:
 * the SHA-256 of its files (and of the database URI override, if any) is written into every dataset's
 * {@code extra} as {@value #MARKER} when zipped. A later sync compares the datasets' markers with the
 * folder's fingerprint and imports only when they differ.
 */
final class AssetBundle {
    static final String MARKER = "indicate_bundle_sha256";
    private static final String ROOT = "indicate_assets/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    /** A dataset of the bundle: where it points. */
    record DatasetRef(String file, String databaseName, String schema, String table) {}

    private final Map<String, byte[]> files;
    private final String databaseUri;
    private final String fingerprint;

    private AssetBundle(Map<String, byte[]> files, String databaseUri) {
        this.files = files;
        this.databaseUri = databaseUri;
        this.fingerprint = fingerprint(files, databaseUri);
    }

    /**
     * Reads every YAML file under {@code dir}, its datasets completed for the centre's {@code zone}. {@code databaseUri},
     * if not null, replaces the {@code sqlalchemy_uri} of the bundle's database (without a password: that travels separately).
     */
    static AssetBundle load(Path dir, String databaseUri, ZoneId zone) {
        if (!Files.isRegularFile(dir.resolve("metadata.yaml"))) {
            throw new IllegalArgumentException("asset folder " + dir + " has no metadata.yaml (expected Superset's import-bundle layout)");
        }
        Map<String, byte[]> files = new TreeMap<>();
        try {
            for (Map.Entry<String, Path> f : KpiDatasets.yamlFiles(dir).entrySet()) {
                String file = f.getKey();
                byte[] content = Files.readAllBytes(f.getValue());
                // a mart's KPI columns and metrics (sql/kpis.yml), the goal attainment and last-refreshed metrics are written once: added here
                if (file.startsWith("datasets/")) content = YAML.writeValueAsBytes(KpiDatasets.complete(parse(file, content), file, zone));
                files.put(file, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read asset folder " + dir + ": " + e.getMessage(), e);
        }
        if (databaseFiles(files).size() != 1) {
            throw new IllegalArgumentException("asset folder " + dir + " must hold exactly one databases/*.yaml, has "
                    + databaseFiles(files));
        }
        return new AssetBundle(files, databaseUri);
    }

    private static List<String> databaseFiles(Map<String, byte[]> files) {
        return files.keySet().stream().filter(f -> f.startsWith("databases/")).toList();
    }

    String fingerprint() {
        return fingerprint;
    }

    /** Path of the database file inside the bundle, the key of its password in the import's {@code passwords}. */
    String databaseFile() {
        return databaseFiles(files).get(0);
    }

    String databaseName() {
        return yaml(databaseFile()).path("database_name").asText();
    }

    List<DatasetRef> datasets() {
        List<DatasetRef> refs = new ArrayList<>();
        String db = databaseName();
        for (String f : files.keySet()) {
            if (!f.startsWith("datasets/")) continue;
            JsonNode d = yaml(f);
            refs.add(new DatasetRef(f, db, d.path("schema").asText(null), d.path("table_name").asText()));
        }
        return refs;
    }

    /** Superset's stand-in for a password it holds but does not show ({@code PASSWORD_MASK}). */
    static final String PASSWORD_MASK = "XXXXXXXXXX";

    /**
     * The bundle as the ZIP Superset imports: files under one root folder, datasets marked with the fingerprint.
     * With {@code maskedPassword} the database URI carries Superset's password mask: the import then takes the
     * password from its {@code passwords} field, or keeps the one Superset holds (a URI without a password would
     * erase it: Superset's import copies the URI's password, none, over the stored one). Without it the URI has
     * no password: for a new database reached without one (trust, peer or a .pgpass on the Superset host).
     */
    byte[] zip(boolean maskedPassword) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                byte[] content = f.getValue();
                if (f.getKey().startsWith("datasets/")) {
                    ObjectNode d = (ObjectNode) yaml(f.getKey());
                    JsonNode extra = d.path("extra");
                    ObjectNode marked = extra.isObject() ? (ObjectNode) extra : d.objectNode();
                    marked.put(MARKER, fingerprint);
                    d.set("extra", marked);
                    content = YAML.writeValueAsBytes(d);
                } else if (f.getKey().equals(databaseFile())) {
                    ObjectNode d = (ObjectNode) yaml(f.getKey());
                    String uri = databaseUri != null ? databaseUri : d.path("sqlalchemy_uri").asText();
                    d.put("sqlalchemy_uri", withPassword(uri, maskedPassword ? PASSWORD_MASK : null));
                    content = YAML.writeValueAsBytes(d);
                }
                zip.putNextEntry(new ZipEntry(ROOT + f.getKey()));
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static final java.util.regex.Pattern URI_USER = java.util.regex.Pattern.compile("^([^:/]+://)([^:@/]*)(?::[^@/]*)?@(.*)$");

    /** {@code uri} with {@code password} after its user name (none when null); a URI without a user is returned as it is. */
    static String withPassword(String uri, String password) {
        java.util.regex.Matcher m = URI_USER.matcher(uri);
        if (!m.matches()) return uri;
        return m.group(1) + m.group(2) + (password == null ? "" : ":" + password) + "@" + m.group(3);
    }

    private JsonNode yaml(String file) {
        return parse(file, files.get(file));
    }

    private static JsonNode parse(String file, byte[] content) {
        try {
            return YAML.readTree(content);
        } catch (IOException e) {
            throw new IllegalArgumentException("asset " + file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    private static String fingerprint(Map<String, byte[]> files, String databaseUri) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                sha.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.getValue());
                sha.update((byte) 0);
            }
            if (databaseUri != null) sha.update(databaseUri.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
