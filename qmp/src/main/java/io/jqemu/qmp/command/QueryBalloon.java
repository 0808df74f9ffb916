package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/**
 * {@code query-balloon}: the guest's current memory size as the balloon sees it (fails without a balloon device).
 *
 */
public record QueryBalloon() implements QmpCommand<BalloonInfo> {
    @Override
    public String name() {
        return "query-balloon";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.empty();
    }

    @Override
    public BalloonInfo decode(JsonNode returned) {
        return new BalloonInfo(CommandJson.number(returned, "actual"));
    }
}
