package io.indicate.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The parts of {@code indicate refresh} that need no warehouse: its arguments. */
class RefreshCommandTest {
    @Test
    void aRefreshWithoutSourcesIsRefused() {
        assertEquals(1, IndicateCli.run("refresh", "--warehouse", "/nonexistent/warehouse"));
    }
}
