package org.gapbench.score.code;

import java.util.Set;
import java.util.regex.Pattern;

/** A language the coding suites test, with what it takes to recognize its code in a chat answer. */
enum CodeLanguage {
    PYTHON(Set.of("python", "py", "python3", "py3")),
    JAVA(Set.of("java"));

    private final Set<String> fenceLabels;

    CodeLanguage(Set<String> fenceLabels) {
        this.fenceLabels = fenceLabels;
    }

    boolean labels(String fenceLabel) {
        return fenceLabels.contains(fenceLabel.toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether {@code code} defines (not merely calls) the function or method {@code name}. */
    boolean defines(String code, String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        String n = Pattern.quote(name);
        Pattern p = switch (this) {
            case PYTHON -> Pattern.compile("(?m)^\\s*(?:async\\s+)?def\\s+" + n + "\\s*\\(");
            // a definition has a return type before the name and a body after it; a call has neither
            case JAVA -> Pattern.compile("[\\w>\\]]\\s+" + n + "\\s*\\([^;{}]*\\)\\s*(?:throws[^{;]*)?\\{");
        };
        return p.matcher(code).find();
    }

    /** A line that starts code rather than prose. */
    Pattern codeLine() {
        return switch (this) {
            case PYTHON -> Pattern.compile("^(?:def |async def |class |import |from |@|if __name__|[A-Za-z_][\\w.]*\\s*(?:=|\\()|#|\\s+\\S)");
            case JAVA -> Pattern.compile("^(?:import |package |(?:public |protected |private |static |final |abstract )*(?:class|interface|enum|record) |@|\\s+\\S|[{}])");
        };
    }
}
