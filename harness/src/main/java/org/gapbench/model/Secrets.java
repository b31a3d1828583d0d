package org.gapbench.model;

/** Keeps API keys out of anything we print or store. */
public final class Secrets {
    private Secrets() {
    }

    /** {@code text} with every occurrence of {@code secret} (and of its long prefixes) replaced by {@code ***}. */
    public static String redact(String text, String secret) {
        if (text == null || secret == null || secret.length() < 4) {
            return text;
        }
        String out = text.replace(secret, "***");
        // Providers often echo a truncated key ("sk-abc...xyz"); mask any 8+ character prefix as well.
        for (int len = secret.length() - 1; len >= 8; len--) {
            out = out.replace(secret.substring(0, len), "***");
        }
        return out;
    }
}
