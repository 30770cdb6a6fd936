package io.indicate.superset;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the repository the tests read: the Superset asset bundle and the published OpenAPI document
 * (kept outside the project, in {@code ../shared/specs/} from the repository root). Found by walking up
 * from the working directory, so tests run from the module or from the root alike.
 */
public final class RepositoryFiles {
    private RepositoryFiles() {}

    public static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("superset/assets/metadata.yaml")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (a folder with pom.xml and superset/assets/) above "
                + Path.of("").toAbsolutePath());
    }

    public static Path supersetAssets() {
        return root().resolve("superset/assets");
    }

    public static Path supersetOpenApi() {
        Path spec = root().resolve("../shared/specs/superset-openapi-v1.json").normalize();
        if (!Files.isRegularFile(spec)) {
            throw new IllegalStateException("the Superset OpenAPI document is expected at " + spec);
        }
        return spec;
    }
}
