package io.indicate.privacy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhoneNumbersInTextTest {
    @Test
    void aNumberInACallerIdIsFoundInItsNormalForm() {
        assertTrue(PhoneNumbersInText.candidates("\"Anna Berg\" <+46 70-111 11 11>").contains("+46701111111"));
        assertTrue(PhoneNumbersInText.candidates("\"\" <0046 (70) 111.11.11>").contains("+46701111111"), "00 is read as +");
    }

    @Test
    void aNumberIsFoundBetweenOtherDigitsWrittenTheSameWay() {
        List<String> found = PhoneNumbersInText.candidates("1796175936|c1|support|NONE|ENTERQUEUE||+46701111111|1");
        assertTrue(found.contains("+46701111111"), found.toString());
        assertTrue(PhoneNumbersInText.candidates("on 2026-03-12 10 0701111111 rang").contains("0701111111"),
                "a date and an hour written just before it");
    }

    @Test
    void onlyARunsFirstGroupKeepsAPlus() {
        List<String> found = PhoneNumbersInText.candidates("+46 70 111 11 11");
        assertTrue(found.contains("+46701111111"));
        assertTrue(found.contains("70111"), "a shorter part is a candidate too");
        assertFalse(found.stream().anyMatch(c -> c.indexOf('+') > 0), found.toString());
    }

    @Test
    void aTextWithoutDigitsHoldsNoNumber() {
        assertEquals(List.of(), PhoneNumbersInText.candidates("anonymous caller"));
        assertEquals(List.of(), PhoneNumbersInText.candidates(null));
    }
}
