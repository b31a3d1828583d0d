package org.gapbench.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GGUF writer read back by a reader written here from the format's description (llama-server loading the files
 * is {@code LlamaServerTest}'s part): the header, the key-value pairs, tensor infos whose offsets are the padded sums
 * of the tensors before them, and an aligned data section; and the tiny model is the same bytes for the same seed.
 */
class GgufTest {
    @TempDir
    Path tmp;

    /** What a reader sees in a GGUF file. */
    record Parsed(int version, Map<String, Object> kv, Map<String, long[]> dims, Map<String, Integer> types, Map<String, Long> offsets,
                  long dataStart, long fileSize) {
    }

    static Parsed parse(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        assertEquals("GGUF", new String(magic, StandardCharsets.US_ASCII));
        int version = b.getInt();
        long nTensors = b.getLong();
        long nKv = b.getLong();
        Map<String, Object> kv = new LinkedHashMap<>();
        for (long i = 0; i < nKv; i++) {
            String key = string(b);
            kv.put(key, value(b, b.getInt()));
        }
        Map<String, long[]> dims = new LinkedHashMap<>();
        Map<String, Integer> types = new LinkedHashMap<>();
        Map<String, Long> offsets = new LinkedHashMap<>();
        for (long i = 0; i < nTensors; i++) {
            String name = string(b);
            long[] d = new long[b.getInt()];
            for (int j = 0; j < d.length; j++) {
                d[j] = b.getLong();
            }
            dims.put(name, d);
            types.put(name, b.getInt());
            offsets.put(name, b.getLong());
        }
        long alignment = ((Number) kv.getOrDefault("general.alignment", 32)).longValue();
        long dataStart = (b.position() + alignment - 1) / alignment * alignment;
        return new Parsed(version, kv, dims, types, offsets, dataStart, file.length);
    }

    static String string(ByteBuffer b) {
        byte[] s = new byte[(int) b.getLong()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    static Object value(ByteBuffer b, int type) {
        return switch (type) {
            case Gguf.UINT32, Gguf.INT32 -> b.getInt();
            case Gguf.FLOAT32 -> b.getFloat();
            case Gguf.BOOL -> b.get() != 0;
            case Gguf.STRING -> string(b);
            case Gguf.ARRAY -> {
                int t = b.getInt();
                long n = b.getLong();
                List<Object> list = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    list.add(value(b, t));
                }
                yield list;
            }
            default -> throw new AssertionError("unexpected value type " + type);
        };
    }

    @Test
    void aFileReadsBackWithAlignedContiguousTensors() {
        byte[] f = new Gguf().putString("general.architecture", "llama").putU32("n", 7).putF32("eps", 1e-5f).putBool("yes", true)
                .putStrings("words", List.of("a", "\u2581b", "日本"))
                .putI32s("ints", new int[] {1, -2})
                .tensor("t3", Gguf.TensorType.F32, new float[] {1, 2, 3}, 3)
                .tensor("t2x5", Gguf.TensorType.F16, new float[10], 2, 5)
                .toBytes();
        Parsed p = parse(f);
        assertEquals(3, p.version());
        assertEquals(List.of("general.alignment", "general.architecture", "n", "eps", "yes", "words", "ints"), List.copyOf(p.kv().keySet()));
        assertEquals(32, p.kv().get("general.alignment"));
        assertEquals("llama", p.kv().get("general.architecture"));
        assertEquals(1e-5f, p.kv().get("eps"));
        assertEquals(true, p.kv().get("yes"));
        assertEquals(List.of("a", "\u2581b", "日本"), p.kv().get("words"));
        assertEquals(List.of(1, -2), p.kv().get("ints"));
        assertArrayEquals(new long[] {2, 5}, p.dims().get("t2x5"));
        assertEquals(0, p.types().get("t3"));
        assertEquals(1, p.types().get("t2x5"));
        assertEquals(0L, p.offsets().get("t3"));
        assertEquals(32L, p.offsets().get("t2x5"), "12 bytes of F32, padded to 32");
        assertEquals(0, p.dataStart() % 32);
        assertEquals(p.dataStart() + 32 + 32, p.fileSize(), "the last tensor (20 bytes of F16) padded too");
        ByteBuffer data = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1f, data.getFloat((int) p.dataStart()));
        assertEquals(3f, data.getFloat((int) p.dataStart() + 8));
    }

    @Test
    void halfPrecisionRoundsToNearestEven() {
        assertEquals((short) 0x3c00, Gguf.half(1f));
        assertEquals((short) 0xc000, Gguf.half(-2f));
        assertEquals((short) 0x7bff, Gguf.half(65504f));
        assertEquals((short) 0x7c00, Gguf.half(1e6f), "overflow is infinity");
        assertEquals((short) 0x2e66, Gguf.half(0.1f));
        assertEquals((short) 0x0001, Gguf.half(6e-8f), "the smallest subnormal");
        assertEquals((short) 0x0000, Gguf.half(1e-9f));
        assertEquals((short) 0x3c00, Gguf.half(1f + 1f / 2048), "half-way rounds to even (down)");
        assertEquals((short) 0x3c02, Gguf.half(1f + 3f / 2048), "half-way rounds to even (up)");
    }

    @Test
    void aTensorMustHoldWhatItsDimensionsSay() {
        assertThrows(IllegalArgumentException.class, () -> new Gguf().tensor("x", Gguf.TensorType.F32, new float[5], 2, 3));
    }

    @Test
    void theTinyModelIsTheSameBytesForTheSameSeed() throws IOException {
        byte[] a = Files.readAllBytes(TinyLlama.write(tmp.resolve("a.gguf"), 7, TinyLlama.Output.TEXT));
        byte[] b = Files.readAllBytes(TinyLlama.write(tmp.resolve("b.gguf"), 7, TinyLlama.Output.TEXT));
        byte[] c = Files.readAllBytes(TinyLlama.write(tmp.resolve("c.gguf"), 8, TinyLlama.Output.TEXT));
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
        Parsed p = parse(a);
        assertEquals("llama", p.kv().get("general.architecture"));
        assertEquals("llama", p.kv().get("tokenizer.ggml.model"));
        assertEquals(TinyLlama.CHAT_TEMPLATE, p.kv().get("tokenizer.chat_template"));
        List<?> tokens = (List<?>) p.kv().get("tokenizer.ggml.tokens");
        assertEquals(TinyLlama.tokens(), tokens);
        assertEquals("<0x0A>", tokens.get(3 + 10), "the newline byte token llama.cpp looks for");
        assertEquals(2 + 9 * TinyLlama.N_LAYER + 1, p.dims().size());
        assertArrayEquals(new long[] {TinyLlama.N_EMBD, tokens.size()}, p.dims().get("output.weight"));
        assertTrue(a.length > 1_000_000 && a.length < 8_000_000, "a few MB: " + a.length);
    }

    /** The answering model's words become its own pieces; a repeated word would loop, so it is refused. */
    @Test
    void theAnsweringModelHasAPiecePerWordAndRefusesARepeatedOne() throws IOException {
        Parsed p = parse(Files.readAllBytes(TinyLlama.writeAnswering(tmp.resolve("answer.gguf"), "Yes, \\boxed{7} indeed")));
        List<?> tokens = (List<?>) p.kv().get("tokenizer.ggml.tokens");
        assertEquals(TinyLlama.tokens(), tokens.subList(0, TinyLlama.tokens().size()), "the shared vocabulary first");
        assertEquals(List.of("Yes,", "\u2581\\boxed{7}", "\u2581indeed"), tokens.subList(TinyLlama.tokens().size(), tokens.size()));
        assertThrows(IllegalArgumentException.class, () -> TinyLlama.writeAnswering(tmp.resolve("loop.gguf"), "well, no no"));
    }
}
