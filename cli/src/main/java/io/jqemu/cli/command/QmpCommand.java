package io.jqemu.cli.command;

import io.jqemu.cli.vm.VmChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code jqemu qmp NAME COMMAND [JSON]}: one raw QMP command. */
@Command(name = "qmp", mixinStandardHelpOptions = true,
        description = {"Send one QMP command to a running VM and print QEMU's answer as JSON.",
                "Example: jqemu qmp demo query-status     jqemu qmp demo human-monitor-command "
                + "'{\"command-line\":\"info pci\"}'"})
public final class QmpCommand extends VmCommand implements Callable<Integer> {


    @Parameters(index = "1", paramLabel = "COMMAND", description = "The QMP command, e.g. query-status.")
    String command;

    @Parameters(index = "2", paramLabel = "JSON", arity = "0..1", description = "The arguments, a JSON object.")
    String arguments;

    @Override
    public Integer call() throws Exception {
        var request = VmChannel.request("qmp").put("command", command);
        sendWithArguments(request, arguments);
        return 0;
    }
}
