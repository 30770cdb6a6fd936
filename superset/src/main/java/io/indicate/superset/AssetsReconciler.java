package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static io.indicate.superset.SyncLog.JSON;

/**
 * The asset bundle (database, datasets, charts, dashboards) in Superset: imported when Superset's datasets do not
 * all carry the bundle's fingerprint (or when forced), left alone otherwise.
 */
final class AssetsReconciler {
    private final SupersetClient client;
    private final SyncLog log;
    private final String databasePassword;
    private final boolean forceImport;

    /** {@code databasePassword}: the serving database's, or null to import the bundle's URI as it is. */
    AssetsReconciler(SupersetClient client, SyncLog log, String databasePassword, boolean forceImport) {
        this.client = client;
        this.log = log;
        this.databasePassword = databasePassword;
        this.forceImport = forceImport;
    }

    /** Imports the bundle where needed; returns the ids of its datasets by table name. */
    Map<String, Integer> sync(AssetBundle bundle) {
        Map<String, JsonNode> existing = datasetsOf(bundle);
        boolean current = !forceImport && existing.size() == bundle.datasets().size() && existing.values().stream()
                .allMatch(d -> bundle.fingerprint().equals(markerOf(d)));
        if (current) {
            log.line("assets: unchanged (" + existing.size() + " datasets carry bundle " + bundle.fingerprint().substring(0, 12) + ")");
        } else {
            boolean databaseExists = client.list("/api/v1/database/").stream()
                    .anyMatch(db -> bundle.databaseName().equals(db.path("database_name").asText()));
            boolean passwordKnown = databasePassword != null || databaseExists;
            if (!passwordKnown) {
                log.warn("no serving database password given: database '" + bundle.databaseName()
                        + "' is created without one (set INDICATE_SERVING_DB_PASSWORD unless the server needs none)");
            }
            Map<String, Object> parts = new LinkedHashMap<>();
            parts.put("bundle", new SupersetClient.FilePart("indicate_assets.zip", "application/zip", bundle.zip(passwordKnown)));
            if (databasePassword != null) {
                parts.put("passwords", JSON.createObjectNode().put(bundle.databaseFile(), databasePassword).toString());
            }
            // the assets endpoint always overwrites; the flag is what the per-type import endpoints expect
            parts.put("overwrite", "true");
            client.postMultipart("/api/v1/assets/import/", parts);
            existing = datasetsOf(bundle);
            log.line("assets: imported bundle " + bundle.fingerprint().substring(0, 12) + " (" + existing.size() + " datasets)");
            if (existing.size() != bundle.datasets().size()) {
                throw new IllegalStateException("after the import Superset shows " + existing.size() + " of the bundle's "
                        + bundle.datasets().size() + " datasets");
            }
        }
        Map<String, Integer> ids = new TreeMap<>();
        existing.forEach((table, d) -> ids.put(table, d.path("id").asInt()));
        return ids;
    }

    /** The id of the database the bundle defines (it exists once {@link #sync} ran). */
    int databaseId(String name) {
        for (JsonNode db : client.list("/api/v1/database/")) {
            if (name.equals(db.path("database_name").asText())) return db.path("id").asInt();
        }
        throw new IllegalStateException("Superset has no database named '" + name + "' although the bundle defines it");
    }

    /** The bundle's datasets as Superset lists them, by table name. */
    private Map<String, JsonNode> datasetsOf(AssetBundle bundle) {
        Map<String, JsonNode> found = new TreeMap<>();
        List<JsonNode> all = client.list("/api/v1/dataset/");
        for (AssetBundle.DatasetRef ref : bundle.datasets()) {
            for (JsonNode d : all) {
                if (ref.table().equals(d.path("table_name").asText())
                        && Objects.equals(ref.schema(), d.path("schema").asText(null))
                        && ref.databaseName().equals(d.path("database").path("database_name").asText())) {
                    found.put(ref.table(), d);
                }
            }
        }
        return found;
    }

    private static String markerOf(JsonNode dataset) {
        String extra = dataset.path("extra").asText(null);
        if (extra == null || extra.isBlank()) return null;
        try {
            return JSON.readTree(extra).path(AssetBundle.MARKER).asText(null);
        } catch (Exception e) {
            return null;
        }
    }
}
