package org.gapbench.keigo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict on a text's register: a 0–1 appropriateness score, whether it passes outright, the rules it broke
 * and the markers found, ready to be stored in a score's details.
 */
public record Judgement(double score, boolean pass, List<String> violations, KeigoAnalysis analysis) {

    public Judgement {
        violations = List.copyOf(violations);
    }

    /** JSON-ready evidence: markers by kind, the violations and the plain sentence endings. */
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("register_score", Math.round(score * 1000) / 1000.0);
        d.put("register_pass", pass);
        d.put("violations", violations);
        d.put("teineigo", strings(Marker.Kind.TEINEI));
        d.put("sonkeigo", strings(Marker.Kind.SONKEI));
        d.put("kenjogo", strings(Marker.Kind.KENJO));
        d.put("misuse", strings(Marker.Kind.MISUSE));
        d.put("polite_endings", analysis.politeEndings());
        d.put("plain_endings", analysis.plainEndings());
        return d;
    }

    private List<String> strings(Marker.Kind kind) {
        return analysis.of(kind).stream().map(m -> m.rule() + "「" + m.surface() + "」").distinct().toList();
    }
}
