package io.indicate.generate;

import java.util.SplittableRandom;

/**
 * The Asterisk queues of the sample contact centre, with the talk-time distribution of each: lognormal around
 * a median, because most calls are short and a few run long.
 */
enum ServiceQueue {
    SUPPORT("support", 240, "8001"),
    SALES("sales", 300, "8002"),
    BILLING("billing", 200, "8003");

    /** Spread (sigma of the underlying normal) of talk times. */
    private static final double TALK_SPREAD = 0.7;
    private static final int SHORTEST_TALK_S = 15;
    private static final int LONGEST_TALK_S = 3600;

    private final String queueName;
    private final int medianTalkSeconds;
    private final String extension;

    ServiceQueue(String queueName, int medianTalkSeconds, String extension) {
        this.queueName = queueName;
        this.medianTalkSeconds = medianTalkSeconds;
        this.extension = extension;
    }

    /** The queue name as it appears in queue_log. */
    String queueName() {
        return queueName;
    }

    /** The dial-plan extension that reaches this queue, used as a transfer target. */
    String extension() {
        return extension;
    }

    double meanTalkSeconds() {
        return medianTalkSeconds * StrictMath.exp(TALK_SPREAD * TALK_SPREAD / 2);
    }

    long sampleTalkSeconds(SplittableRandom rng) {
        double t = medianTalkSeconds * StrictMath.exp(TALK_SPREAD * Randoms.gaussian(rng));
        return Math.max(SHORTEST_TALK_S, Math.min(LONGEST_TALK_S, Math.round(t)));
    }
}
