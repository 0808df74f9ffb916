package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.cli.vm.VmChannel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jqemu save-state NAME FILE}: save a running VM's whole state (RAM and devices) into a new file. */
@Command(name = "save-state", mixinStandardHelpOptions = true,
        description = {"Save a running VM's whole state (RAM and devices) into FILE, a new file (mode 0600); the guest "
                + "is paused meanwhile, then QEMU stops (--then stop, the default), the guest stays paused (pause) or "
                + "runs on (continue).",
                "jqemu run VM.toml --restore FILE continues the guest later, in the same machine; its disks must "
                + "not be written until then (a restore refuses images changed since the save)."})
public final class SaveStateCommand extends VmCommand implements Callable<Integer> {

    @Parameters(index = "1", paramLabel = "FILE", description = "The state file to create.")
    Path file;

    @Option(names = "--then", paramLabel = "WHAT", defaultValue = "stop",
            description = "stop (default), pause or continue.")
    String then;

    @Override
    public Integer call() {
        String after = then.toLowerCase(Locale.ROOT);
        if (!after.equals("stop") && !after.equals("pause") && !after.equals("continue")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--then: '" + then + "' is not one of 'stop', 'pause', 'continue'");
        }
        Path target = file.toAbsolutePath();
        JsonNode result = send(VmChannel.request("save-state").put("file", target.toString()).put("then", after));
        say(name + ": state saved to " + target + " (" + result.path("bytes").asLong() + " bytes, "
                + result.path("took_ms").asLong() + " ms); " + switch (after) {
                    case "stop" -> "QEMU stopped";
                    case "pause" -> "the guest is paused";
                    default -> "the guest runs on";
                });
        return 0;
    }
}
