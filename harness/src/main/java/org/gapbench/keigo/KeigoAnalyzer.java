package org.gapbench.keigo;

import com.atilika.kuromoji.ipadic.Token;
import com.atilika.kuromoji.ipadic.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds keigo in Japanese text with rules over Kuromoji (IPADIC) tokens: part of speech, base form and the
 * neighbouring words. Rule names are stable: they are stored in every score so a user can see why.
 * One tokenizer is shared by the whole process because building it costs about 300 ms; Kuromoji's
 * tokenizer is thread-safe.
 */
public final class KeigoAnalyzer {
    private static final Set<String> SONKEI_VERBS = Set.of("いらっしゃる", "おっしゃる", "仰る", "召し上がる", "召しあがる",
            "なさる", "為さる", "くださる", "下さる", "召す", "おいでる");
    private static final Set<String> KENJO_VERBS = Set.of("申す", "もうす", "申し上げる", "申しあげる", "いたす", "致す", "伺う",
            "うかがう", "参る", "まいる", "存じる", "存ずる", "承る", "うけたまわる", "いただく", "頂く", "差し上げる", "さしあげる",
            "申し受ける", "拝する", "頂戴");
    /** Honorific verbs that already raise the subject, so a further れる/られる is double keigo. */
    private static final Set<String> RAISING = Set.of("いらっしゃる", "おっしゃる", "仰る", "召し上がる", "召しあがる", "なさる", "為さる");
    private static final Set<String> HONORIFIC_PREFIX = Set.of("お", "ご", "御");
    private static final Set<String> HUMBLE_SUPPORT = Set.of("する", "いたす", "致す", "申し上げる", "申しあげる", "申す", "もうす");

    /** Beautification words (bikago): the prefix is part of the word and says nothing about whom it raises. */
    private static final Set<String> BIKAGO = Set.of("願い", "お願い", "金", "お金", "茶", "お茶", "飯", "ご飯", "酒", "お酒", "菓子", "お菓子",
            "腹", "お腹", "礼", "お礼", "祝い", "お祝い", "土産", "お土産", "手洗い", "お手洗い", "昼", "お昼", "米", "お米", "店", "お店");

    private static final KeigoAnalyzer SHARED = new KeigoAnalyzer();

    private final Tokenizer tokenizer = new Tokenizer();

    private KeigoAnalyzer() {
    }

    public static KeigoAnalyzer shared() {
        return SHARED;
    }

    /** Kuromoji tokens of {@code text} (for scorers that need content words). */
    public List<Token> tokenize(String text) {
        return tokenizer.tokenize(text);
    }

    public KeigoAnalysis analyze(String text) {
        List<Token> t = tokenizer.tokenize(text == null ? "" : text);
        List<Marker> markers = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            String base = tok.getBaseForm();
            String pos = tok.getPartOfSpeechLevel1();
            if (pos.equals("助動詞") && (base.equals("です") || base.equals("ます"))) {
                markers.add(marker(Marker.Kind.TEINEI, "desu-masu", t, i, i));
            } else if (base.equals("ござる") || base.equals("御座る")) {
                markers.add(marker(Marker.Kind.TEINEI, "gozaru", t, i, i));
            }
            if (pos.equals("動詞")) {
                verbRules(t, i, markers);
            }
            if (pos.startsWith("名詞") && tok.getSurface().startsWith("拝") && tok.getSurface().length() == 2) {
                markers.add(marker(Marker.Kind.KENJO, "hai-noun", t, i, i));
                if (i > 0 && isPrefix(t.get(i - 1))) {
                    markers.add(marker(Marker.Kind.MISUSE, "prefix-on-humble-noun", t, i - 1, i));
                }
            }
            if (isPrefixed(t, i)) {
                prefixRules(t, i, markers);
            }
        }
        Endings e = Endings.of(t);
        return new KeigoAnalysis(markers, e.polite(), e.plain());
    }

    private static void verbRules(List<Token> t, int i, List<Marker> out) {
        Token tok = t.get(i);
        String base = tok.getBaseForm();
        boolean next = i + 1 < t.size();
        boolean reru = next && isReru(t.get(i + 1));
        if (SONKEI_VERBS.contains(base)) {
            out.add(marker(Marker.Kind.SONKEI, "sonkei-verb", t, i, i));
            if (reru && RAISING.contains(base)) {
                out.add(marker(Marker.Kind.MISUSE, "double-keigo", t, i, i + 1));
            }
        } else if (base.equals("なす") && reru) {
            out.add(marker(Marker.Kind.SONKEI, "sonkei-verb", t, i, i + 1));
        } else if (reru && !isPrefixedNaru(t, i)) {
            out.add(marker(Marker.Kind.SONKEI, "reru-rareru", t, i, i + 1));
        }
        if (KENJO_VERBS.contains(base)) {
            out.add(marker(Marker.Kind.KENJO, "kenjo-verb", t, i, i));
            // 申し上げる needs お/ご before its verb or noun: 吟味し申し上げる, 選り好み申し上げる are malformed
            boolean humbleAfterSuru = base.startsWith("申し") && i > 0
                    && t.get(i - 1).getPartOfSpeechLevel1().matches("動詞|名詞") && !prefixedWithin(t, i - 1, 2);
            if (humbleAfterSuru) {
                out.add(marker(Marker.Kind.MISUSE, "malformed-humble", t, i - 1, i));
            }
        }
        if (base.equals("おる") && next && t.get(i + 1).getBaseForm().equals("ます")) {
            out.add(marker(Marker.Kind.KENJO, "oru", t, i, i));
        }
    }

    /**
     * お/ご + word + に + なる (sonkei); お/ご + word + する/いたす/申し上げる, に + あがる, or できる (kenjo);
     * お/ご + word + ください (sonkei request); otherwise an honorific prefix on a noun (ご清聴, お荷物).
     */
    private static void prefixRules(List<Token> t, int i, List<Marker> out) {
        int word = t.get(i).getPartOfSpeechLevel1().equals("接頭詞") ? i + 1 : i; // お遊び vs お伝え (one token)
        if (word >= t.size()) {
            return;
        }
        int after = word + 1;
        while (after < t.size() && t.get(after).getPartOfSpeechLevel2().equals("接尾") && t.get(after).getPartOfSpeechLevel1().equals("動詞")) {
            after++; // お聞か・せ・する: the causative belongs to the word
        }
        String head = t.get(word).getSurface();
        boolean ukagai = head.equals("伺い") || head.equals("お伺い");
        String next = after < t.size() ? t.get(after).getBaseForm() : "";
        boolean ni = next.equals("に") && after + 1 < t.size();
        if (ni && t.get(after + 1).getBaseForm().equals("なる")) {
            out.add(marker(Marker.Kind.SONKEI, "o-ni-naru", t, i, after + 1));
            if (after + 2 < t.size() && isReru(t.get(after + 2))) {
                out.add(marker(Marker.Kind.MISUSE, "double-keigo", t, i, after + 2));
            }
        } else if (ni && t.get(after + 1).getBaseForm().equals("あがる")) {
            out.add(marker(Marker.Kind.KENJO, "o-ni-agaru", t, i, after + 1));
        } else if (HUMBLE_SUPPORT.contains(next) || next.equals("できる") || next.equals("出来る")) {
            out.add(marker(Marker.Kind.KENJO, "o-suru", t, i, after));
            // お伺いする/いたす is accepted as established usage (文化審議会「敬語の指針」2007);
            // お伺いさせていただく stacks a third humble layer and is flagged.
            if (ukagai && after + 1 < t.size() && t.get(after + 1).getBaseForm().equals("せる")) {
                out.add(marker(Marker.Kind.MISUSE, "double-keigo", t, i, after + 1));
            }
            if (requestFollows(t, after)) {
                out.add(marker(Marker.Kind.MISUSE, "humble-form-in-request", t, i, after + 2));
            }
        } else if (next.equals("くださる") || next.equals("下さる")) {
            out.add(marker(Marker.Kind.SONKEI, "o-kudasai", t, i, after));
        } else if (t.get(word).getPartOfSpeechLevel1().equals("名詞") && !isPrefix(t.get(word)) && !BIKAGO.contains(head)) {
            out.add(marker(Marker.Kind.SONKEI, "o-noun", t, i, word));
        }
    }

    /** Token k is followed by て + ください: asking the listener to do something in a humble form. */
    private static boolean requestFollows(List<Token> t, int k) {
        return k + 2 < t.size() && t.get(k + 1).getSurface().equals("て") && t.get(k + 2).getBaseForm().matches("くださる|下さる");
    }

    private static boolean isReru(Token tok) {
        String b = tok.getBaseForm();
        return tok.getPartOfSpeechLevel2().equals("接尾") && (b.equals("れる") || b.equals("られる"));
    }

    private static boolean isPrefix(Token tok) {
        return tok.getPartOfSpeechLevel1().equals("接頭詞") && HONORIFIC_PREFIX.contains(tok.getSurface());
    }

    /** Token i is an honorific prefix, or a noun that Kuromoji keeps with its prefix (お伝え, お知らせ). */
    private static boolean isPrefixed(List<Token> t, int i) {
        Token tok = t.get(i);
        if (isPrefix(tok)) {
            return true;
        }
        String s = tok.getSurface();
        return tok.getPartOfSpeechLevel1().equals("名詞") && s.length() >= 2 && (s.charAt(0) == 'お' || s.charAt(0) == 'ご')
                && (i == 0 || !isPrefix(t.get(i - 1)));
    }

    private static boolean prefixedWithin(List<Token> t, int i, int window) {
        for (int k = Math.max(0, i - window); k <= i; k++) {
            if (isPrefixed(t, k)) {
                return true;
            }
        }
        return false;
    }

    /** なら/なり in お〜になる: the れる after it is handled as double keigo, not as a second sonkei. */
    private static boolean isPrefixedNaru(List<Token> t, int i) {
        return t.get(i).getBaseForm().equals("なる") && i >= 2 && t.get(i - 1).getSurface().equals("に") && prefixedWithin(t, i - 2, 1);
    }

    private static Marker marker(Marker.Kind kind, String rule, List<Token> t, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int k = from; k <= to; k++) {
            b.append(t.get(k).getSurface());
        }
        return new Marker(kind, rule, b.toString(), t.get(from).getPosition());
    }
}
