package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.indicate.roster.Role;
import io.indicate.security.AccessRules;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboards-as-code folder holds together: references resolve, names exist, every dataset has rules. */
class AssetBundleTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Path assets = RepositoryFiles.supersetAssets();

    /** The files of one folder of the bundle, as Superset receives them (datasets with their KPI columns). */
    private Map<String, JsonNode> read(String folder) {
        Map<String, JsonNode> out = new TreeMap<>();
        KpiDatasets.read(assets, java.time.ZoneId.of("Europe/Stockholm")).forEach((file, node) -> { if (file.startsWith(folder + "/")) out.put(file, node); });
        return out;
    }

    @Test
    void everyChartDashboardAndDatasetReferenceResolvesAndUuidsAreUnique() throws IOException {
        Map<String, JsonNode> databases = read("databases"), datasets = read("datasets"), charts = read("charts"), dashboards = read("dashboards");
        Set<String> uuids = new HashSet<>();
        for (Map<String, JsonNode> kind : List.of(databases, datasets, charts, dashboards)) {
            kind.forEach((file, node) -> assertTrue(uuids.add(node.path("uuid").asText()), "duplicate uuid in " + file));
        }
        Map<String, JsonNode> datasetByUuid = new HashMap<>();
        datasets.values().forEach(d -> datasetByUuid.put(d.path("uuid").asText(), d));
        String databaseUuid = databases.values().iterator().next().path("uuid").asText();
        datasets.forEach((file, d) -> assertEquals(databaseUuid, d.path("database_uuid").asText(), file));

        for (Map.Entry<String, JsonNode> c : charts.entrySet()) {
            JsonNode dataset = datasetByUuid.get(c.getValue().path("dataset_uuid").asText());
            assertTrue(dataset != null, c.getKey() + " names an unknown dataset");
            Set<String> metrics = new HashSet<>(), columns = new HashSet<>();
            dataset.path("metrics").forEach(m -> metrics.add(m.path("metric_name").asText()));
            dataset.path("columns").forEach(col -> columns.add(col.path("column_name").asText()));
            JsonNode params = c.getValue().path("params");
            params.path("metrics").forEach(m -> assertTrue(metrics.contains(m.asText()), c.getKey() + ": unknown metric " + m));
            for (String grouping : List.of("groupby", "groupbyRows", "groupbyColumns")) {
                params.path(grouping).forEach(g -> assertTrue(columns.contains(g.asText()), c.getKey() + ": unknown column " + g));
            }
            params.path("adhoc_filters").forEach(f -> assertTrue(columns.contains(f.path("subject").asText()), c.getKey()));
            if (params.has("x_axis")) assertTrue(columns.contains(params.path("x_axis").asText()), c.getKey());
        }

        Set<String> chartUuids = new HashSet<>();
        charts.values().forEach(c -> chartUuids.add(c.path("uuid").asText()));
        Set<String> placed = new HashSet<>();
        for (Map.Entry<String, JsonNode> d : dashboards.entrySet()) {
            d.getValue().path("position").forEach(item -> {
                if (item.path("type").asText().equals("CHART")) {
                    String uuid = item.path("meta").path("uuid").asText();
                    assertTrue(chartUuids.contains(uuid), d.getKey() + " places an unknown chart " + uuid);
                    placed.add(uuid);
                }
            });
        }
        assertEquals(chartUuids, placed, "every chart is on a dashboard");
        assertEquals(Set.of("My performance", "Team", "Organisation"),
                new HashSet<>(dashboards.values().stream().map(d -> d.path("dashboard_title").asText()).toList()));
    }

    @Test
    void everyDatasetIsCoveredByTheAccessRulesForEveryRole() throws IOException {
        for (JsonNode d : read("datasets").values()) {
            String table = d.path("table_name").asText();
            assertEquals("serving", d.path("schema").asText());
            for (Role role : Role.values()) AccessRules.access(role, table);
        }
    }

    @Test
    void theZipCarriesTheFingerprintInEveryDatasetAndItChangesWithTheDatabaseUri() throws IOException {
        AssetBundle bundle = AssetBundle.load(assets, null, java.time.ZoneId.of("Europe/Stockholm"));
        Map<String, JsonNode> zipped = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bundle.zip(true)))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) zipped.put(e.getName(), YAML.readTree(zip.readAllBytes()));
        }
        List<String> datasets = new ArrayList<>(zipped.keySet().stream().filter(n -> n.startsWith("indicate_assets/datasets/")).toList());
        assertEquals(bundle.datasets().size(), datasets.size());
        for (String name : datasets) {
            assertEquals(bundle.fingerprint(), zipped.get(name).path("extra").path(AssetBundle.MARKER).asText(), name);
        }
        assertTrue(zipped.containsKey("indicate_assets/metadata.yaml"));
        assertEquals("databases/serving.yaml", bundle.databaseFile());

        AssetBundle elsewhere = AssetBundle.load(assets, "postgresql+psycopg2://reader@db.example:5432/indicate", java.time.ZoneId.of("Europe/Stockholm"));
        assertNotEquals(bundle.fingerprint(), elsewhere.fingerprint());
        // with a password to send or keep, the URI carries Superset's mask (a URI without one would erase the
        // stored password on import); without, it has none, for a new passwordless connection
        assertEquals("postgresql+psycopg2://reader:XXXXXXXXXX@db.example:5432/indicate", zippedUri(elsewhere, true));
        assertEquals("postgresql+psycopg2://reader@db.example:5432/indicate", zippedUri(elsewhere, false));
        assertFalse(bundle.fingerprint().isEmpty());
    }

    private static String zippedUri(AssetBundle bundle, boolean maskedPassword) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bundle.zip(maskedPassword)))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().endsWith("databases/serving.yaml")) return YAML.readTree(zip.readAllBytes()).path("sqlalchemy_uri").asText();
            }
        }
        throw new AssertionError("no databases/serving.yaml in the zip");
    }
}
