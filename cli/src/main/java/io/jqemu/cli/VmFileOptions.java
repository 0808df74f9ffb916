package io.jqemu.cli;

import io.jqemu.cli.config.LoadedVm;
import io.jqemu.cli.config.Variables;
import io.jqemu.cli.config.VmToml;
import io.jqemu.core.model.Machine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The vm.toml argument of run, argv and check, with {@code --var} values for its {@code ${NAME}} references. */
public final class VmFileOptions {

    @Parameters(index = "0", paramLabel = "VM.toml", description = "The VM's vm.toml (docs/vm-toml.md).")
    Path file;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "A value for $${NAME} in vm.toml strings, taking precedence over the environment.")
    Map<String, String> variables = new LinkedHashMap<>();

    /** The vm.toml as given. */
    public Path file() {
        return file;
    }

    /**
     * The machine the file describes.
     *
     * @throws io.jqemu.cli.config.InvalidConfigException with every problem, positioned
     */
    public Machine machine() {
        return load().machine();
    }

    /**
     * The machine the file describes, with the positions of its fields.
     *
     * @throws io.jqemu.cli.config.InvalidConfigException with every problem, positioned
     */
    public LoadedVm load() {
        if (variables.isEmpty()) {
            return VmToml.load(file, Variables.environment());
        }
        Map<String, String> all = new HashMap<>(System.getenv());
        all.putAll(variables);
        return VmToml.load(file, Variables.of(all));
    }
}
