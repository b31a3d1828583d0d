package org.gapbench.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A writer of GGUF version 3 files, the model format llama.cpp loads, written from the format's description (ggml's
 * {@code gguf.h} and the {@code gguf-py} package in the llama.cpp source; no code taken from either).
 *
 * <p>A file is, all little-endian: the magic {@code GGUF}, the version (uint32 3), the tensor count and the key-value
 * count (uint64 each); the key-value pairs (a string key, a uint32 value type, the value; strings are a uint64 byte
 * length and UTF-8 bytes, arrays a uint32 element type, a uint64 count and the elements); one info per tensor (its
 * name, a uint32 dimension count, the dimensions as uint64 with the fastest-varying first, a uint32 ggml type and the
 * uint64 offset of its data from the start of the data section); padding to {@code general.alignment} (32 unless the
 * file says otherwise); and the tensors' data, each starting at a multiple of the alignment. The reader checks that
 * every offset is exactly the padded sum of the tensors before it, so the tensors are laid out in the order of their
 * infos.
 */
public final class Gguf {
    /** GGUF value types (gguf.h). */
    static final int UINT8 = 0, INT8 = 1, UINT16 = 2, INT16 = 3, UINT32 = 4, INT32 = 5, FLOAT32 = 6, BOOL = 7, STRING = 8,
            ARRAY = 9, UINT64 = 10, INT64 = 11, FLOAT64 = 12;

    /** The ggml tensor types this writer stores. */
    public enum TensorType {
        F32(0, 4), F16(1, 2);

        final int id;
        final int bytes;

        TensorType(int id, int bytes) {
            this.id = id;
            this.bytes = bytes;
        }
    }

    public static final int ALIGNMENT = 32;
    static final byte[] MAGIC = {'G', 'G', 'U', 'F'};
    static final int VERSION = 3;

    private final Map<String, byte[]> kv = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    private record Tensor(String name, long[] dims, TensorType type, float[] data) {
        long bytes() {
            return (long) data.length * type.bytes;
        }
    }

    public Gguf() {
        putU32("general.alignment", ALIGNMENT);
    }

    private Gguf put(String key, int type, Le value) {
        Le out = new Le();
        out.u32(type);
        out.bytes(value.toByteArray());
        kv.put(key, out.toByteArray());
        return this;
    }

    public Gguf putString(String key, String value) {
        return put(key, STRING, new Le().string(value));
    }

    public Gguf putU32(String key, int value) {
        return put(key, UINT32, new Le().u32(value));
    }

    public Gguf putF32(String key, float value) {
        return put(key, FLOAT32, new Le().f32(value));
    }

    public Gguf putBool(String key, boolean value) {
        Le v = new Le();
        v.write(value ? 1 : 0);
        return put(key, BOOL, v);
    }

    public Gguf putStrings(String key, List<String> values) {
        Le v = new Le().u32(STRING).u64(values.size());
        values.forEach(v::string);
        return put(key, ARRAY, v);
    }

    public Gguf putF32s(String key, float[] values) {
        Le v = new Le().u32(FLOAT32).u64(values.length);
        for (float f : values) {
            v.f32(f);
        }
        return put(key, ARRAY, v);
    }

    public Gguf putI32s(String key, int[] values) {
        Le v = new Le().u32(INT32).u64(values.length);
        for (int i : values) {
            v.u32(i);
        }
        return put(key, ARRAY, v);
    }

    /** A tensor of {@code dims} (fastest-varying first, as ggml counts them) holding {@code data} in that order. */
    public Gguf tensor(String name, TensorType type, float[] data, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": " + data.length + " values for dimensions " + java.util.Arrays.toString(dims));
        }
        tensors.add(new Tensor(name, dims.clone(), type, data));
        return this;
    }

    /** IEEE 754 binary16 of {@code f}, rounded to nearest even (Float.floatToFloat16 is Java 20; this project builds for 17). */
    static short half(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - e;
            int h = mant >> shift;
            int rest = mant & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rest > halfway || (rest == halfway && (h & 1) != 0)) {
                h++;
            }
            return (short) (sign | h);
        }
        int h = (e << 10) | (mant >> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) {
            h++;
        }
        return (short) (sign | h);
    }

    static long pad(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** The whole file's bytes (the models written here are a few MB). */
    public byte[] toBytes() {
        Le out = new Le();
        out.bytes(MAGIC);
        out.u32(VERSION);
        out.u64(tensors.size());
        out.u64(kv.size());
        kv.forEach((k, v) -> {
            out.string(k);
            out.bytes(v);
        });
        long offset = 0;
        for (Tensor t : tensors) {
            out.string(t.name);
            out.u32(t.dims.length);
            for (long d : t.dims) {
                out.u64(d);
            }
            out.u32(t.type.id);
            out.u64(offset);
            offset += pad(t.bytes());
        }
        out.zeros(pad(out.size()) - out.size());
        for (Tensor t : tensors) {
            ByteBuffer b = ByteBuffer.allocate((int) t.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : t.data) {
                if (t.type == TensorType.F32) {
                    b.putFloat(f);
                } else {
                    b.putShort(half(f));
                }
            }
            out.bytes(b.array());
            out.zeros(pad(t.bytes()) - t.bytes());
        }
        return out.toByteArray();
    }

    public Path write(Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, toBytes());
            return Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Little-endian output. */
    private static final class Le extends ByteArrayOutputStream {
        Le u32(int v) {
            for (int i = 0; i < 4; i++) {
                write(v >>> (8 * i));
            }
            return this;
        }

        Le u64(long v) {
            for (int i = 0; i < 8; i++) {
                write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Le f32(float v) {
            return u32(Float.floatToRawIntBits(v));
        }

        Le string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            bytes(b);
            return this;
        }

        Le bytes(byte[] b) {
            write(b, 0, b.length);
            return this;
        }

        void zeros(long n) {
            for (long i = 0; i < n; i++) {
                write(0);
            }
        }
    }
}
