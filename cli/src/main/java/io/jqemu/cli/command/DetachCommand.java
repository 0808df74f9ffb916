package io.jqemu.cli.command;

import io.jqemu.cli.GlobalOptions;
import io.jqemu.cli.vm.VmChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code jqemu detach NAME ID}: hot-unplug a device attached with {@code jqemu attach}. */
@Command(name = "detach", mixinStandardHelpOptions = true,
        description = {"Hot-unplug a device that jqemu attach added, and wait until the guest has let go of it "
                + "(an unplug the guest refuses or never completes is reported, not waited for forever)."})
public final class DetachCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "NAME", description = "The VM's name.")
    String name;

    @Parameters(index = "1", paramLabel = "ID", description = "The device id attach printed.")
    String id;

    @Override
    public Integer call() {
        new VmChannel(global.layout()).send(name, VmChannel.request("detach").put("id", id));
        spec.commandLine().getOut().println(name + ": " + id + " detached");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
