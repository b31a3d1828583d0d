package org.gapbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** Any long piece of a key is masked wherever it appears: providers echo keys cut at the front, the back or both. */
class SecretsTest {
    static final String KEY = "sk-proj-Ab3dEf9hIjKlMnOpQrStUvWx";

    @Test
    void theWholeKeyAPrefixASuffixAndAMiddleAreMasked() {
        assertEquals("key ***", Secrets.redact("key " + KEY, KEY));
        assertEquals("Incorrect API key provided: ***.", Secrets.redact("Incorrect API key provided: " + KEY.substring(0, 14) + ".", KEY));
        String echoed = "Incorrect API key provided: " + KEY.substring(5) + ". You can find your API key at ...";
        String masked = Secrets.redact(echoed, KEY);
        assertEquals("Incorrect API key provided: ***. You can find your API key at ...", masked);
        assertFalse(Secrets.redact("a " + KEY.substring(6, 20) + " b", KEY).contains(KEY.substring(6, 14)));
    }

    @Test
    void shortPiecesAndOtherTextAreLeftAlone() {
        assertEquals("sk-p is a common start", Secrets.redact("sk-p is a common start", KEY));
        assertEquals("nothing here", Secrets.redact("nothing here", KEY));
        assertEquals("a *** b", Secrets.redact("a abcd b", "abcd"), "a short secret is masked whole");
    }
}
