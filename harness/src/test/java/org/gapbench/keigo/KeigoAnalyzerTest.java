package org.gapbench.keigo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeigoAnalyzerTest {
    private final KeigoAnalyzer analyzer = KeigoAnalyzer.shared();
    private final RegisterJudge judge = new RegisterJudge(analyzer);

    private List<String> rules(String text, Marker.Kind kind) {
        return analyzer.analyze(text).of(kind).stream().map(Marker::rule).toList();
    }

    @Test
    void findsEachKindOfKeigo() {
        assertTrue(rules("本日は晴れています。", Marker.Kind.TEINEI).contains("desu-masu"));
        assertTrue(rules("こちらでございます。", Marker.Kind.TEINEI).contains("gozaru"));
        assertTrue(rules("社長がいらっしゃいました。", Marker.Kind.SONKEI).contains("sonkei-verb"));
        assertTrue(rules("先生がお帰りになりました。", Marker.Kind.SONKEI).contains("o-ni-naru"));
        assertTrue(rules("部長が帰られました。", Marker.Kind.SONKEI).contains("reru-rareru"));
        assertTrue(rules("明日そちらに伺います。", Marker.Kind.KENJO).contains("kenjo-verb"));
        assertTrue(rules("資料をお送りいたします。", Marker.Kind.KENJO).contains("o-suru"));
        assertTrue(rules("資料を拝見しました。", Marker.Kind.KENJO).contains("hai-noun"));
    }

    @Test
    void flagsMisuseWhoeverActs() {
        assertTrue(rules("社長がおっしゃられました。", Marker.Kind.MISUSE).contains("double-keigo"));
        assertTrue(rules("先生がお帰りになられました。", Marker.Kind.MISUSE).contains("double-keigo"));
        assertTrue(rules("明日お伺いさせていただきます。", Marker.Kind.MISUSE).contains("double-keigo"));
        assertTrue(rules("十分に吟味し申し上げる方がよろしいかと存じます。", Marker.Kind.MISUSE).contains("malformed-humble"));
        assertTrue(rules("どうぞ、お聞き流し申し上げてください。", Marker.Kind.MISUSE).contains("humble-form-in-request"));
        // accepted as established usage by 敬語の指針
        assertEquals(List.of(), rules("担当者がお伺いいたします。", Marker.Kind.MISUSE));
    }

    @Test
    void judgesWhoseActionTheKeigoIsFor() {
        Expectation listenerActs = Expectation.honorific("sh");
        Expectation speakerActs = Expectation.honorific("oh");
        assertTrue(judge.judge("皆さんお揃いになりましたか。", listenerActs).pass());
        assertFalse(judge.judge("皆さんお揃いしましたか。", listenerActs).pass());
        assertTrue(judge.judge("研修の日程をメールでお知らせしましょう。", speakerActs).pass());
        assertFalse(judge.judge("研修の日程をメールでお知らせなさいましょう。", speakerActs).pass());
        Judgement shop = judge.judge("私がご説明なさいます。", new Expectation(Expectation.Register.HONORIFIC, Expectation.Actor.MIXED));
        assertTrue(shop.violations().stream().anyMatch(v -> v.startsWith("sonkeigo-for-own-action")), shop.violations().toString());
    }

    @Test
    void scoresPlainRepliesToACustomerDown() {
        Expectation toCustomer = new Expectation(Expectation.Register.HONORIFIC, Expectation.Actor.MIXED);
        Judgement rude = judge.judge("返品はできない。レシートを持ってきて。", toCustomer);
        Judgement polite = judge.judge("申し訳ございませんが、返品はお受けできかねます。レシートをお持ちいただけますでしょうか。", toCustomer);
        assertEquals(0, rude.score(), 1e-9, rude.violations().toString());
        assertEquals(2, rude.analysis().plainEndings().size());
        assertEquals(1, polite.score(), 1e-9, polite.violations().toString());
        assertEquals(List.of("no-register-evidence"), judge.judge("", toCustomer).violations());
    }

    @Test
    void plainContextRejectsKeigo() {
        Expectation plain = new Expectation(Expectation.Register.PLAIN, Expectation.Actor.MIXED);
        assertTrue(judge.judge("あなたの番だよ、カードをめくってね。", plain).pass());
        assertFalse(judge.judge("あなたの番です。カードをおめくりになってください。", plain).pass());
    }
}
