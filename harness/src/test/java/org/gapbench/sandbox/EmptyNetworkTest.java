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
 * The network namespace a sandbox joins is empty (a loopback that is down, no route anywhere) and not the host's, a
 * holder that died is replaced by a new empty namespace, and two executions running at the same time are in different
 * namespaces. Only as root: other users get a namespace per execution from bubblewrap (with loopback up).
 */
class EmptyNetworkTest {
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
        EmptyNetwork network = new EmptyNetwork(BubblewrapSandbox.onPath("unshare"));
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

    /** Listens on an abstract unix socket (which lives in the network namespace) and says whether anyone came. */
    private static final String LISTENER = """
            import socket, time
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind('\\0gapbench-neighbour')
            s.listen(1)
            s.settimeout(4)
            try:
                s.accept()
                print('visited')
            except socket.timeout:
                print('alone')
            """;

    /** Tries for two seconds to reach the listener of another execution. */
    private static final String VISITOR = """
            import socket, time
            deadline = time.time() + 2
            while time.time() < deadline:
                c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    c.connect('\\0gapbench-neighbour')
                    print('reached')
                    break
                except OSError:
                    time.sleep(0.05)
            else:
                print('refused')
            """;

    @Test
    void executionsRunningAtTheSameTimeCannotReachEachOther() throws Exception {
        Sandbox box = Sandbox.bubblewrap();
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var listener = two.submit(() -> box.run(python(LISTENER)));
            Thread.sleep(500); // the listener is up before the visitor starts
            var visitor = two.submit(() -> box.run(python(VISITOR)));
            Execution v = visitor.get();
            Execution l = listener.get();
            assertEquals("refused", v.stdout().strip(), v.stderr());
            assertEquals("alone", l.stdout().strip(), l.stderr());
        } finally {
            two.shutdownNow();
        }
    }

    private static Job python(String program) {
        return new Job(Map.of("p.py", program.getBytes(StandardCharsets.UTF_8)), List.of("/usr/bin/python3", "-I", "-S", Job.BOX + "/p.py"), "",
                Limits.standard(Duration.ofSeconds(20)));
    }
}
