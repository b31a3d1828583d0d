package org.gapbench.model;

import java.util.HashSet;
import java.util.Set;

/** Keeps API keys out of anything we print or store. */
public final class Secrets {
    /**
     * The shortest piece of a key that is masked wherever it appears. Providers echo keys cut at either end
     * ("sk-abc...xyz", "...0123456789abcdef", the key minus its prefix); eight characters of a random key identify it.
     */
    static final int PIECE = 8;

    private Secrets() {
    }

    /**
     * {@code text} with every occurrence of {@code secret}, and of any piece of it at least {@link #PIECE} characters
     * long (a prefix, a suffix or a middle), replaced by {@code ***}. A secret shorter than that is masked whole.
     */
    public static String redact(String text, String secret) {
        if (text == null || secret == null || secret.length() < 4) {
            return text;
        }
        int k = Math.min(PIECE, secret.length());
        Set<String> pieces = new HashSet<>();
        for (int i = 0; i + k <= secret.length(); i++) {
            pieces.add(secret.substring(i, i + k));
        }
        boolean[] masked = new boolean[text.length()];
        boolean any = false;
        for (int i = 0; i + k <= text.length(); i++) {
            if (pieces.contains(text.substring(i, i + k))) {
                java.util.Arrays.fill(masked, i, i + k, true);
                any = true;
            }
        }
        if (!any) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!masked[i]) {
                out.append(text.charAt(i));
            } else if (i == 0 || !masked[i - 1]) {
                out.append("***");
            }
        }
        return out.toString();
    }
}
