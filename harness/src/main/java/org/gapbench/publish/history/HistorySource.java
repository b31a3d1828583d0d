package org.gapbench.publish.history;

import java.util.List;

/** Where a family of history rows comes from, and under which licence its numbers are shared. */
public record HistorySource(String key, String publisher, String title, String url, String origin, String license,
                            String attribution) {

    public static final List<String> COLUMNS = List.of("key", "publisher", "title", "url", "origin", "license", "attribution");
}
