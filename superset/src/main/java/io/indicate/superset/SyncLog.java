package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the reconcilers of one sync say: one line per thing looked at (what was done, or that it was already
 * right), and the warnings. Also holds the JSON helpers they share.
 */
final class SyncLog {
    static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> lines = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    void line(String line) { lines.add(line); }

    void warn(String warning) { warnings.add(warning); }

    List<String> lines() { return List.copyOf(lines); }

    List<String> warnings() { return List.copyOf(warnings); }

    /** Ids of a list that holds either ids or objects with an {@code id}. */
    static Set<Integer> ids(JsonNode list) {
        Set<Integer> out = new TreeSet<>();
        list.forEach(n -> out.add(n.isObject() ? n.path("id").asInt() : n.asInt()));
        return out;
    }
}
