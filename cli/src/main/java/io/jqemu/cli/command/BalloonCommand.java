package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.cli.GlobalOptions;
import io.jqemu.cli.MemorySize;
import io.jqemu.cli.vm.VmChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code jqemu balloon NAME SIZE}: resize the guest's memory through the balloon. */
@Command(name = "balloon", mixinStandardHelpOptions = true,
        description = {"Set the guest's memory through its virtio balloon and wait until the guest got there.",
                "The VM needs a [balloon] table; SIZE is MiB, or a number with K, M, G or T (e.g. 512M, 1G)."})
public final class BalloonCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "NAME", description = "The VM's name.")
    String name;

    @Parameters(index = "1", paramLabel = "SIZE", converter = MemorySize.class,
            description = "The guest memory to reach: MiB, or with a K/M/G/T suffix.")
    long mib;

    @Override
    public Integer call() {
        JsonNode result = new VmChannel(global.layout()).send(name, VmChannel.request("balloon").put("mib", mib));
        spec.commandLine().getOut().println(name + ": guest memory now " + result.path("actual_mib").asLong() + " MiB");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
