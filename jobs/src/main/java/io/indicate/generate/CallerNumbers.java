package io.indicate.generate;

import java.util.SplittableRandom;

/**
 * Caller ids in E.164, mostly Swedish mobiles. Some callers call again within a few days (the repeat-contact
 * KPI needs them): a share of calls reuses a number from the recent callers.
 */
final class CallerNumbers {
    private static final double REPEAT_SHARE = 0.15;
    /** How many recent callers are remembered; at a few thousand calls a day that is a few days back. */
    private static final int MEMORY = 20_000;
    private static final String[] MOBILE_PREFIXES = {"+4670", "+4672", "+4673", "+4676", "+4679"};

    private final SplittableRandom rng;
    private final String[] recent = new String[MEMORY];
    private long count;

    CallerNumbers(SplittableRandom rng) {
        this.rng = rng;
    }

    String next() {
        String number = count > 0 && rng.nextDouble() < REPEAT_SHARE
                ? recent[rng.nextInt((int) Math.min(count, MEMORY))]
                : fresh();
        recent[(int) (count++ % MEMORY)] = number;
        return number;
    }

    private String fresh() {
        String prefix = rng.nextDouble() < 0.85 ? MOBILE_PREFIXES[rng.nextInt(MOBILE_PREFIXES.length)] : "+468";
        return prefix + String.format("%07d", rng.nextInt(10_000_000));
    }
}
