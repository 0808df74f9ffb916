package io.jqemu.qmp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpProtocolException;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The decoder against arbitrary bytes and arbitrary splits of valid QMP traffic. */
class FrameDecoderPropertyTest {
    private static final int MAX_FRAME = 64 * 1024;

    @Property(tries = 300)
    void validTrafficDecodesIdenticallyHoweverSplit(@ForAll("messages") List<ObjectNode> messages,
                                                    @ForAll("whitespace") String separator,
                                                    @ForAll @Size(max = 20) List<Integer> cutPoints) {
        StringBuilder text = new StringBuilder();
        for (ObjectNode m : messages) {
            text.append(m.toString()).append(separator);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        List<QmpMessage> whole = decode(List.of(bytes));
        List<QmpMessage> split = decode(split(bytes, cutPoints));
        assertThat(whole).hasSize(messages.size());
        assertThat(split).isEqualTo(whole);
        for (int i = 0; i < messages.size(); i++) {
            assertThat(((QmpMessage.Return) whole.get(i)).value()).isEqualTo(messages.get(i).get("return"));
        }
    }

    @Property(tries = 500)
    void arbitraryBytesYieldMessagesOrOneProtocolError(@ForAll @Size(max = 12) List<@Size(max = 64) byte[]> chunks) {
        EmbeddedChannel ch = new EmbeddedChannel(new QmpFrameDecoder(256));
        try {
            for (byte[] chunk : chunks) {
                try {
                    ch.writeInbound(Unpooled.wrappedBuffer(chunk));
                } catch (DecoderException e) {
                    assertThat(e.getCause()).isInstanceOf(QmpProtocolException.class);
                } catch (QmpProtocolException expected) {
                    // raised directly
                }
            }
            Object m;
            while ((m = ch.readInbound()) != null) {
                assertThat(m).isInstanceOf(QmpMessage.class);
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Property(tries = 200)
    void anyFrameOverTheLimitIsAProtocolErrorWhateverTheSplit(@ForAll @Size(max = 10) List<Integer> cutPoints) {
        String big = "{\"return\": \"" + "y".repeat(2000) + "\", \"id\": 1}";
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        EmbeddedChannel ch = new EmbeddedChannel(new QmpFrameDecoder(1024));
        boolean failed = false;
        for (byte[] chunk : split(bytes, cutPoints)) {
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            } catch (DecoderException e) {
                assertThat(e.getCause()).isInstanceOf(QmpProtocolException.class).hasMessageContaining("1024");
                failed = true;
            }
        }
        assertThat(failed).isTrue();
        Object leftover = ch.readInbound();
        assertThat(leftover).isNull();
        ch.finishAndReleaseAll();
    }

    private static List<QmpMessage> decode(List<byte[]> chunks) {
        EmbeddedChannel ch = new EmbeddedChannel(new QmpFrameDecoder(MAX_FRAME));
        for (byte[] c : chunks) {
            ch.writeInbound(Unpooled.wrappedBuffer(c));
        }
        List<QmpMessage> out = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) {
            out.add((QmpMessage) m);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    private static List<byte[]> split(byte[] bytes, List<Integer> cutPoints) {
        List<Integer> cuts = new ArrayList<>();
        for (Integer c : cutPoints) {
            cuts.add(Math.floorMod(c, bytes.length + 1));
        }
        cuts.add(0);
        cuts.add(bytes.length);
        cuts.sort(Integer::compare);
        List<byte[]> out = new ArrayList<>();
        for (int i = 1; i < cuts.size(); i++) {
            out.add(java.util.Arrays.copyOfRange(bytes, cuts.get(i - 1), cuts.get(i)));
        }
        return out;
    }

    @Provide
    Arbitrary<String> whitespace() {
        return Arbitraries.of("", "\n", "\r\n", " ", "\t \n");
    }

    @Provide
    Arbitrary<List<ObjectNode>> messages() {
        Arbitrary<String> text = Arbitraries.strings().withChars("{}[]\"\\/:,x é\u2028\u0001\u00ff").ofMaxLength(30);
        Arbitrary<ObjectNode> reply = Combinators.combine(text, text, Arbitraries.longs().between(0, 1_000_000))
                .as((k, v, id) -> {
                    ObjectNode ret = JsonNodeFactory.instance.objectNode();
                    ret.put(k, v);
                    ret.putArray("list").add(v).addObject().put("nested", k);
                    ObjectNode msg = JsonNodeFactory.instance.objectNode();
                    msg.set("return", ret);
                    msg.put("id", id);
                    return msg;
                });
        return reply.list().ofMaxSize(8);
    }
}
