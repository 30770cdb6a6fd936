package io.indicate.airflow;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** Finds the repository root from wherever the tests run (module directory under Maven, root in an IDE). */
final class ProjectPaths {
    private ProjectPaths() {
    }

    static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("dags/pom.xml"))) {
                return dir;
            }
        }
        return fail("cannot find the repository root (a folder with pom.xml and dags/pom.xml) above " + start);
    }

    static Path dagsFolder() {
        return repositoryRoot().resolve("dags");
    }
}
