package org.gapbench.keigo;

import java.util.List;

/**
 * What the analyzer found in a text: keigo markers, and how each sentence ends.
 *
 * @param politeEndings sentences whose predicate ends in a polite form (です/ます/ございます/ください)
 * @param plainEndings  sentences whose predicate ends in a plain form (だ, る-form, た, ない...), as written
 */
public record KeigoAnalysis(List<Marker> markers, int politeEndings, List<String> plainEndings) {

    public KeigoAnalysis {
        markers = List.copyOf(markers);
        plainEndings = List.copyOf(plainEndings);
    }

    public boolean has(Marker.Kind kind) {
        return markers.stream().anyMatch(m -> m.kind() == kind);
    }

    public List<Marker> of(Marker.Kind kind) {
        return markers.stream().filter(m -> m.kind() == kind).toList();
    }

    /** Any sonkeigo or kenjōgo (the honorific register proper, beyond teineigo). */
    public boolean hasHonorific() {
        return has(Marker.Kind.SONKEI) || has(Marker.Kind.KENJO);
    }

    /** No keigo of any kind: the plain register. */
    public boolean isPlain() {
        return !has(Marker.Kind.TEINEI) && !hasHonorific();
    }

    /** Politeness level on KeiCO's scale: 1 most honorific ... 4 plain. */
    public int level() {
        if (hasHonorific()) {
            return has(Marker.Kind.TEINEI) && markers.stream().filter(m -> m.kind() != Marker.Kind.TEINEI).count() >= 2 ? 1 : 2;
        }
        return has(Marker.Kind.TEINEI) ? 3 : 4;
    }
}
