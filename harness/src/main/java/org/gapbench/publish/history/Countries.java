package org.gapbench.publish.history;

import java.util.Locale;
import java.util.Map;

/** Country names as publishers spell them, reduced to the ISO codes the catalog uses. */
final class Countries {
    private static final Map<String, String> CODES = Map.ofEntries(
            Map.entry("united states of america", "US"), Map.entry("united states", "US"), Map.entry("usa", "US"),
            Map.entry("china", "CN"), Map.entry("hong kong", "CN"), Map.entry("france", "FR"),
            Map.entry("united kingdom of great britain and northern ireland", "GB"), Map.entry("united kingdom", "GB"),
            Map.entry("united arab emirates", "AE"), Map.entry("canada", "CA"), Map.entry("germany", "DE"),
            Map.entry("israel", "IL"), Map.entry("south korea", "KR"), Map.entry("korea (republic of)", "KR"),
            Map.entry("japan", "JP"), Map.entry("singapore", "SG"), Map.entry("india", "IN"), Map.entry("switzerland", "CH"));

    private Countries() {
    }

    /**
     * The ISO code of a (possibly comma-joined, multi-country) name. Following Epoch AI, a model counts as Chinese when
     * any developing organization is headquartered in the PRC; otherwise as American when any is in the US; otherwise
     * the first country named. Empty when unknown.
     */
    static String code(String names) {
        if (names == null || names.isBlank()) {
            return "";
        }
        String first = "";
        boolean us = false;
        for (String part : names.split(",")) {
            String c = CODES.getOrDefault(part.trim().toLowerCase(Locale.ROOT), "");
            if (c.equals("CN")) {
                return "CN";
            }
            us |= c.equals("US");
            if (first.isEmpty()) {
                first = c;
            }
        }
        return us ? "US" : first;
    }
}
