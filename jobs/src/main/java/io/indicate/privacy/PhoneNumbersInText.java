package io.indicate.privacy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phone numbers a free text may hold (a CDR caller-id {@code "Anna" <+46 70-111 11 11>}, a quarantined
 * line), normalised as {@link Pseudonymiser#normalisePhone} does, so an erasure can compare their keyed hashes
 * with the erased caller's and never needs the number itself in a query. A number may be written with spaces,
 * dashes, dots or brackets between its digit groups, and it may stand next to other digits separated the same
 * way (a date, a count): every run of up to {@value #MAX_GROUPS} adjacent digit groups is a candidate, so the
 * number is found whatever is written around it.
 */
public final class PhoneNumbersInText {
    static final int MAX_GROUPS = 8;
    /** Digit groups joined by the separators people write numbers with; only a run's first group may carry a +. */
    private static final Pattern RUN = Pattern.compile("\\+?\\(?\\d[\\d\\s\\-().]*");
    private static final Pattern GROUP = Pattern.compile("\\+?\\d+");

    private PhoneNumbersInText() {}

    /** Every candidate number in {@code text}, normalised, each once; empty for null or a text without digits. */
    public static List<String> candidates(String text) {
        if (text == null) return List.of();
        Set<String> out = new LinkedHashSet<>();
        Matcher run = RUN.matcher(text);
        while (run.find()) {
            List<String> groups = new ArrayList<>();
            Matcher g = GROUP.matcher(run.group());
            while (g.find()) groups.add(g.group());
            for (int first = 0; first < groups.size(); first++) {
                StringBuilder joined = new StringBuilder();
                for (int last = first; last < groups.size() && last < first + MAX_GROUPS; last++) {
                    joined.append(groups.get(last));
                    String normalised = Pseudonymiser.normalisePhone(joined.toString());
                    if (normalised != null) out.add(normalised);
                }
            }
        }
        return List.copyOf(out);
    }
}
