package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MemoryBacking;
import io.jqemu.core.model.Tpm;
import io.jqemu.core.model.VirtiofsShare;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.launcher.host.VmPaths;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.RequiresQemu;
import io.jqemu.launcher.vm.LiveProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TPM through a supervised swtpm on a real QEMU (paused, no guest): the back-end QEMU reports, the
 * state kept across runs; and that the helpers (swtpm, and virtiofsd for a virtiofs share) and their
 * sockets never outlive the VM: stop, SIGKILL of QEMU, a failed launch, SIGKILL of the launching JVM
 * (after the launch and in its middle), a swtpm that fails, and a host without swtpm.
 */
@RequiresQemu
@Timeout(180)
class TpmHelperTest {
    @TempDir
    Path dir;

    @Test
    void qemuGetsAnEmulatedTpmCrbFromSwtpmWhichEndsWithTheVmAndKeepsItsState() throws Exception {
        Launcher launcher = TestMachines.launcher(dir);
        Machine machine = TestMachines.empty("tpm").tpm().build();
        RunningVm vm = launcher.launch(machine, LaunchOptions.startPaused());
        Path socket = VmPaths.load(vm.stateDir()).runtimeDir().resolve(Tpm.SOCKET_NAME);
        Path permall = vm.stateDir().resolve("tpm/tpm2-00.permall");
        try {
            JsonNode tpm = vm.qmp().execute("query-tpm").get(0);
            assertThat(tpm.path("id").asText()).isEqualTo("tpmdev-tpm0");
            assertThat(tpm.path("model").asText()).isEqualTo("tpm-crb");
            assertThat(tpm.path("options").path("type").asText()).isEqualTo("emulator");
            assertThat(tpm.path("options").path("data").path("chardev").asText()).isEqualTo("chrtpm0");
            assertThat(swtpms(socket)).hasSize(1);
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(permall.getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(permall).isRegularFile();
        } finally {
            vm.stop();
        }
        assertNoHelperLeft(vm.stateDir(), socket);
        assertThat(permall).as("the TPM state is kept across runs").isRegularFile();
        byte[] state = Files.readAllBytes(permall);

        RunningVm again = launcher.launch(machine, LaunchOptions.startPaused());
        try {
            assertThat(again.qmp().execute("query-tpm").get(0).path("model").asText()).isEqualTo("tpm-crb");
            assertThat(Files.readAllBytes(permall)).as("an initialised state is not initialised again").isEqualTo(state);
        } finally {
            again.stop();
        }
        assertNoHelperLeft(again.stateDir(), socket);
    }

    @Test
    void sigkillOfQemuEndsTheHelpersAndRemovesTheirSockets() throws Exception {
        RunningVm vm = TestMachines.launcher(dir).launch(withHelpers("tpmkill", share()), LaunchOptions.startPaused());
        Path socket = VmPaths.load(vm.stateDir()).runtimeDir().resolve(Tpm.SOCKET_NAME);
        assertThat(swtpms(socket)).hasSize(1);
        assertThat(virtiofsds(socket.getParent())).isNotEmpty();
        assertThat(vm.qmp().execute("qom-get", JsonNodeFactory.instance.objectNode()
                .put("path", "/machine/peripheral/fs0").put("property", "tag")).asText()).isEqualTo("share");
        assertThat(vm.qmp().execute("qom-get", JsonNodeFactory.instance.objectNode()
                .put("path", "/machine/peripheral/fs0").put("property", "chardev")).asText()).isEqualTo("char-fs0");

        ProcessHandle.of(vm.pid()).orElseThrow().destroyForcibly();

        assertThat(vm.terminated().get(30, TimeUnit.SECONDS)).isEqualTo(VmState.CRASHED);
        assertNoHelperLeft(vm.stateDir(), socket);
    }

    @Test
    void aFailedLaunchEndsTheHelpersAndLeavesNothing() throws Exception {
        Launcher launcher = TestMachines.launcher(dir);
        Machine machine = withHelpers("tpmfail", share()).toBuilder()
                .unsafeExtraArgs(List.of("-device", "no-such-device")).build();
        Path socket = launcher.render(machine).paths().runtimeDir().resolve(Tpm.SOCKET_NAME);

        assertThatThrownBy(() -> launcher.launch(machine)).isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("'no-such-device' is not a valid device model name");

        assertNoHelperLeft(dir.resolve("state/tpmfail"), socket);
        assertThat(dir.resolve("state/tpmfail")).as("the state directory this launch made is gone").doesNotExist();
    }

    @Test
    void aSwtpmThatFailsFailsTheLaunchWithItsOwnWords() throws Exception {
        Launcher launcher = TestMachines.launcher(dir);
        Machine machine = TestMachines.empty("tpmbad").tpm().build();
        launcher.launch(machine, LaunchOptions.startPaused()).stop();
        Path permall = dir.resolve("state/tpmbad/tpm/tpm2-00.permall");
        Files.writeString(permall, "not a TPM state");
        Path socket = launcher.render(machine).paths().runtimeDir().resolve(Tpm.SOCKET_NAME);

        assertThatThrownBy(() -> launcher.launch(machine, LaunchOptions.startPaused()))
                .isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("swtpm (tpm) wrote:")
                .hasMessageContaining("Could not initialize libtpms");

        assertNoHelperLeft(dir.resolve("state/tpmbad"), socket);
    }

    @Test
    void sigkillOfTheLaunchingJvmLeavesTheHelpersToTheirVmAndNothingOnceTheVmIsGone() throws Exception {
        Path runtime = TestMachines.shortTempDir("jqh");
        Probe probe = Probe.start("launch", dir.resolve("state"), runtime, "tpmjvm", share(), Map.of());
        long qemu = Long.parseLong(probe.awaitLine("qemu=").substring(5));
        Path stateDir = dir.resolve("state/tpmjvm");
        Path socket = runtime.resolve("tpmjvm").resolve(Tpm.SOCKET_NAME);

        probe.kill();
        assertThat(ProcessHandle.of(qemu).filter(ProcessHandle::isAlive)).as("QEMU outlives its controller").isPresent();
        List<Long> swtpm = swtpms(socket);
        assertThat(swtpm).as("so does the swtpm QEMU still uses").hasSize(1);
        List<Long> virtiofsd = virtiofsds(socket.getParent());
        assertThat(virtiofsd).as("and virtiofsd").isNotEmpty();

        ProcessHandle.of(qemu).orElseThrow().destroyForcibly();
        for (long pid : concat(swtpm, virtiofsd)) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }
        assertThat(swtpms(socket)).as("swtpm --terminate ends when QEMU's connection is gone, with no controller")
                .isEmpty();
        assertThat(virtiofsds(socket.getParent())).as("virtiofsd ends when its vhost-user peer is gone").isEmpty();

        assertThatThrownBy(() -> TestMachines.launcher(dir, runtime).reattach(stateDir))
                .isInstanceOf(VmNotRunningException.class);
        assertNoHelperLeft(stateDir, socket);
    }

    @Test
    void sigkillOfTheJvmInTheMiddleOfALaunchLeavesHelpersTheNextControllerEnds() throws Exception {
        Path runtime = TestMachines.shortTempDir("jqh");
        Probe probe = Probe.start("prepare", dir.resolve("state"), runtime, "tpmmid", share(), Map.of());
        probe.awaitLine("prepared");
        Path stateDir = dir.resolve("state/tpmmid");
        Path socket = runtime.resolve("tpmmid").resolve(Tpm.SOCKET_NAME);

        probe.kill();
        List<Long> orphans = concat(swtpms(socket), virtiofsds(socket.getParent()));
        assertThat(orphans).as("the helpers had no QEMU yet, so nothing ends them by itself").hasSizeGreaterThanOrEqualTo(2);

        assertThatThrownBy(() -> TestMachines.launcher(dir, runtime).reattach(stateDir))
                .isInstanceOf(VmNotRunningException.class)
                .hasMessageContaining("swtpm").hasMessageContaining("virtiofsd");
        assertThat(orphans).allSatisfy(pid -> assertThat(LiveProcesses.running(pid)).as("helper %d runs", pid).isFalse());
        assertNoHelperLeft(stateDir, socket);
    }

    @Test
    void aHostWithoutSwtpmFailsTheCheckNamingTheTpmBeforeAnyChange() throws Exception {
        Path runtime = TestMachines.shortTempDir("jqh");
        Probe probe = Probe.start("preflight", dir.resolve("state"), runtime, "tpmnone", share(),
                Map.of("PATH", dir.resolve("empty-path").toString()));
        probe.awaitLine("checked");
        probe.kill();

        assertThat(probe.seen()).contains(
                "violation=tpm: swtpm_setup is not installed: it is not on PATH (Debian package swtpm-tools)",
                "violation=tpm: swtpm is not installed: swtpm is not on PATH (Debian package swtpm)");
        assertThat(dir.resolve("state/tpmnone")).doesNotExist();
        assertThat(runtime.resolve("tpmnone")).doesNotExist();
    }

    /** A paused-QEMU machine with a TPM and a virtiofs share of {@code share} (shared memfd memory). */
    static Machine withHelpers(String name, Path share) {
        return TestMachines.empty(name).memoryBacking(MemoryBacking.sharedMemfd()).tpm()
                .virtiofs(VirtiofsShare.of(share.toString(), "share")).build();
    }

    private Path share() throws IOException {
        return Files.createDirectories(dir.resolve("share"));
    }

    /** The virtiofsd processes (a parent and its sandboxed child) serving sockets in {@code runtimeDir}. */
    static List<Long> virtiofsds(Path runtimeDir) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/virtiofsd"))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(runtimeDir + "/")).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The swtpm processes listening on {@code socket}, by their command line. */
    static List<Long> swtpms(Path socket) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/swtpm"))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(socket.toString())).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    private static void assertNoHelperLeft(Path stateDir, Path socket) {
        assertThat(swtpms(socket)).as("no swtpm left for " + socket).isEmpty();
        assertThat(virtiofsds(socket.getParent())).as("no virtiofsd left").isEmpty();
        assertThat(socket).doesNotExist();
        Path journal = stateDir.resolve(UndoJournal.FILE_NAME);
        if (Files.exists(journal)) {
            assertThat(new UndoJournal(journal).pending()).isEmpty();
        }
        assertThat(stateDir.resolve("vm.properties")).doesNotExist();
        assertThat(socket.getParent()).as("the runtime directory").doesNotExist();
    }

    /** A child JVM running {@link HelperProbe}. */
    record Probe(Process process, BufferedReader out, List<String> seen) {
        static Probe start(String mode, Path state, Path runtime, String name, Path share, Map<String, String> env)
                throws IOException {
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), HelperProbe.class.getName(),
                    mode, state.toString(), runtime.toString(), name, share.toString()))
                    .redirectErrorStream(true);
            builder.environment().put(QemuBinary.ENVIRONMENT, QemuBinary.path());
            builder.environment().putAll(env);
            Process process = builder.start();
            return new Probe(process, new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)), new ArrayList<>());
        }

        String awaitLine(String prefix) throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                seen.add(line);
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new AssertionError("the probe ended without printing " + prefix + ":\n" + String.join("\n", seen));
        }

        void kill() {
            process.destroyForcibly();
            process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }
}
