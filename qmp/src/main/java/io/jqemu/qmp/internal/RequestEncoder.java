package io.jqemu.qmp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Encodes {@code {"execute": name, "arguments": {...}, "id": n}}. The frame around the arguments is
 * written by hand (a plain command name needs no escaping), so commands without arguments, the
 * common queries, cost no trip through Jackson; the arguments themselves are always written by Jackson.
 */
final class RequestEncoder {
    private RequestEncoder() {
    }

    static byte[] encode(String command, Optional<ObjectNode> arguments, long id) {
        if (!isPlainName(command)) {
            ObjectNode request = QmpMessageParser.MAPPER.createObjectNode().put("execute", command);
            arguments.ifPresent(a -> request.set("arguments", a));
            request.put("id", id);
            return write(command, request);
        }
        StringBuilder head = new StringBuilder(48 + command.length()).append("{\"execute\":\"").append(command).append('"');
        if (arguments.isEmpty()) {
            return head.append(",\"id\":").append(id).append('}').toString().getBytes(StandardCharsets.US_ASCII);
        }
        byte[] prefix = head.append(",\"arguments\":").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] args = write(command, arguments.get());
        byte[] suffix = (",\"id\":" + id + "}").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + args.length + suffix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(args, 0, out, prefix.length, args.length);
        System.arraycopy(suffix, 0, out, prefix.length + args.length, suffix.length);
        return out;
    }

    /** QMP and guest-agent command names: letters, digits, '-' and '_' (nothing JSON must escape). */
    static boolean isPlainName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] write(String command, ObjectNode node) {
        try {
            return QmpMessageParser.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new QmpException("cannot encode QMP command '" + command + "'", e);
        }
    }
}
