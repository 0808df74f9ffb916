package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.GlobalOptions;
import io.jqemu.cli.LogbackSetup;
import io.jqemu.cli.vm.VmChannel;
import org.slf4j.MDC;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What every command acting on a running VM by name shares: the name, the state root, one request, one line of output. */
abstract class VmCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    String name;

    @Parameters(index = "0", paramLabel = "NAME", description = "The VM's name (jqemu ls lists them).")
    void name(String value) {
        name = VmNames.checked(spec, value);
    }

    /** Sends {@code request} to the VM (through its jqemu run, or by re-attaching) and returns the result. */
    JsonNode send(ObjectNode request) {
        return send(request, line -> { });
    }

    /** {@link #send(ObjectNode)}, handing the progress lines that come before the answer to {@code progress}. */
    JsonNode send(ObjectNode request, java.util.function.Consumer<JsonNode> progress) {
        MDC.put(LogbackSetup.VM_KEY, name); // not while parsing: the MDC starts logging, which must see --log-format
        return new VmChannel(global.layout()).send(name, request, progress);
    }

    /**
     * Sends a command {@code request} with {@code arguments} (a JSON object given on the command line,
     * or null for none) and prints the result as indented JSON.
     *
     * @throws CommandFailedException (usage) when the arguments are not a JSON object
     */
    void sendWithArguments(ObjectNode request, String arguments) throws java.io.IOException {
        if (arguments != null) {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(arguments);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new CommandFailedException(ExitCode.USAGE, "JSON: not valid JSON: " + e.getOriginalMessage());
            }
            if (!parsed.isObject()) {
                throw new CommandFailedException(ExitCode.USAGE, "JSON: the arguments must be a JSON object, not "
                        + arguments);
            }
            request.set("arguments", parsed);
        }
        say(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(send(request)));
    }

    /** Prints one line on standard output. */
    void say(String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
    }
}
