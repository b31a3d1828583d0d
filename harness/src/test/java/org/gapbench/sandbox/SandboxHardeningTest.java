package org.gapbench.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the box refuses beyond the escape campaign of {@link org.gapbench.score.code.HostileCodeTest}: namespaces of
 * its own (a private root to probe the kernel with) and host shared memory through an unsized {@code /dev/shm}.
 * Each case fails on a box made with bubblewrap's defaults.
 */
class SandboxHardeningTest {
    private static final Limits LIMITS = Limits.standard(Duration.ofSeconds(20));

    private static Execution python(String program) {
        return Sandbox.bubblewrap().run(new Job(Map.of("p.py", program.getBytes(StandardCharsets.UTF_8)),
                List.of("/usr/bin/python3", "-I", "-S", Job.BOX + "/p.py"), "", LIMITS));
    }

    @Test
    void theBoxCannotCreateNamespacesOfItsOwn() {
        for (List<String> unshare : List.of(List.of("-U"), List.of("-Ur"), List.of("-Urn"), List.of("-Urm"), List.of("-n"), List.of("-m"))) {
            List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/unshare"));
            command.addAll(unshare);
            command.add("/usr/bin/true");
            Execution e = Sandbox.bubblewrap().run(new Job(Map.of(), command, "", LIMITS));
            assertNotEquals(0, e.exitCode(), "unshare " + unshare + " succeeded inside the box: " + e.stderr());
        }
    }

    @Test
    void sharedMemoryIsSizedLikeTheOtherTmpfs() {
        Execution e = python("import os\ns = os.statvfs('/dev/shm')\nprint(s.f_blocks * s.f_frsize)\n");
        assertEquals(0, e.exitCode(), e.stderr());
        long bytes = Long.parseLong(e.stdout().strip());
        assertTrue(bytes <= BubblewrapSandbox.SHM_BYTES, "/dev/shm holds " + bytes + " bytes");
    }

    @Test
    void fillingSharedMemoryStopsAtItsSize() {
        Execution e = python("""
                import sys
                written = 0
                try:
                    with open('/dev/shm/fill', 'wb') as f:
                        for _ in range(300):
                            f.write(b'x' * (1 << 20))
                            f.flush()
                            written += 1
                except OSError as err:
                    print(written, err.errno)
                    sys.exit(0)
                print(written, 0)
                """);
        assertEquals(0, e.exitCode(), e.stderr());
        String[] parts = e.stdout().strip().split(" ");
        assertTrue(Long.parseLong(parts[0]) * Limits.MIB <= BubblewrapSandbox.SHM_BYTES, "wrote " + parts[0] + " MiB to /dev/shm");
        // ENOSPC (28) from the tmpfs, or EFBIG (27) from the file-size limit, which is the same 16 MiB
        assertTrue(List.of("27", "28").contains(parts[1]), "expected ENOSPC or EFBIG, got errno " + parts[1]);
    }
}
