package org.gapbench.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * A tiny llama-architecture model of seeded random weights, written as GGUF for llama.cpp: no registry here ships
 * pretrained weights, and the tests need a model a real inference server loads, not one that answers well. Its answers
 * are nonsense, which is what the error paths need.
 *
 * <p>The vocabulary is a SentencePiece ({@code llama}) one: {@code <unk>}, {@code <s>}, {@code </s>}, the 256 byte
 * tokens {@code <0x00>}..{@code <0xFF>} llama.cpp falls back to for text no piece covers, the ASCII characters as pieces and a few
 * English words: most text is a token per character, so a GSM8K prompt is several hundred tokens. The weights are normal random numbers from {@code seed} (the same seed, the same bytes), but the output
 * projection chooses what greedy decoding can emit:
 * <ul>
 * <li>{@link Output#TEXT}: the rows of the special and byte tokens are zero, so at temperature 0 the model emits only
 * ASCII pieces, never the end-of-sequence token: valid UTF-8 that runs to max_tokens (or the context's end);</li>
 * <li>{@link Output#INVALID_UTF8}: the rows of the UTF-8 continuation bytes 0x80..0xBF are fifty times the others,
 * so the model emits lone continuation bytes: the invalid UTF-8 a small model produces, on which llama-server's chat
 * parser fails with HTTP 500 "does not match the expected peg-native format" (issue 18), the same every time.</li>
 * </ul>
 *
 * <p>{@link #writeAnswering} writes a model that is not random: it answers every prompt with one given text and then
 * emits the end-of-sequence token, so a real server's answer can be scored right or wrong and end with
 * {@code finish_reason: stop}.
 */
public final class TinyLlama {
    /** What greedy decoding of the model emits. */
    public enum Output {
        TEXT, INVALID_UTF8
    }

    public static final int N_EMBD = 128;
    public static final int N_HEAD = 4;
    public static final int N_HEAD_KV = 2;
    public static final int N_LAYER = 2;
    public static final int N_FF = 384;
    public static final int CONTEXT_LENGTH = 32768;

    /** A plain template (no special-cased family), so llama-server derives its chat parser from it. */
    public static final String CHAT_TEMPLATE = "{% for message in messages %}### {{ message['role'] }}:\n{{ message['content'] }}\n"
            + "{% endfor %}{% if add_generation_prompt %}### assistant:\n{% endif %}";

    static final int UNK = 0, BOS = 1, EOS = 2, FIRST_BYTE = 3;
    static final int NORMAL = 1, UNKNOWN = 2, CONTROL = 3, BYTE = 6;

    private TinyLlama() {
    }

    /** The vocabulary: specials, byte tokens, then the pieces. */
    public static List<String> tokens() {
        List<String> t = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            t.add(String.format("<0x%02X>", b));
        }
        Set<String> pieces = new LinkedHashSet<>();
        pieces.add("\u2581");
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,?!:;'\"-()$%+=*/#";
        for (char c : chars.toCharArray()) {
            pieces.add(String.valueOf(c));
        }
        for (String w : List.of("the", "of", "and", "to", "in", "is", "answer")) {
            pieces.add("\u2581" + w);
        }
        t.addAll(pieces);
        return t;
    }

    /** Writes the model for {@code seed} to {@code file}. */
    public static Path write(Path file, long seed, Output output) {
        List<String> tokens = tokens();
        int nVocab = tokens.size();
        int[] types = types(tokens);
        Random r = new Random(seed);
        Gguf g = header("gapbench-tiny-llama-" + output.name().toLowerCase(Locale.ROOT) + "-seed" + seed, tokens, types);
        g.tensor("token_embd.weight", Gguf.TensorType.F16, gaussian(r, N_EMBD * nVocab, 1.0), N_EMBD, nVocab);
        layers(g, r, false);
        g.tensor("output_norm.weight", Gguf.TensorType.F32, ones(N_EMBD), N_EMBD);
        float[] out = gaussian(r, N_EMBD * nVocab, 0.1);
        for (int tok = 0; tok < nVocab; tok++) {
            float scale = switch (output) {
                case TEXT -> types[tok] == NORMAL ? 1f : 0f;
                case INVALID_UTF8 -> types[tok] == NORMAL ? 1f : tok >= FIRST_BYTE + 0x80 && tok <= FIRST_BYTE + 0xBF ? 50f : 0f;
            };
            for (int i = 0; i < N_EMBD; i++) {
                out[tok * N_EMBD + i] *= scale;
            }
        }
        g.tensor("output.weight", Gguf.TensorType.F32, out, N_EMBD, nVocab);
        return g.write(file);
    }

    /**
     * Writes a model that answers every prompt with {@code answer} and then emits {@code </s>}. Its space-separated
     * words become pieces of its vocabulary (the first without the SentencePiece space mark, so the answer does not
     * start with a space), and they must all differ.
     *
     * <p>How: every layer's output projections ({@code attn_output}, {@code ffn_down}) are zero, so the last position's
     * hidden state is its own token's embedding and the next token depends on the current one only. The prompt's last
     * token (the newline that ends the chat template's {@code ### assistant:} line, a byte token) and each word of the
     * answer get an embedding of their own (a unit vector), and the output projection maps each to the next word and
     * the last word to {@code </s>} with a logit of about 113 against 0 for every other token: certain at any
     * temperature.
     */
    public static Path writeAnswering(Path file, String answer) {
        List<String> words = List.of(answer.split(" "));
        List<String> tokens = tokens();
        List<Integer> chain = new ArrayList<>(List.of(FIRST_BYTE + '\n'));
        for (int w = 0; w < words.size(); w++) {
            String piece = w == 0 ? words.get(w) : "\u2581" + words.get(w);
            int id = tokens.indexOf(piece);
            if (id < 0) {
                id = tokens.size();
                tokens.add(piece);
            }
            if (chain.contains(id)) {
                throw new IllegalArgumentException("the answer's words must differ (a token's successor is fixed): " + answer);
            }
            chain.add(id);
        }
        if (chain.size() > N_EMBD) {
            throw new IllegalArgumentException("at most " + (N_EMBD - 1) + " words: " + answer);
        }
        chain.add(EOS);
        int nVocab = tokens.size();
        Gguf g = header("gapbench-tiny-llama-answering", tokens, types(tokens));
        float[] embd = new float[N_EMBD * nVocab];
        float[] out = new float[N_EMBD * nVocab];
        for (int step = 0; step + 1 < chain.size(); step++) {
            embd[chain.get(step) * N_EMBD + step] = 1f;
            out[chain.get(step + 1) * N_EMBD + step] = 10f; // the final norm scales the unit vector to sqrt(128)
        }
        g.tensor("token_embd.weight", Gguf.TensorType.F16, embd, N_EMBD, nVocab);
        layers(g, new Random(0), true);
        g.tensor("output_norm.weight", Gguf.TensorType.F32, ones(N_EMBD), N_EMBD);
        g.tensor("output.weight", Gguf.TensorType.F32, out, N_EMBD, nVocab);
        return g.write(file);
    }

    private static int[] types(List<String> tokens) {
        int[] types = new int[tokens.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = i == UNK ? UNKNOWN : i < FIRST_BYTE ? CONTROL : i < FIRST_BYTE + 256 ? BYTE : NORMAL;
        }
        return types;
    }

    private static Gguf header(String name, List<String> tokens, int[] types) {
        int nVocab = tokens.size();
        float[] scores = new float[nVocab];
        for (int i = 0; i < nVocab; i++) {
            // longer pieces merge first
            scores[i] = types[i] == NORMAL ? tokens.get(i).length() - 100f : 0f;
        }
        int headDim = N_EMBD / N_HEAD;
        return new Gguf()
                .putString("general.architecture", "llama")
                .putString("general.name", name)
                .putU32("llama.context_length", CONTEXT_LENGTH)
                .putU32("llama.embedding_length", N_EMBD)
                .putU32("llama.block_count", N_LAYER)
                .putU32("llama.feed_forward_length", N_FF)
                .putU32("llama.attention.head_count", N_HEAD)
                .putU32("llama.attention.head_count_kv", N_HEAD_KV)
                .putU32("llama.rope.dimension_count", headDim)
                .putF32("llama.rope.freq_base", 10000f)
                .putF32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .putU32("llama.vocab_size", nVocab)
                .putString("tokenizer.ggml.model", "llama")
                .putStrings("tokenizer.ggml.tokens", tokens)
                .putF32s("tokenizer.ggml.scores", scores)
                .putI32s("tokenizer.ggml.token_type", types)
                .putU32("tokenizer.ggml.unknown_token_id", UNK)
                .putU32("tokenizer.ggml.bos_token_id", BOS)
                .putU32("tokenizer.ggml.eos_token_id", EOS)
                .putBool("tokenizer.ggml.add_bos_token", true)
                .putBool("tokenizer.ggml.add_eos_token", false)
                .putString("tokenizer.chat_template", CHAT_TEMPLATE);
    }

    /** The transformer blocks' random weights; with {@code silent}, the projections back into the residual stream are zero. */
    private static void layers(Gguf g, Random r, boolean silent) {
        int kvDim = N_EMBD / N_HEAD * N_HEAD_KV;
        for (int l = 0; l < N_LAYER; l++) {
            String p = "blk." + l + ".";
            g.tensor(p + "attn_norm.weight", Gguf.TensorType.F32, ones(N_EMBD), N_EMBD);
            g.tensor(p + "attn_q.weight", Gguf.TensorType.F32, gaussian(r, N_EMBD * N_EMBD, 0.05), N_EMBD, N_EMBD);
            g.tensor(p + "attn_k.weight", Gguf.TensorType.F32, gaussian(r, N_EMBD * kvDim, 0.05), N_EMBD, kvDim);
            g.tensor(p + "attn_v.weight", Gguf.TensorType.F32, gaussian(r, N_EMBD * kvDim, 0.05), N_EMBD, kvDim);
            float[] attnOut = gaussian(r, N_EMBD * N_EMBD, 0.05);
            g.tensor(p + "attn_output.weight", Gguf.TensorType.F32, silent ? new float[attnOut.length] : attnOut, N_EMBD, N_EMBD);
            g.tensor(p + "ffn_norm.weight", Gguf.TensorType.F32, ones(N_EMBD), N_EMBD);
            g.tensor(p + "ffn_gate.weight", Gguf.TensorType.F32, gaussian(r, N_EMBD * N_FF, 0.05), N_EMBD, N_FF);
            g.tensor(p + "ffn_up.weight", Gguf.TensorType.F32, gaussian(r, N_EMBD * N_FF, 0.05), N_EMBD, N_FF);
            float[] down = gaussian(r, N_FF * N_EMBD, 0.05);
            g.tensor(p + "ffn_down.weight", Gguf.TensorType.F32, silent ? new float[down.length] : down, N_FF, N_EMBD);
        }
    }

    private static float[] gaussian(Random r, int n, double sd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * sd);
        }
        return a;
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return a;
    }

    /** {@code java -cp testkit.jar org.gapbench.testkit.TinyLlama FILE SEED TEXT|INVALID_UTF8}: writes a model by hand. */
    public static void main(String[] args) {
        System.out.println(write(Path.of(args[0]), Long.parseLong(args[1]), Output.valueOf(args[2])));
    }
}
