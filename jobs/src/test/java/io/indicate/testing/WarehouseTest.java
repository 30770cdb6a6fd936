package io.indicate.testing;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs the JVM's Spark session and Delta tables (a warehouse, a build, a publish of
 * marts). {@code bin/test} runs them; {@code bin/test --fast} leaves them out, keeping the rules and parsers
 * that run without Spark, and the model tests ({@link ModelTest}: Spark, but no Delta).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(WarehouseTest.TAG)
public @interface WarehouseTest {
    String TAG = "warehouse";
}
