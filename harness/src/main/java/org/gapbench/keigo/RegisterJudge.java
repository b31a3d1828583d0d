package org.gapbench.keigo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Judges whether a text's keigo fits an {@link Expectation}. Scoring (documented in docs/keigo-scoring.md):
 * start from the share of sentence endings that are polite, take 0.25 off per broken rule and 0.2 when honorific
 * speech has no sonkeigo or kenjōgo at all; a text passes only when no rule is broken.
 */
public final class RegisterJudge {
    static final double PENALTY_PER_VIOLATION = 0.25;
    static final double PENALTY_NO_HONORIFIC = 0.2;
    /** Subjects that make the following verb the speaker's own side's action (or the customer's). */
    private static final Pattern OWN_SIDE = Pattern.compile("(私|わたくし|わたし|弊社|当社|当店|私ども|わたくしども|担当者|スタッフ)(が|は|から|で)[^。！？\n]{0,12}$");
    private static final Pattern CUSTOMER = Pattern.compile("(お客様|お客さま|様|あなた)(が|は)[^。！？\n]{0,12}$");
    /** Sonkeigo rules that say the actor is raised (くださる is the listener giving, fine for any actor). */
    private static final Set<String> ACTION_SONKEI = Set.of("sonkei-verb", "o-ni-naru");

    private final KeigoAnalyzer analyzer;

    public RegisterJudge(KeigoAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    public Judgement judge(String text, Expectation expect) {
        KeigoAnalysis a = analyzer.analyze(text);
        List<String> violations = new ArrayList<>();
        if (expect.register() == Expectation.Register.PLAIN) {
            a.markers().stream().filter(m -> m.kind() != Marker.Kind.MISUSE)
                    .forEach(m -> violations.add("keigo-in-plain-context:" + m.surface()));
            double score = a.isPlain() ? 1 : Math.max(0, 1 - PENALTY_PER_VIOLATION * violations.size());
            return new Judgement(score, violations.isEmpty(), violations, a);
        }
        a.plainEndings().forEach(s -> violations.add("plain-ending:" + tail(s)));
        a.of(Marker.Kind.MISUSE).forEach(m -> violations.add(m.rule() + ":" + m.surface()));
        for (Marker m : a.markers()) {
            String before = text.substring(0, Math.min(m.offset(), text.length()));
            // An explicit subject (私が, お客様は) overrides the situation's default actor.
            boolean ownSubject = OWN_SIDE.matcher(before).find();
            boolean listenerActs = expect.actor() == Expectation.Actor.LISTENER && !ownSubject || CUSTOMER.matcher(before).find();
            boolean speakerActs = expect.actor() == Expectation.Actor.SPEAKER || ownSubject;
            if (m.kind() == Marker.Kind.KENJO && m.rule().equals("o-suru") && listenerActs && humbleOnOther(m)) {
                violations.add("kenjogo-for-listener-action:" + m.surface());
            }
            if (m.kind() == Marker.Kind.SONKEI && ACTION_SONKEI.contains(m.rule()) && speakerActs && !m.surface().startsWith("くだ")
                    && !m.surface().startsWith("下さ")) {
                violations.add("sonkeigo-for-own-action:" + m.surface());
            }
        }
        int endings = a.politeEndings() + a.plainEndings().size();
        if (endings == 0 && a.markers().isEmpty()) {
            return new Judgement(0, false, List.of("no-register-evidence"), a);
        }
        double score = endings == 0 ? 1 : (double) a.politeEndings() / endings;
        score -= PENALTY_PER_VIOLATION * (violations.size() - a.plainEndings().size());
        if (expect.register() == Expectation.Register.HONORIFIC && !a.hasHonorific()) {
            violations.add("no-sonkeigo-or-kenjogo");
            score -= PENALTY_NO_HONORIFIC;
        }
        return new Judgement(Math.max(0, Math.min(1, score)), violations.isEmpty(), violations, a);
    }

    /** お〜する with plain する humbles the actor; お願いする is the speaker's own request whoever acts next. */
    private static boolean humbleOnOther(Marker m) {
        String s = m.surface();
        return !s.contains("願") && (s.endsWith("する") || s.endsWith("し") || s.endsWith("さ") || s.endsWith("せ"));
    }

    private static String tail(String sentence) {
        return sentence.length() <= 20 ? sentence : "…" + sentence.substring(sentence.length() - 20);
    }
}
