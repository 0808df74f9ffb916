package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.LogbackSetup;
import io.jqemu.cli.vm.Interrupts;
import io.jqemu.cli.vm.ManagedVm;
import io.jqemu.cli.vm.VmChannel;
import org.slf4j.MDC;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code jqemu events NAME}: the VM's state changes and QMP events, one line each, until interrupted or the VM ends. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Stream a running VM's state changes and QMP events, one line each (--json: one JSON object "
                + "per line), until Ctrl-C/SIGTERM (exit 0) or the VM ends.",
                "The events come from the VM's jqemu run (through its control socket), which keeps QEMU's monitor: "
                + "watching changes nothing. Without a jqemu run there is nothing to stream from (exit 1).",
                "Exit codes: 0 interrupted, or the VM stopped; 6 the VM crashed; 1 no jqemu run controls the VM, "
                + "or it went away while the VM kept running."})
public final class EventsCommand extends VmCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "One JSON object per line: time, vm, type (state, qmp, end), "
            + "from/state or name/data.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        MDC.put(LogbackSetup.VM_KEY, name);
        ManagedVm vm = ManagedVm.find(global.layout(), name);
        if (!vm.runAttached()) {
            throw new CommandFailedException(ExitCode.FAILED, name + ": no jqemu run controls this VM, so there are "
                    + "no events to stream (jqemu run VM.toml re-attaches to it)");
        }
        PrintWriter out = spec.commandLine().getOut();
        AtomicBoolean interrupted = new AtomicBoolean();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Interrupts interrupts = Interrupts.install(n -> {
                 interrupted.set(true);
                 closeQuietly(channel);
             })) {
            channel.connect(UnixDomainSocketAddress.of(vm.controlSocket()));
            Channels.newOutputStream(channel).write((JSON.writeValueAsString(VmChannel.request("events")) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            return relay(in, out, interrupted);
        } catch (IOException e) {
            if (interrupted.get()) {
                return ExitCode.OK.code();
            }
            throw new CommandFailedException(ExitCode.FAILED, name + ": lost the VM's jqemu run: " + e.getMessage(), e);
        }
    }

    private int relay(BufferedReader in, PrintWriter out, AtomicBoolean interrupted) throws IOException {
        while (true) {
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                if (interrupted.get()) {
                    return ExitCode.OK.code();
                }
                throw e;
            }
            if (line == null) {
                if (interrupted.get()) {
                    return ExitCode.OK.code();
                }
                throw new CommandFailedException(ExitCode.FAILED, name + ": its jqemu run went away; the VM may still "
                        + "be running (jqemu ls)");
            }
            JsonNode node = JSON.readTree(line);
            if (!node.has("event")) {
                throw new CommandFailedException(ExitCode.FAILED, name + ": " + node.path("error").asText(line));
            }
            JsonNode event = node.get("event");
            out.println(json ? JSON.writeValueAsString(event) : text(event));
            out.flush();
            if ("end".equals(event.path("type").asText())) {
                return "crashed".equals(event.path("state").asText()) ? ExitCode.CRASHED.code() : ExitCode.OK.code();
            }
        }
    }

    /** {@code TIME VM state FROM -> TO}, {@code TIME VM event NAME DATA} or {@code TIME VM ended: STATE}. */
    private static String text(JsonNode event) {
        String head = event.path("time").asText() + " " + event.path("vm").asText() + " ";
        return switch (event.path("type").asText()) {
            case "qmp" -> head + "event " + event.path("name").asText()
                    + (event.path("data").isEmpty() ? "" : " " + event.path("data"));
            case "end" -> head + "ended: " + event.path("state").asText();
            default -> head + "state " + (event.has("from") ? event.path("from").asText() + " -> " : "")
                    + event.path("state").asText();
        };
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the stream ends either way
        }
    }
}
