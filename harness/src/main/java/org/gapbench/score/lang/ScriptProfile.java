package org.gapbench.score.lang;

import java.util.Set;

/**
 * Which language a text is written in, from its scripts: kana means Japanese; Han without kana means Chinese,
 * told apart as simplified or traditional by characters that exist in only one of the two; Cyrillic, Bengali,
 * Telugu and Thai name their language; Latin letters are reported as {@code latin} (English, German, French,
 * Spanish and Swahili cannot be told apart by script). Code blocks, URLs and LaTeX commands are ignored.
 */
public final class ScriptProfile {
    /** Common characters written differently in the two Chinese standards (simplified | traditional). */
    private static final String SIMPLIFIED = "这说国们时会为个来对学发经过还现进动种样问题关东车长门见实间头乐书开无边让认应买卖钱爱电话写听记读语觉较请谁该并两从众传伤价份优体";
    private static final String TRADITIONAL = "這說國們時會為個來對學發經過還現進動種樣問題關東車長門見實間頭樂書開無邊讓認應買賣錢愛電話寫聽記讀語覺較請誰該並兩從眾傳傷價份優體";
    private static final java.util.Map<Character.UnicodeScript, String> OTHER_SCRIPTS = java.util.Map.of(
            Character.UnicodeScript.CYRILLIC, "ru", Character.UnicodeScript.BENGALI, "bn", Character.UnicodeScript.TELUGU, "te",
            Character.UnicodeScript.THAI, "th");
    private static final Set<String> LATIN = Set.of("en", "de", "fr", "es", "sw", "latin");
    private static final Set<String> CHINESE = Set.of("zh", "zh-hans", "zh-hant", "zh-cn", "zh-tw", "zh-hk");

    private ScriptProfile() {
    }

    /** ja, zh-Hans, zh-Hant, zh (Han only, standard unclear), ru, bn, te, th, latin, or none (too little text to tell). */
    public static String detect(String text) {
        String t = text == null ? "" : text.replaceAll("(?s)```.*?```", " ").replaceAll("https?://\\S+", " ")
                .replaceAll("\\\\[A-Za-z]+", " ");
        int kana = 0;
        int han = 0;
        int latin = 0;
        int simplified = 0;
        int traditional = 0;
        java.util.Map<String, Integer> other = new java.util.HashMap<>();
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            i += Character.charCount(cp);
            Character.UnicodeScript s = Character.UnicodeScript.of(cp);
            if (s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA) {
                kana++;
            } else if (s == Character.UnicodeScript.HAN) {
                han++;
                String c = new String(Character.toChars(cp));
                boolean inS = SIMPLIFIED.contains(c);
                boolean inT = TRADITIONAL.contains(c);
                if (inS && !inT) {
                    simplified++;
                } else if (inT && !inS) {
                    traditional++;
                }
            } else if (s == Character.UnicodeScript.LATIN && Character.isLetter(cp)) {
                latin++;
            } else if (OTHER_SCRIPTS.containsKey(s)) {
                other.merge(OTHER_SCRIPTS.get(s), 1, Integer::sum);
            }
        }
        int cjk = kana + han;
        var dominant = other.entrySet().stream().max(java.util.Map.Entry.comparingByValue());
        if (dominant.isPresent() && dominant.get().getValue() >= Math.max(3, Math.max(cjk, latin))) {
            return dominant.get().getKey();
        }
        if (cjk == 0) {
            return latin >= 3 ? "latin" : "none"; // a bare option letter says nothing about the language
        }
        if (latin > 4 * cjk) {
            return "latin";
        }
        if (kana >= 0.1 * cjk) {
            return "ja";
        }
        if (simplified > traditional) {
            return "zh-Hans";
        }
        return traditional > simplified ? "zh-Hant" : "zh";
    }

    /** Whether a detected language satisfies the expected one (zh accepts either standard; Latin-script languages accept latin). */
    public static boolean matches(String expected, String detected) {
        String e = expected.toLowerCase(java.util.Locale.ROOT);
        String d = detected.toLowerCase(java.util.Locale.ROOT);
        if (e.equals("zh")) {
            return CHINESE.contains(d);
        }
        if (e.equals("zh-hans") || e.equals("zh-cn")) {
            return d.equals("zh-hans") || d.equals("zh");
        }
        if (e.equals("zh-hant") || e.equals("zh-tw") || e.equals("zh-hk")) {
            return d.equals("zh-hant") || d.equals("zh");
        }
        if (LATIN.contains(e)) {
            return d.equals("latin");
        }
        return e.equals(d);
    }
}
