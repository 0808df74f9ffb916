package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.cli.MemorySize;
import io.jqemu.cli.vm.VmChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code jqemu balloon NAME SIZE}: resize the guest's memory through the balloon. */
@Command(name = "balloon", mixinStandardHelpOptions = true,
        description = {"Set the guest's memory through its virtio balloon and wait until the guest got there.",
                "The VM needs a [balloon] table; SIZE is MiB, or a number with K, M, G or T (e.g. 512M, 1G)."})
public final class BalloonCommand extends VmCommand implements Callable<Integer> {

    @Parameters(index = "1", paramLabel = "SIZE", converter = MemorySize.class,
            description = "The guest memory to reach: MiB, or with a K/M/G/T suffix.")
    long mib;

    @Override
    public Integer call() {
        JsonNode result = send(VmChannel.request("balloon").put("mib", mib));
        say(name + ": guest memory now " + result.path("actual_mib").asLong() + " MiB");
        return 0;
    }
}
