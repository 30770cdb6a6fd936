package io.indicate.testing;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a model test ({@code io.indicate.build.ModelHarness}): one SQL model run on a few given rows, in a Spark
 * session but without Delta or a warehouse. They run in the main lane and in {@code bin/test --fast}, which
 * leaves out only {@link WarehouseTest}s among the Spark tests: a rule of a model is checked in seconds there.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(ModelTest.TAG)
public @interface ModelTest {
    String TAG = "model";
}
