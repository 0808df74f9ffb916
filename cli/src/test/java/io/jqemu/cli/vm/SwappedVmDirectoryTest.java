package io.jqemu.cli.vm;

import io.jqemu.cli.CliRun;
import io.jqemu.launcher.vm.VmRecord;
import io.jqemu.testsupport.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another local user (uid 65534 here; the test runs as root) who swapped a VM's runtime directory
 * for his own, with a control socket in it, never receives a management request: {@code jqemu qmp}
 * refuses the directory, naming its path and owner.
 */
@RequiresRoot
class SwappedVmDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aRequestNeverReachesAControlSocketInAnotherUsersDirectory() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state/victim"));
        Path runtimeRoot = Files.createDirectories(dir.resolve("run"));
        Path swapped = Files.createDirectory(runtimeRoot.resolve("victim"));
        Files.setPosixFilePermissions(swapped, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(swapped, "unix:uid", 65534);
        Files.writeString(state.resolve("runtime-dir"), swapped + "\n");
        new VmRecord("victim", ProcessHandle.current().pid(), Instant.now(), swapped.resolve("qmp.sock"),
                Optional.empty(), swapped).writeTo(state);

        try (ServerSocketChannel thief = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            thief.bind(UnixDomainSocketAddress.of(swapped.resolve("control.sock")));
            thief.configureBlocking(false);

            CompletableFuture<CliRun> request = CompletableFuture.supplyAsync(() -> CliRun.of("qmp",
                    "--state-root", dir.resolve("state").toString(), "--runtime-root", runtimeRoot.toString(),
                    "victim", "query-status"), task -> Thread.ofPlatform().daemon().start(task));
            try (SocketChannel received = accept(thief, request)) {
                assertThat(received).as("a connection reached the other user's socket").isNull();
            }
            CliRun qmp = request.get(60, TimeUnit.SECONDS);
            assertThat(qmp.exitCode()).isEqualTo(1);
            assertThat(qmp.err()).contains("runtimeRoot: " + swapped + " is owned by uid 65534");
        }
    }

    /** A connection to {@code server} made before {@code request} ended, or null. */
    private static SocketChannel accept(ServerSocketChannel server, CompletableFuture<?> request) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            SocketChannel client = server.accept();
            if (client != null || request.isDone()) {
                return client;
            }
            Thread.sleep(10);
        }
        return null;
    }
}
