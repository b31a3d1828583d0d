package org.gapbench.keigo;

import com.atilika.kuromoji.ipadic.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How each sentence of a text ends: in a polite predicate, a plain one, or neither (a noun phrase, a list
 * item, a heading), which is left out so that lists and tables do not count as rudeness.
 */
record Endings(int polite, List<String> plain) {
    private static final Set<String> TRAILING_PARTICLES = Set.of("終助詞", "副助詞／並立助詞／終助詞");
    private static final Set<String> PREDICATES = Set.of("動詞", "形容詞", "助動詞");
    /** How far back from the sentence end a polite auxiliary may sit (ました, でしょうか, ございません). */
    private static final int WINDOW = 4;

    static Endings of(List<Token> tokens) {
        int polite = 0;
        List<String> plain = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= tokens.size(); i++) {
            if (i == tokens.size() || isBoundary(tokens.get(i))) {
                List<Token> sentence = tokens.subList(start, i);
                switch (classify(sentence)) {
                    case 1 -> polite++;
                    case -1 -> plain.add(surface(sentence));
                    default -> {
                    }
                }
                start = i + 1;
            }
        }
        return new Endings(polite, plain);
    }

    private static boolean isBoundary(Token t) {
        String s = t.getSurface();
        return t.getPartOfSpeechLevel2().equals("句点") || s.contains("\n") || s.equals("！") || s.equals("？") || s.equals("!")
                || s.equals("?");
    }

    /** 1 polite, -1 plain, 0 no predicate at the end. */
    private static int classify(List<Token> s) {
        int last = s.size() - 1;
        while (last >= 0 && (s.get(last).getPartOfSpeechLevel1().equals("記号")
                || TRAILING_PARTICLES.contains(s.get(last).getPartOfSpeechLevel2()))) {
            last--;
        }
        if (last > 0 && s.get(last).getPartOfSpeechLevel2().equals("接続助詞") && s.get(last).getSurface().matches("て|で")
                && s.get(last - 1).getPartOfSpeechLevel1().equals("動詞")) {
            last--; // 持ってきて: a te-form request ends on its verb
        }
        if (last < 0 || !PREDICATES.contains(s.get(last).getPartOfSpeechLevel1())) {
            return 0;
        }
        for (int k = last; k >= Math.max(0, last - WINDOW); k--) {
            String base = s.get(k).getBaseForm();
            if (base.equals("です") || base.equals("ます") || base.equals("ござる") || base.equals("くださる")) {
                return 1;
            }
        }
        return -1;
    }

    private static String surface(List<Token> s) {
        StringBuilder b = new StringBuilder();
        s.forEach(t -> b.append(t.getSurface()));
        return b.toString().strip();
    }
}
