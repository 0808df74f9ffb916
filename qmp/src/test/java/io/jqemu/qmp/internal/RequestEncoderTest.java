package io.jqemu.qmp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The hand-written request frame is valid JSON carrying exactly the command, arguments and id. */
class RequestEncoderTest {

    @Property(tries = 300)
    void anyCommandNameAndArgumentRoundTrips(@ForAll String name, @ForAll String value, @ForAll long id) throws Exception {
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("k", value);
        for (Optional<ObjectNode> a : java.util.List.of(Optional.<ObjectNode>empty(), Optional.of(args))) {
            JsonNode parsed = QmpMessageParser.MAPPER.readTree(RequestEncoder.encode(name, a, id));
            assertThat(parsed.path("execute").asText()).isEqualTo(name);
            assertThat(parsed.path("id").asLong()).isEqualTo(id);
            assertThat(parsed.has("arguments")).isEqualTo(a.isPresent());
            a.ifPresent(x -> assertThat(parsed.get("arguments")).isEqualTo(x));
        }
    }

    @Test
    void plainNamesSkipJacksonOthersDoNot() {
        assertThat(RequestEncoder.isPlainName("query-status")).isTrue();
        assertThat(RequestEncoder.isPlainName("device_add")).isTrue();
        assertThat(RequestEncoder.isPlainName("x\"y")).isFalse();
        assertThat(RequestEncoder.isPlainName("")).isFalse();
        assertThat(new String(RequestEncoder.encode("query-status", Optional.empty(), 7)))
                .isEqualTo("{\"execute\":\"query-status\",\"id\":7}");
    }

    @Test
    void headAndIdMakeTheSameBytesAsOneStep() {
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("id", "disk0");
        for (String name : java.util.List.of("device_del", "odd\"name")) {
            for (Optional<ObjectNode> a : java.util.List.of(Optional.<ObjectNode>empty(), Optional.of(args))) {
                assertThat(RequestEncoder.withId(RequestEncoder.head(name, a), 3))
                        .isEqualTo(RequestEncoder.encode(name, a, 3));
            }
        }
        assertThat(new String(RequestEncoder.withId(RequestEncoder.head("device_del", Optional.of(args)), 0)))
                .isEqualTo("{\"execute\":\"device_del\",\"arguments\":{\"id\":\"disk0\"},\"id\":0}");
    }
}
