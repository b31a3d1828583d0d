package org.gapbench.io;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content hashes used for identities, cache keys and prompt fingerprints. */
public final class Hashes {
    private Hashes() {
    }

    public static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Hash of several parts, unambiguous whatever the parts contain (each is length-prefixed). */
    public static String sha256(String... parts) {
        MessageDigest md = digest();
        for (String p : parts) {
            byte[] b = (p == null ? "\u0000null" : p).getBytes(StandardCharsets.UTF_8);
            md.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
            md.update((byte) ':');
            md.update(b);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The first 12 hex digits: enough to tell prompts apart in a journal line. */
    public static String short12(String text) {
        return sha256(text).substring(0, 12);
    }

    /** One digest per thread, reused: {@code MessageDigest.getInstance} looks the provider up on every call. */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** The thread's digest, reset (a digest resets itself after {@code digest()}; reset again in case an update threw). */
    private static MessageDigest digest() {
        MessageDigest md = DIGEST.get();
        md.reset();
        return md;
    }
}
