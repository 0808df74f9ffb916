package io.jqemu.launcher;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.Violation;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.CpuFlag;
import io.jqemu.core.model.HyperV;
import io.jqemu.core.render.KeyValueOptions;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.QmpException;
import io.jqemu.qmp.command.CpuDefinition;
import io.jqemu.qmp.command.QueryCpuDefinitions;
import io.jqemu.qmp.command.QueryCpuModelExpansion;
import io.jqemu.qmp.command.Quit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the QEMU binary itself whether it can give a machine's CPU: it starts the binary with no machine
 * ({@code -machine none}, paused) under the accelerator the VM would get, and checks the model against
 * {@code query-cpu-definitions} (it exists; none of its features is unavailable under that accelerator,
 * unless a flag turns it off) and every flag and Hyper-V enlightenment against
 * {@code query-cpu-model-expansion} (QEMU knows the property). The QEMU process, its socket and its
 * private directory are gone when the check returns.
 */
final class CpuModelCheck {
    private static final Logger LOG = LoggerFactory.getLogger(CpuModelCheck.class);
    private static final Duration QUIT_GRACE = Duration.ofSeconds(5);

    private final String qemuBinary;
    private final Duration timeout;

    CpuModelCheck(String qemuBinary, Duration timeout) {
        this.qemuBinary = qemuBinary;
        this.timeout = timeout;
    }

    /** The violations of {@code cpu} under {@code accelerator} (KVM or TCG), each at its field. */
    List<Violation> check(Cpu cpu, Accelerator accelerator) {
        Path dir = null;
        Process process = null;
        try {
            dir = Files.createTempDirectory("jqemu-cpu-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path socket = dir.resolve("qmp.sock");
            Path log = dir.resolve("qemu.log");
            process = new ProcessBuilder(qemuBinary, "-machine", "none", "-accel",
                    accelerator.name().toLowerCase(Locale.ROOT), "-nodefaults", "-no-user-config", "-display", "none",
                    "-S", "-chardev", KeyValueOptions.leading("socket").add("id", "qmp").add("path", socket.toString())
                            .onOff("server", true).onOff("wait", false).render(),
                    "-mon", "chardev=qmp,mode=control")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!awaitSocket(socket, process)) {
                return List.of(new Violation("cpu.model", "cannot ask " + qemuBinary + " about its CPU models under "
                        + accelerator.name().toLowerCase(Locale.ROOT) + ": " + output(log, process)));
            }
            try (QmpClient qmp = QmpClient.builder().unixSocket(socket).connectTimeout(timeout).connect()) {
                List<Violation> found = ask(qmp, cpu, accelerator);
                qmp.send(new Quit());
                return found;
            }
        } catch (IOException | QmpException e) {
            return List.of(new Violation("cpu.model", "cannot ask " + qemuBinary + " about its CPU models: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(new Violation("cpu.model", "interrupted while asking " + qemuBinary + " about its CPU models"));
        } finally {
            end(process);
            removeQuietly(dir);
        }
    }

    private List<Violation> ask(QmpClient qmp, Cpu cpu, Accelerator accelerator) {
        String accel = accelerator.name().toLowerCase(Locale.ROOT);
        List<Violation> out = new ArrayList<>();
        List<CpuDefinition> models = qmp.send(new QueryCpuDefinitions());
        Optional<CpuDefinition> model = models.stream().filter(d -> d.name().equals(cpu.model())).findFirst();
        if (model.isEmpty()) {
            out.add(new Violation("cpu.model", "'" + cpu.model() + "' is not a CPU model of " + qemuBinary
                    + similar(models, cpu.model())));
            return out;
        }
        List<String> turnedOff = cpu.parsedFlags().stream().filter(f -> !f.enabled()).map(CpuFlag::canonicalName).toList();
        List<String> unavailable = model.get().unavailableFeatures().stream()
                .filter(f -> !turnedOff.contains(f.replace('_', '-').replace('.', '-'))).toList();
        if (unavailable.equals(List.of("kvm"))) {
            out.add(new Violation("cpu.model", "'" + cpu.model() + "' needs KVM, and this VM would run under " + accel));
        } else if (!unavailable.isEmpty()) {
            out.add(new Violation("cpu.model", "'" + cpu.model() + "' needs what " + accel + " cannot give on this host: "
                    + String.join(", ", unavailable) + " (turn those off with -name in cpu.flags, or choose another"
                    + " model)"));
        }
        if (model.get().deprecated()) {
            LOG.warn("CPU model {} is deprecated in {}", cpu.model(), qemuBinary);
        }
        List<CpuFlag> flags = cpu.parsedFlags();
        for (int i = 0; i < flags.size(); i++) {
            ObjectNode props = JsonNodeFactory.instance.objectNode().put(flags.get(i).name(), flags.get(i).enabled());
            int index = i;
            unknownProperty(qmp, cpu.model(), props).ifPresent(problem -> out.add(new Violation("cpu.flags[" + index + "]",
                    "QEMU does not know the CPU feature '" + flags.get(index).name() + "' (" + problem + ")")));
        }
        cpu.hyperv().ifPresent(hyperv -> {
            for (HyperV.Enlightenment e : hyperv.enlightenments()) {
                ObjectNode props = JsonNodeFactory.instance.objectNode();
                if (e == HyperV.Enlightenment.SPINLOCKS) {
                    props.put(e.qemuName(), hyperv.spinlockRetries());
                } else {
                    props.put(e.qemuName(), true);
                }
                unknownProperty(qmp, cpu.model(), props).ifPresent(problem -> out.add(new Violation("cpu.hyperv",
                        "QEMU does not know the enlightenment " + e.qemuName() + " (" + problem + ")")));
            }
            if (accelerator == Accelerator.TCG) {
                hyperv.problemUnderTcg().ifPresent(problem -> out.add(new Violation("cpu.hyperv", problem)));
            }
        });
        return out;
    }

    /** QEMU's refusal of {@code props} on {@code model}, if it refuses them. */
    private static Optional<String> unknownProperty(QmpClient qmp, String model, ObjectNode props) {
        try {
            qmp.send(new QueryCpuModelExpansion("full", model, props));
            return Optional.empty();
        } catch (io.jqemu.qmp.QmpErrorException e) {
            return Optional.of(e.description());
        }
    }

    private static String similar(List<CpuDefinition> models, String asked) {
        String family = asked.toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        List<String> close = models.stream().map(CpuDefinition::name)
                .filter(n -> !family.isEmpty() && n.toLowerCase(Locale.ROOT).split("[-_]", 2)[0].equals(family))
                .filter(n -> !n.matches(".*-v[0-9]+"))
                .sorted().limit(6).toList();
        return close.isEmpty() ? " (query-cpu-definitions lists " + models.size() + " models; `"
                + "qemu-system-x86_64 -cpu help` shows them)" : " (did you mean " + String.join(", ", close) + "?)";
    }

    private boolean awaitSocket(Path socket, Process process) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(socket)) {
                return true;
            }
            if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return false;
    }

    private static String output(Path log, Process process) {
        try {
            process.waitFor(1, TimeUnit.SECONDS);
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "QEMU exited with " + (process.isAlive() ? "no answer" : process.exitValue()) : text;
        } catch (IOException e) {
            return "its output is unreadable (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void end(Process process) {
        if (process == null) {
            return;
        }
        try {
            if (!process.waitFor(QUIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(QUIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", dir, e.toString());
        }
    }
}
