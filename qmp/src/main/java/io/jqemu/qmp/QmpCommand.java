package io.jqemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A typed QMP command: its name, its arguments and how to read its {@code return} value. The
 * records in {@code io.jqemu.qmp.command} implement it; implement it yourself for other commands or
 * use {@link QmpClient#execute(String, ObjectNode)}.
 *
 * @param <R> the type of the decoded reply ({@link Void} for commands that return nothing)
 */
public interface QmpCommand<R> {
    /** {@return the QMP command name, e.g. {@code query-status}} */
    String name();

    /** {@return the {@code arguments} object, or empty when the command takes none} */
    Optional<ObjectNode> arguments();

    /**
     * Decodes the {@code return} member of a successful reply.
     *
     * @param returned the {@code return} member
     * @return the typed reply
     */
    R decode(JsonNode returned);

    /** {@return which default timeout applies (see {@link QmpClient.Builder#quickTimeout})} */
    default QmpTimeoutClass timeoutClass() {
        return QmpTimeoutClass.of(name());
    }

    /**
     * A file descriptor to send with SCM_RIGHTS in the same {@code sendmsg} as this command
     * ({@code getfd}, {@code add-fd}). The caller keeps ownership: QEMU receives its own duplicate.
     *
     * @return the descriptor number, or empty for ordinary commands
     */
    default OptionalInt fileDescriptor() {
        return OptionalInt.empty();
    }

    /**
     * A command given by name, with untyped arguments and reply (what {@link QmpClient#execute} sends).
     * Its timeout class comes from {@link QmpTimeoutClass#of}.
     *
     * @param name the command name
     * @param arguments the arguments object (an empty object sends no {@code arguments} member)
     * @return the command; its reply is the {@code return} member as JSON
     */
    static QmpCommand<JsonNode> raw(String name, ObjectNode arguments) {
        return new RawCommand(name, arguments);
    }
}
