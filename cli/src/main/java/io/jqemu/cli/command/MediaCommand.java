package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.vm.VmChannel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jqemu media NAME ID [status|eject|insert PATH|change PATH]}: the medium of a running VM's CD-ROM drive. */
@Command(name = "media", mixinStandardHelpOptions = true,
        description = {"Show, eject, insert or change the medium of a running VM's CD-ROM drive ([[cdroms]], ids "
                + "cd<n> by position unless vm.toml gives one).",
                "eject opens the tray and takes the medium out (the tray stays open); insert puts an ISO image into "
                + "an empty drive and closes the tray; change does both. A guest that has the medium mounted keeps "
                + "the tray locked: jqemu asks it to open the tray, waits a few seconds and reports the lock; "
                + "--force opens it anyway (the guest loses the medium under its feet)."})
public final class MediaCommand extends VmCommand implements Callable<Integer> {

    @Parameters(index = "1", paramLabel = "ID", description = "The CD-ROM drive's id, e.g. cd0.")
    String id;

    @Parameters(index = "2", arity = "0..1", paramLabel = "ACTION", defaultValue = "status",
            description = "status (default), eject, insert or change.")
    String action;

    @Parameters(index = "3", arity = "0..1", paramLabel = "PATH", description = "The ISO image (insert, change).")
    String path;

    @Option(names = "--force", description = "Open the tray even when the guest has locked it (eject, change).")
    boolean force;

    @Override
    public Integer call() {
        boolean takesPath = action.equals("insert") || action.equals("change");
        if (!takesPath && !action.equals("eject") && !action.equals("status")) {
            throw new CommandFailedException(ExitCode.USAGE, "ACTION: '" + action
                    + "' is not one of status, eject, insert, change");
        }
        if (takesPath != (path != null)) {
            throw new CommandFailedException(ExitCode.USAGE, takesPath ? "PATH: " + action + " needs the ISO image"
                    : "PATH: " + action + " takes no path");
        }
        ObjectNode request = VmChannel.request("media").put("id", id).put("action", action).put("force", force);
        if (path != null) {
            request.put("path", Path.of(path).toAbsolutePath().normalize().toString());
        }
        JsonNode drive = send(request);
        say(name + ": " + id + ": " + (drive.path("medium").isTextual() ? drive.path("medium").asText() : "no medium")
                + ", tray " + (drive.path("tray_open").asBoolean() ? "open" : "closed")
                + (drive.path("locked").asBoolean() ? ", locked by the guest" : ""));
        return 0;
    }
}
