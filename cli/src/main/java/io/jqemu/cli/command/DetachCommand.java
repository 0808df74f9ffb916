package io.jqemu.cli.command;

import io.jqemu.cli.vm.VmChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code jqemu detach NAME ID}: hot-unplug a device attached with {@code jqemu attach}. */
@Command(name = "detach", mixinStandardHelpOptions = true,
        description = {"Hot-unplug a device that jqemu attach added, and wait until the guest has let go of it "
                + "(an unplug the guest refuses or never completes is reported, not waited for forever)."})
public final class DetachCommand extends VmCommand implements Callable<Integer> {

    @Parameters(index = "1", paramLabel = "ID", description = "The device id attach printed.")
    String id;

    @Override
    public Integer call() {
        send(VmChannel.request("detach").put("id", id));
        say(name + ": " + id + " detached");
        return 0;
    }
}
