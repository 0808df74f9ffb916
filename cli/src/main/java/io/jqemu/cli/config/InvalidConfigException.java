package io.jqemu.cli.config;

import io.jqemu.core.JqemuException;

import java.util.List;
import java.util.stream.Collectors;

/** A vm.toml that cannot become a machine; carries every problem found, each with its position. */
public final class InvalidConfigException extends JqemuException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;
    private final String file;

    /** The problems of {@code file}; at least one. */
    public InvalidConfigException(String file, List<ConfigProblem> problems) {
        super(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "\n"
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
        this.file = file;
    }

    /** The file as the user named it. */
    public String file() {
        return file;
    }

    /** Every problem, in file order of discovery. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
