package org.gapbench.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The network namespace shared by the sandboxes of one harness process is empty (a loopback that is down, no
 * route anywhere) and not the host's, and a holder that died is replaced by a new empty namespace. Only as root:
 * other users get a namespace per execution from bubblewrap (with loopback up).
 */
class SharedEmptyNetworkTest {
    @BeforeEach
    void onlyAsRoot() {
        assumeTrue(BubblewrapSandbox.isRoot(), "the shared namespace is used only when the harness runs as root");
    }

    private static final String PROBE = """
            import socket
            print(sorted(name for _, name in socket.if_nameindex()))
            try:
                socket.create_connection(('127.0.0.1', 9), timeout=2)
                print('connected')
            except OSError as e:
                print('unreachable', e.errno)
            """;

    @Test
    void sandboxesSeeOnlyADownLoopbackInANamespaceOtherThanTheHosts() {
        Execution e = BubblewrapSandbox.locate().run(new Job(Map.of("probe.py", PROBE.getBytes(StandardCharsets.UTF_8)),
                List.of("/usr/bin/python3", "-I", "-S", Job.BOX + "/probe.py"), "", Limits.standard(Duration.ofSeconds(20))));
        assertEquals(0, e.exitCode(), e.stderr());
        // ENETUNREACH (101): not even loopback is up, so nothing listens anywhere
        assertEquals("['lo']\nunreachable 101\n", e.stdout());
    }

    @Test
    void aDeadHolderIsReplacedAndNeverHandsOutTheHostNamespace() throws Exception {
        SharedEmptyNetwork network = new SharedEmptyNetwork(BubblewrapSandbox.onPath("unshare"));
        try {
            Path first = network.path();
            Object host = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
            assertNotEquals(host, Files.readSymbolicLink(first));
            network.close();
            Path second = network.path();
            assertNotEquals(first, second, "a new holder process");
            assertNotEquals(host, Files.readSymbolicLink(second));
            assertTrue(Files.exists(second));
        } finally {
            network.close();
        }
    }
}
