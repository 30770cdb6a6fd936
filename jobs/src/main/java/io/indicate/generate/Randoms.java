package io.indicate.generate;

import java.util.SplittableRandom;

/**
 * Continuous distributions drawn from a {@link SplittableRandom}. {@link StrictMath} rather than the JDK's
 * own {@code nextGaussian} or {@link Math}, so that the same seed gives byte-identical files on every JVM
 * and CPU.
 */
final class Randoms {
    private Randoms() {}

    /** Standard normal by Box-Muller. */
    static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** Exponential waiting time with the given mean. */
    static double exponential(SplittableRandom rng, double mean) {
        return -mean * StrictMath.log(1.0 - rng.nextDouble());
    }
}
