package io.indicate.spark;

import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spark SQL settings sized to the rows one step reads. Spark compiles Java code for every query it runs
 * (whole-stage and expression code generation, through Janino) and re-plans each stage under adaptive
 * execution: for a 15-minute increment of a few thousand rows that fixed cost is most of a query's time, and a
 * build runs dozens of queries. Below {@code small_build_lines} a step therefore runs with interpreted
 * expressions and a fixed plan; above it, with Spark's defaults, whose compiled code pays off on many rows. The
 * results are the same either way (both are Spark's own, tested execution paths); only the time differs.
 *
 * <p>A {@code spark.*} JVM system property of one of these keys (as {@code spark-submit --conf} or
 * {@code JAVA_OPTS=-D...} sets it) wins: that key is then left as given for every size.
 */
public final class SparkSizing {
    private SparkSizing() {}

    public enum Size {
        SMALL("interpreted expressions, no adaptive re-planning"),
        LARGE("code generation, adaptive execution");

        private final String description;

        Size(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** Each key's value for a small step, then for a large one. */
    private static final Map<String, String[]> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("spark.sql.codegen.wholeStage", new String[]{"false", "true"});
        SETTINGS.put("spark.sql.codegen.factoryMode", new String[]{"NO_CODEGEN", "FALLBACK"});
        SETTINGS.put("spark.sql.adaptive.enabled", new String[]{"false", "true"});
    }

    /** SMALL when {@code rows} is below {@code smallBelow}, else LARGE. */
    public static Size forRows(long rows, long smallBelow) {
        return rows < smallBelow ? Size.SMALL : Size.LARGE;
    }

    /** Sets the session's settings for {@code size} (except those given as JVM system properties). */
    public static void apply(SparkSession spark, Size size) {
        SETTINGS.forEach((key, values) -> {
            if (System.getProperty(key) == null) spark.conf().set(key, values[size == Size.SMALL ? 0 : 1]);
        });
    }
}
