package io.indicate.ingest;

/**
 * Whether any line of a run may have come twice, told from its lines' SHA-256 hashes as they are staged, in memory
 * bounded by a constant: the first 64 bits of each hash in an open-addressing table of at most
 * {@value #MAX_SLOTS} slots (128 MiB), half of them filled at most. Two lines whose hashes share those 64 bits, a
 * hash that is not hexadecimal, or more lines than the table holds all count as "may repeat": the answer errs only
 * that way, so "no repeat" is certain and a run told so may skip the search for repeated lines.
 */
final class RepeatedLines {
    static final int MAX_SLOTS = 1 << 24;
    private static final int FIRST_SLOTS = 1 << 16;

    private final int maxSlots;
    private long[] slots = new long[FIRST_SLOTS];
    private int size;
    private boolean mayRepeat;

    RepeatedLines() {
        this(MAX_SLOTS);
    }

    /** With a smaller table, for tests: {@code maxSlots} a power of two of at least {@value #FIRST_SLOTS}. */
    RepeatedLines(int maxSlots) {
        if (Integer.bitCount(maxSlots) != 1 || maxSlots < FIRST_SLOTS) {
            throw new IllegalArgumentException("the table's size must be a power of two of at least " + FIRST_SLOTS + ", got " + maxSlots);
        }
        this.maxSlots = maxSlots;
    }

    /** Takes the next line's hash (hexadecimal SHA-256). */
    void add(String hash) {
        if (mayRepeat) return;
        long key;
        try {
            key = Long.parseUnsignedLong(hash, 0, Math.min(16, hash.length()), 16);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            giveUp();
            return;
        }
        if (key == 0) key = 1; // 0 marks an empty slot (a line whose hash starts with 64 zero bits shares 1's slot)
        if (2 * (size + 1) > slots.length && !grow()) {
            giveUp();
            return;
        }
        if (!insert(slots, key)) {
            giveUp();
            return;
        }
        size++;
    }

    /** False only when every line taken so far was a different line. */
    boolean mayRepeat() {
        return mayRepeat;
    }

    private void giveUp() {
        mayRepeat = true;
        slots = null;
    }

    private boolean grow() {
        if (slots.length >= maxSlots) return false;
        long[] bigger = new long[slots.length * 2];
        for (long k : slots) {
            if (k != 0) insert(bigger, k);
        }
        slots = bigger;
        return true;
    }

    /** Puts {@code key} in a free slot; false when it is there already. The bits of a SHA-256 are uniform: no mixing. */
    private static boolean insert(long[] table, long key) {
        int mask = table.length - 1;
        for (int i = (int) key & mask; ; i = (i + 1) & mask) {
            if (table[i] == key) return false;
            if (table[i] == 0) {
                table[i] = key;
                return true;
            }
        }
    }
}
