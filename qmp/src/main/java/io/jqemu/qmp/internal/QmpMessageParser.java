package io.jqemu.qmp.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QemuVersion;
import io.jqemu.qmp.QmpEvent;
import io.jqemu.qmp.QmpGreeting;
import io.jqemu.qmp.QmpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses one JSON frame into a {@link QmpMessage}; everything malformed is a {@link QmpProtocolException}. */
final class QmpMessageParser {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private QmpMessageParser() {
    }

    static QmpMessage parse(ByteBuf frame) {
        JsonNode node;
        try {
            node = MAPPER.readTree(ByteBufUtil.getBytes(frame, frame.readerIndex(), frame.readableBytes(), false));
        } catch (JacksonException e) {
            throw new QmpProtocolException("malformed JSON from peer: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new QmpProtocolException("unreadable message from peer", e);
        }
        if (node == null || !node.isObject()) {
            throw new QmpProtocolException("peer sent a JSON value that is not an object");
        }
        return classify((ObjectNode) node);
    }

    static QmpMessage classify(ObjectNode node) {
        if (node.has("return")) {
            return new QmpMessage.Return(replyId(node), node.get("return"));
        }
        if (node.has("error")) {
            JsonNode e = node.get("error");
            return new QmpMessage.Error(replyId(node), e.path("class").asText("GenericError"),
                    e.path("desc").asText(e.toString()));
        }
        if (node.has("event")) {
            return new QmpMessage.Event(event(node));
        }
        if (node.has("QMP")) {
            return new QmpMessage.Greeting(greeting(node.get("QMP")));
        }
        throw new QmpProtocolException("peer sent an object that is neither reply, event nor greeting: " + abbreviate(node));
    }

    /**
     * The id of a reply. Requests carry integer ids and QEMU echoes them unchanged, so anything but
     * a JSON integer ({@code 0.7}, {@code "0"}, {@code 1e0}, {@code null}) is a protocol violation,
     * never a near match for a request.
     */
    private static Optional<JsonNode> replyId(ObjectNode node) {
        JsonNode id = node.get("id");
        if (id != null && !id.isIntegralNumber()) {
            throw new QmpProtocolException("reply id " + id + " is not an integer (requests carry integer ids, which"
                    + " the peer must echo unchanged): " + abbreviate(node));
        }
        return Optional.ofNullable(id);
    }

    private static QmpEvent event(ObjectNode node) {
        JsonNode name = node.get("event");
        if (!name.isTextual()) {
            throw new QmpProtocolException("event name is not a string: " + abbreviate(node));
        }
        JsonNode data = node.get("data");
        ObjectNode dataObject = data instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        JsonNode ts = node.path("timestamp");
        Instant at = ts.isObject()
                ? Instant.ofEpochSecond(ts.path("seconds").asLong(), ts.path("microseconds").asLong() * 1000)
                : Instant.now();
        return new QmpEvent(name.asText(), dataObject, at);
    }

    private static QmpGreeting greeting(JsonNode qmp) {
        JsonNode caps = qmp.get("capabilities");
        if (caps == null || !caps.isArray()) {
            throw new QmpProtocolException("QMP greeting has no capabilities array: " + abbreviate(qmp));
        }
        JsonNode v = qmp.path("version");
        JsonNode q = v.path("qemu");
        if (!q.path("major").isInt()) {
            throw new QmpProtocolException("QMP greeting has no version.qemu.major: " + abbreviate(qmp));
        }
        List<String> capabilities = new ArrayList<>();
        caps.forEach(c -> capabilities.add(c.asText()));
        return new QmpGreeting(new QemuVersion(q.path("major").asInt(), q.path("minor").asInt(), q.path("micro").asInt(),
                v.path("package").asText("").trim()), capabilities);
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
