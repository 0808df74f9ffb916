package io.jqemu.cli.command;

import io.jqemu.cli.vm.VmChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jqemu ga NAME COMMAND [JSON]}: one guest-agent command. */
@Command(name = "ga", mixinStandardHelpOptions = true,
        description = {"Send one command to the guest agent (qemu-ga) inside a running VM and print its answer as JSON.",
                "The VM needs a guest-agent channel and qemu-ga running in the guest. COMMAND is a guest-agent command"
                + " (guest-ping, guest-get-time ...) or one of: ping, info, osinfo, interfaces, fsfreeze, thaw,"
                + " fsfreeze-status, shutdown.",
                "shutdown powers the guest off (JSON {\"mode\":\"reboot\"} or {\"mode\":\"halt\"} for the others);"
                + " the agent answers it only with an error, so success prints {}.",
                "Example: jqemu ga demo ping     jqemu ga demo interfaces     jqemu ga demo guest-get-time"})
public final class GaCommand extends VmCommand implements Callable<Integer> {

    /** The friendly names and the guest-agent commands they stand for. */
    static final Map<String, String> ALIASES = Map.of(
            "ping", "guest-ping",
            "info", "guest-info",
            "osinfo", "guest-get-osinfo",
            "interfaces", "guest-network-get-interfaces",
            "fsfreeze", "guest-fsfreeze-freeze",
            "thaw", "guest-fsfreeze-thaw",
            "fsfreeze-status", "guest-fsfreeze-status",
            "shutdown", "guest-shutdown");


    @Parameters(index = "1", paramLabel = "COMMAND",
            description = "A guest-agent command (guest-ping ...) or ping, info, osinfo, interfaces, fsfreeze, thaw,"
                    + " fsfreeze-status, shutdown.")
    String command;

    @Parameters(index = "2", paramLabel = "JSON", arity = "0..1", description = "The arguments, a JSON object.")
    String arguments;

    @Override
    public Integer call() throws Exception {
        var request = VmChannel.request("ga").put("command", ALIASES.getOrDefault(command, command));
        sendWithArguments(request, arguments);
        return 0;
    }
}
