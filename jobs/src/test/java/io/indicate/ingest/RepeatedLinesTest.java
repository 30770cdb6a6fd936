package io.indicate.ingest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "No line came twice" is said only when it is certain; every doubt (a repeat, a hash that is not hexadecimal,
 * more lines than the table holds) says "may repeat", which costs a search for repeats, never a lost line.
 */
class RepeatedLinesTest {
    private static String hash(int i) {
        return SourceFiles.sha256("line " + i);
    }

    @Test
    void distinctLinesAreToldApartAlsoWhenTheTableGrows() {
        RepeatedLines r = new RepeatedLines();
        for (int i = 0; i < 300_000; i++) r.add(hash(i)); // the table starts at 65,536 slots: it grows three times
        assertFalse(r.mayRepeat());
    }

    @Test
    void aLineSeenBeforeMayRepeatAndSaysSoFromThenOn() {
        RepeatedLines r = new RepeatedLines();
        for (int i = 0; i < 1_000; i++) r.add(hash(i));
        r.add(hash(417));
        assertTrue(r.mayRepeat());
        r.add(hash(5_000));
        assertTrue(r.mayRepeat());
    }

    @Test
    void aHashThatIsNotHexadecimalOrTooShortCountsAsADoubt() {
        RepeatedLines notHex = new RepeatedLines();
        notHex.add("not-a-sha256-hash");
        assertTrue(notHex.mayRepeat());
        RepeatedLines empty = new RepeatedLines();
        empty.add("");
        assertTrue(empty.mayRepeat());
    }

    @Test
    void moreLinesThanTheTableHoldsCountAsADoubt() {
        RepeatedLines r = new RepeatedLines(1 << 16);
        for (int i = 0; i < 1 << 15; i++) r.add(hash(i)); // half of the slots: still certain
        assertFalse(r.mayRepeat());
        r.add(hash(1 << 15));
        assertTrue(r.mayRepeat());
    }
}
